from django.apps import AppConfig


class ShowsConfig(AppConfig):
    name = "shows"

    def ready(self):
        from pagecache import expiry
        from pagecache.invalidation import watch
        from pagecache.policy import SITE

        from . import facts
        from .models import Season

        watch(self.get_models(), SITE)
        facts.connect()
        # What a season page says changes by itself on a confirmed release day (the season is out)
        # and the day after a window's last (it passed): no cached page outlives either.
        expiry.register(Season.objects.next_release_change)
        expiry.register(Season.objects.next_window_close)
