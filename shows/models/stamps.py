from django.db import models


class Stamped(models.Model):
    """A record that says when it last changed, for API clients that fetch only what changed."""

    updated_at = models.DateTimeField("last changed", auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A save of a few fields is a change too: auto_now only writes the fields it is given.
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)
