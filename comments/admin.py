from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from . import conf, lifecycle
from .models import Comment, CommentFlag

MODERATE_PERMISSION = "comments.change_comment"
HISTORY_LIMIT = 20
# The one-click moderation buttons of each row: the status each sets, and what the message says.
ROW_ACTIONS = [
    (Comment.Status.APPROVED, "Approve", "approved"),
    (Comment.Status.SPAM, "Spam", "marked as spam"),
    (Comment.Status.TRASH, "Trash", "moved to the trash"),
]
DONE = {status: verb for status, _label, verb in ROW_ACTIONS} | {
    Comment.Status.PENDING: "held for moderation"
}
# Filters and searches that choose their own comments: the queue's default steps aside for them.
CHOOSING_PARAMS = {"status__exact", "reported", "q"}


class QueueFilter(admin.SimpleListFilter):
    """The queue opens on what waits (held and reported comments); "All comments" shows the rest."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("all", "All comments")]

    def _waiting(self, params):
        return self.value() is None and not (CHOOSING_PARAMS & set(params))

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        # A bulk action posts the ids it ticked, which may have been listed under another filter;
        # "select all" means all of what the list showed, so the queue's filter holds for it.
        listing = request.method == "GET" or request.POST.get("select_across") == "1"
        self.waiting_only = listing and self._waiting(request.GET)
        return queryset.waiting() if self.waiting_only else queryset

    def choices(self, changelist):
        yield {
            "selected": getattr(self, "waiting_only", False),
            "query_string": changelist.get_query_string(remove=[self.parameter_name, *CHOOSING_PARAMS]),
            "display": "Waiting (held and reported)",
        }
        yield {
            "selected": self.value() == "all",
            "query_string": changelist.get_query_string({self.parameter_name: "all"}),
            "display": "All comments",
        }


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
    # The buttons right after the text they judge, so they are in view at 1280 px beside the filters.
    list_display = [
        "commenter",
        "short_body",
        "moderate_buttons",
        "article_title",
        "status_and_reason",
        "created_at",
    ]
    list_display_links = ["commenter"]
    list_filter = [QueueFilter, "status", ReportedFilter, "created_at"]
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

    class Media:
        js = ["js/comment-queue.js"]
        css = {"all": ["css/comment-admin.css"]}

    def get_list_display(self, request):
        """The one-click buttons only for those who may moderate (as the bulk actions)."""
        columns = super().get_list_display(request)
        if request.user.has_perm(MODERATE_PERMISSION):
            return columns
        return [column for column in columns if column != "moderate_buttons"]

    def get_readonly_fields(self, request, obj=None):
        """A comment stays where it was posted: moving it would leave its replies' depth and
        article behind (and a comment made its own parent would loop for ever)."""
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "article", "parent"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        """Once posted, the article shows once, as its public link (its admin page is for editors)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
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

    def get_queryset(self, request):
        """With each commenter's record (by email), counted in the list's one query."""

        def count(status):
            same = Comment.objects.filter(email__iexact=OuterRef("email"), status=status).order_by()
            return Subquery(same.values("status").annotate(n=Count("pk")).values("n")[:1])

        return (
            super()
            .get_queryset(request)
            .annotate(approved_before=count(Comment.Status.APPROVED), spam_before=count(Comment.Status.SPAM))
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One comment's new status from a row's button (a plain form post, or fetch from
        comment-queue.js asking for JSON): through the lifecycle, with an undo."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        return _moderate_one(request, pk)

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
            "can_moderate": request.user.has_perm(MODERATE_PERMISSION),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description="Status", ordering="status")
    def status_and_reason(self, comment):
        """Why the rules held it, beside the status, so the queue reads at a glance."""
        status = comment.get_status_display()
        status = f"{status}: {comment.moderation_reason}" if comment.moderation_reason else status
        if comment.flag_count:
            status += f" · reported {comment.flag_count}×"
        return status

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, comment):
        # The public page: moderators may not open articles in the admin.
        return format_html(
            '<a href="{}">{}</a>',
            comment.article.get_absolute_url(),
            Truncator(comment.article.title).chars(60),
        )

    @admin.display(description="Comment")
    def short_body(self, comment):
        return Truncator(comment.body).chars(400)

    @admin.display(description="Commenter", ordering="name")
    def commenter(self, comment):
        approved, spam = comment.approved_before or 0, comment.spam_before or 0
        if comment.status == Comment.Status.APPROVED:
            approved -= 1
        elif comment.status == Comment.Status.SPAM:
            spam -= 1
        record = f"{approved} approved, {spam} spam before" if approved or spam else "First comment"
        return format_html('{}<br><span class="commenter-record">{}</span>', comment.name, record)

    @admin.display(description="Moderate")
    def moderate_buttons(self, comment):
        """Buttons that post the list's own form (which carries the CSRF token) to the comment's
        moderate address: one click, no JavaScript needed; comment-queue.js does it in place."""
        url = reverse("admin:comments_comment_moderate", args=[comment.pk])
        return format_html(
            '<span class="moderate-buttons">{}</span>',
            format_html_join(
                "",
                '<button type="submit" class="button moderate-button moderate-button--{}" formaction="{}" '
                'formnovalidate name="status" value="{}" data-key="{}"{}>{}</button>',
                (
                    (
                        status,
                        url,
                        status,
                        label[0].lower(),
                        " disabled" if comment.status == status and not comment.flag_count else "",
                        label,
                    )
                    for status, label, _verb in ROW_ACTIONS
                ),
            ),
        )

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


def _moderate_one(request, pk):
    if not request.user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    status = request.POST.get("status")
    if status not in DONE:
        raise PermissionDenied("Not a status a moderator can give.")
    previous = comment.status
    changed = lifecycle.moderate(Comment.objects.filter(pk=pk), status)
    pending = Comment.objects.in_moderation().count()
    url = reverse("admin:comments_comment_moderate", args=[pk])
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "id": pk,
                "status": status,
                "label": Comment.Status(status).label,
                "done": DONE[status],
                "previous": previous,
                "changed": bool(changed),
                "pending": pending,
                "undo_url": url,
            }
        )
    back = request.POST.get("next") or request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("admin:comments_comment_changelist")
    if changed:
        # The undo is a form of its own in the message, outside the list's form.
        messages.success(
            request,
            format_html(
                'Comment by {} {}. <form method="post" action="{}" class="undo-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="status" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="button undo-button">Undo</button></form>',
                comment.name,
                DONE[status],
                url,
                get_token(request),
                previous,
                back,
            ),
        )
    return HttpResponseRedirect(back)
