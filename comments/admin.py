from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from . import conf, lifecycle
from .models import Comment, CommentFlag

MODERATE_PERMISSION = "comments.change_comment"
HISTORY_LIMIT = 20


class ReportedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "Reported by readers")]

    def queryset(self, request, queryset):
        return queryset.reported() if self.value() == "yes" else queryset


class CommentFlagInline(admin.TabularInline):
    """Readers' reports on a comment; deleting one takes it out of the count at the next report."""

    model = CommentFlag
    extra = 0
    fields = ["created_at", "reason", "reporter", "reviewed"]
    readonly_fields = ["created_at", "reason", "reporter", "reviewed"]
    verbose_name = "report from a reader"
    verbose_name_plural = "reports from readers"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    inlines = [CommentFlagInline]
    change_list_template = "admin/comments/comment/change_list.html"
    list_display = ["name", "short_body", "article_title", "status_and_reason", "flag_count", "created_at"]
    list_filter = ["status", ReportedFilter, "created_at"]
    search_fields = ["name", "email", "body", "article__title", "ip_address"]
    list_select_related = ["article"]
    readonly_fields = [
        "article_link",
        "thread",
        "commenter_history",
        "moderation_reason",
        "flag_count",
        "reviewed_at",
        "depth",
        "created_at",
        "ip_address",
    ]
    fieldsets = [
        (None, {"fields": ["status", "name", "email", "website", "body", "notify"]}),
        ("Context", {"fields": ["article_link", "article", "parent", "thread", "commenter_history"]}),
        (
            "Moderation",
            {
                "fields": [
                    "moderation_reason",
                    "flag_count",
                    "reviewed_at",
                    "depth",
                    "created_at",
                    "ip_address",
                ]
            },
        ),
    ]
    raw_id_fields = ["article", "parent"]
    actions = ["approve", "mark_spam", "trash", "hold"]

    def get_readonly_fields(self, request, obj=None):
        """A comment stays where it was posted: moving it would leave its replies' depth and
        article behind (and a comment made its own parent would loop for ever)."""
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "article", "parent"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        """Once posted, the article shows as its public link; its admin page is for editors only."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.has_perm("articles.view_article"):
            return fieldsets
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "article"]})
            for name, options in fieldsets
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(MODERATE_PERMISSION):
            for name in ("approve", "mark_spam", "trash", "hold"):
                actions.pop(name, None)
        return actions

    def changelist_view(self, request, extra_context=None):
        counts = Comment.objects.aggregate(
            pending=Count("pk", filter=Q(status=Comment.Status.PENDING)),
            spam=Count("pk", filter=Q(status=Comment.Status.SPAM)),
            reported=Count("pk", filter=Q(flag_count__gt=0)),
        )
        extra_context = {
            **(extra_context or {}),
            "title": f"Comments ({counts['pending']} pending, {counts['spam']} spam)",
            "queue_counts": counts,
            "moderation_rules": conf.rules(),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description="Status", ordering="status")
    def status_and_reason(self, comment):
        """Why the rules held it, beside the status, so the queue reads at a glance."""
        status = comment.get_status_display()
        return f"{status}: {comment.moderation_reason}" if comment.moderation_reason else status

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, comment):
        return Truncator(comment.article.title).chars(40)

    @admin.display(description="Comment")
    def short_body(self, comment):
        return comment.body if len(comment.body) <= 80 else f"{comment.body[:79]}…"

    def _moderate(self, request, queryset, status, verb):
        changed = lifecycle.moderate(queryset, status)
        self.message_user(request, f"{changed} comment(s) {verb}.")

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Move selected comments to the trash", permissions=["change"])
    def trash(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.TRASH, "moved to the trash")

    @admin.action(description="Hold selected comments for moderation", permissions=["change"])
    def hold(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.PENDING, "held for moderation")

    def save_model(self, request, obj, form, change):
        """Through the lifecycle, as the bulk actions and the public form go: a new status is a
        moderation like any other, and the rest of the change an edit."""
        if not change:
            lifecycle.post(obj, judged=True)
            return
        new_status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial["status"]
        lifecycle.edit(obj, form.changed_data)
        if obj.status != new_status:
            lifecycle.moderate(Comment.objects.filter(pk=obj.pk), new_status)
            obj.refresh_from_db()

    def delete_model(self, request, obj):
        lifecycle.delete(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        lifecycle.delete(queryset)

    @admin.display(description="Article")
    def article_link(self, comment):
        if not comment.article_id:
            return "—"
        # The public page only: moderators may not open articles in the admin.
        return format_html('<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title)

    @admin.display(description="Thread")
    def thread(self, comment):
        if not comment.pk:
            return "—"
        ancestors = list(reversed(comment.ancestors()))
        replies = list(comment.replies.order_by("created_at", "pk"))
        rows = [*(("In reply to", c) for c in ancestors), *(("Reply", c) for c in replies)]
        if not rows:
            return "A comment on the article, with no replies."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{}: <a href="{}">{}</a> ({}): {}</li>',
                (
                    (
                        label,
                        reverse("admin:comments_comment_change", args=[c.pk]),
                        c.name,
                        c.get_status_display(),
                        c.body[:120],
                    )
                    for label, c in rows
                ),
            ),
        )

    @admin.display(description="Commenter's history")
    def commenter_history(self, comment):
        if not comment.pk:
            return "—"
        others = Comment.objects.by_same_commenter(comment)
        counts = {
            row["status"]: row["n"] for row in others.order_by().values("status").annotate(n=Count("pk"))
        }
        summary = ", ".join(
            f"{counts.get(value, 0)} {label.lower()}" for value, label in Comment.Status.choices
        )
        recent = others.select_related("article").order_by("-created_at")[:HISTORY_LIMIT]
        return format_html(
            "<p>Other comments from this email: {}</p><ul>{}</ul>",
            summary,
            format_html_join(
                "",
                '<li><a href="{}">{}</a> on “{}” ({})</li>',
                (
                    (
                        reverse("admin:comments_comment_change", args=[c.pk]),
                        c.created_at.strftime("%Y-%m-%d %H:%M"),
                        c.article.title,
                        c.get_status_display(),
                    )
                    for c in recent
                ),
            ),
        )
