from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from pagecache import expiry
        from pagecache.invalidation import watch
        from pagecache.policy import SITE
        from shows.signals import season_facts_changed

        from . import freshness
        from .models import Article, ArticleFreshnessNote

        # Any article, category, tag, image or byline shows on some page: every save is seen.
        # Notes for editors show on none.
        shown = [model for model in self.get_models() if model is not ArticleFreshnessNote]
        watch([*shown, get_user_model()], SITE, ignore=_signing_in)
        expiry.register(lambda now: Article.objects.next_publication())
        season_facts_changed.connect(freshness.record_change, dispatch_uid="articles-freshness")
        # Every user gets a public name and address when made, so no page ever falls back to a login.
        post_save.connect(_give_a_profile, sender=get_user_model(), dispatch_uid="articles.author-profile")


def _give_a_profile(sender, instance, created, raw=False, **kwargs):
    from .models import AuthorProfile

    if created and not raw:
        AuthorProfile.for_user(instance)


def _signing_in(instance, update_fields):
    """Django records each sign-in on the user row; readers see none of it."""
    return update_fields is not None and set(update_fields) <= {"last_login"}
