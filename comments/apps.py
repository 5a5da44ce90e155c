from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        from . import counts, notifications, signals

        # Every change readers can see recounts the articles it touched (edits change no count).
        for signal in signals.ALL:
            if signal is not signals.comment_edited:
                signal.connect(counts.on_comments_changed, dispatch_uid="comments.count")
        signals.comment_posted.connect(notifications.on_posted, dispatch_uid="comments.email.posted")
        signals.comment_approved.connect(notifications.on_approved, dispatch_uid="comments.email.approved")
