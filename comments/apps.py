from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        from pagecache.policy import per_reader_param

        from . import counts, notifications, pages, signals
        from .moderation import QUERY_PARAM
        from .reports import NOTICE_PARAM

        # Every change readers can see recounts the articles it touched (edits change no count),
        # and takes the pages that show those comments or counts out of the cache.
        for signal in signals.ALL:
            if signal is not signals.comment_edited:
                signal.connect(counts.on_comments_changed, dispatch_uid="comments.count")
            signal.connect(pages.on_comments_changed, dispatch_uid="comments.pages")
        signals.comment_posted.connect(notifications.on_posted, dispatch_uid="comments.email.posted")
        signals.comment_approved.connect(notifications.on_approved, dispatch_uid="comments.email.approved")
        signals.comment_reported.connect(notifications.on_reported, dispatch_uid="comments.email.reported")
        signals.comment_hidden.connect(notifications.on_hidden, dispatch_uid="comments.email.hidden")
        # A commenter's link to their held comment shows them their own page: never from the cache.
        per_reader_param(QUERY_PARAM)
        # So is the article page that tells a reader their report was received.
        per_reader_param(NOTICE_PARAM)
