from django.contrib import admin

from .models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "short_body", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email", "body", "article__title"]
    list_select_related = ["article"]
    readonly_fields = ["created_at", "ip_address"]
    raw_id_fields = ["article"]
    actions = ["approve", "mark_spam"]

    @admin.display(description="Comment")
    def short_body(self, comment):
        return comment.body if len(comment.body) <= 80 else f"{comment.body[:79]}…"

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        updated = queryset.update(status=Comment.Status.APPROVED)
        self.message_user(request, f"{updated} comment(s) approved.")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        updated = queryset.update(status=Comment.Status.SPAM)
        self.message_user(request, f"{updated} comment(s) marked as spam.")
