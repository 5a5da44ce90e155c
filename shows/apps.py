from django.apps import AppConfig


class ShowsConfig(AppConfig):
    name = "shows"

    def ready(self):
        from pagecache import expiry
        from pagecache.invalidation import watch
        from pagecache.policy import SITE

        from .models import Season

        watch(self.get_models(), SITE)
        expiry.register(Season.objects.next_release_change)
