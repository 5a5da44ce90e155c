from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from django.contrib.auth import get_user_model

        from pagecache import expiry
        from pagecache.invalidation import watch
        from pagecache.policy import SITE

        from .models import Article

        # Any article, category, tag, image or byline shows on some page: every save is seen.
        watch([*self.get_models(), get_user_model()], SITE, ignore=_signing_in)
        expiry.register(lambda now: Article.objects.next_publication())


def _signing_in(instance, update_fields):
    """Django records each sign-in on the user row; readers see none of it."""
    return update_fields is not None and set(update_fields) <= {"last_login"}
