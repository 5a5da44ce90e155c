from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from . import freshness
from .models import (
    WORDS_PER_MINUTE,
    Article,
    ArticleImage,
    ArticleSlugHistory,
    AuthorProfile,
    Category,
    Tag,
)
from .permissions import PUBLISH_PERMISSION
from .rendering import render_markdown
from .views import render_preview

PREVIEW_MAX_CHARS = 200_000
# The publishing buttons of the change form (templates/admin/articles/article/submit_line.html),
# by the name each submits; "Save draft" is open to writers, the others need the publish permission.
PUBLISH_NOW, SCHEDULE, SAVE_DRAFT = "_publish", "_schedule", "_draft"
EDITORS_ONLY = {PUBLISH_NOW, SCHEDULE}
CHANGE_REASONS = {PUBLISH_NOW: "Published", SCHEDULE: "Scheduled", SAVE_DRAFT: "Saved as a draft"}
# What the live preview is styled with: the site's own stylesheets, inside a shadow root so that
# neither they nor the admin's styles leak into the other.
PREVIEW_STYLESHEETS = ["css/reader.css", "css/article-preview-page.css"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Bylines: the name and address readers see; the login stays in the users' screens."""

    list_display = ["display_name", "slug"]
    search_fields = ["display_name", "slug"]
    fields = ["user", "display_name", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []  # a byline stays with its author


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    fields = ["image", "alt_text", "caption", "markdown_to_copy"]
    readonly_fields = ["markdown_to_copy"]
    extra = 0

    @admin.display(description="Markdown for the body")
    def markdown_to_copy(self, image):
        return image.markdown or "Save the article to get the Markdown for this image."


class OldSlugInline(admin.TabularInline):
    model = ArticleSlugHistory
    fields = ["slug", "created_at"]
    readonly_fields = ["slug", "created_at"]
    extra = 0
    can_delete = True
    verbose_name_plural = "old slugs (they redirect here)"

    def has_add_permission(self, request, obj=None):
        return False


# The publishing fields explained in terms of the buttons that usually set them.
BUTTON_HELP = {
    "status": "Usually set by the buttons below: “Save draft”, “Schedule” or “Publish now”. "
    "Choose “Unpublished” to withdraw a live article.",
    "published_at": "“Publish now” fills this in. To schedule, set a future date and time, then "
    "press “Schedule”. A past date backdates the article.",
}
# The list's words for states: "Live" and "Withdrawn" say what readers see.
STATE_LABELS = {Article.State.PUBLISHED: "Live", Article.State.UNPUBLISHED: "Withdrawn"}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def person_name(user):
    """A user as colleagues know them: their byline, else their full name; the login last."""
    # A missing reverse one-to-one raises an AttributeError subclass, so getattr's default applies.
    profile = getattr(user, "author_profile", None)
    return (profile and profile.display_name) or user.get_full_name() or user.get_username()


class AuthorChoiceField(forms.ModelChoiceField):
    """The author menu lists people by the names bylines give them, not by their logins."""

    def label_from_instance(self, user):
        return person_name(user)


class ArticleAdminForm(forms.ModelForm):
    """Applies the publishing button that was pressed (``publishing``, set by ArticleAdmin.get_form)
    to the status and date before the model validates them."""

    publishing = None

    def clean(self):
        cleaned_data = super().clean()
        if self.publishing is None or "status" not in self.fields:
            return cleaned_data  # the plain "Save" buttons, or a writer (always a draft)
        now = timezone.now().replace(microsecond=0)
        when = cleaned_data.get("published_at")
        if self.publishing == SAVE_DRAFT:
            cleaned_data["status"] = Article.Status.DRAFT
        elif self.publishing == PUBLISH_NOW:
            cleaned_data["status"] = Article.Status.PUBLISHED
            # A live article keeps its date, and so does a past date the editor typed (backdating);
            # otherwise "now" means now, whatever date a withdrawn or scheduled version had.
            live = self.instance.pk and self.initial.get("status") == Article.Status.PUBLISHED
            keep = when is not None and when <= now and (live or "published_at" in self.changed_data)
            cleaned_data["published_at"] = when if keep else now
        elif self.publishing == SCHEDULE:
            if when is None or when <= now:
                self.add_error(
                    "published_at",
                    "To schedule the article, set a publication date and time in the future "
                    "(or use “Publish now”).",
                )
            else:
                cleaned_data["status"] = Article.Status.PUBLISHED
        return cleaned_data


class StateFilter(admin.SimpleListFilter):
    """Draft, Scheduled, Published or Unpublished as the list shows them: "Scheduled" and "Published"
    share a stored status and differ by the clock, so the filter asks the queryset, not the column."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


class FreshnessFilter(admin.SimpleListFilter):
    """Articles the shows data has moved past since they were last updated or checked."""

    title = "facts"
    parameter_name = "facts"

    def lookups(self, request, model_admin):
        return [("stale", "Possibly out of date"), ("fresh", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(facts_stale=True)
        if self.value() == "fresh":
            return queryset.filter(facts_stale=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    # Short columns beside a wide title, so the list fits 1280 px with the menu and the filters;
    # the facts badge sits under the state it qualifies.
    list_display = ["title", "state_badge", "author_name", "category", "comments", "date"]
    list_display_links = ["title"]
    list_filter = [FreshnessFilter, StateFilter, "category", "tags", "shows"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["shows", "seasons", "people", "tags"]
    list_select_related = ["author__author_profile", "category"]
    inlines = [ArticleImageInline, OldSlugInline]
    fieldsets = [
        ("Facts to check", {"fields": ["facts_to_check"]}),
        (None, {"fields": ["title", "slug", "category", "summary", "body", "preview_link"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "significant_update_at",
                    "author",
                    "comments_enabled",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        ("Related", {"fields": ["shows", "seasons", "people", "tags"]}),
        ("Search engines and sharing", {"fields": ["seo_title", "seo_description"]}),
    ]
    # Fields only an editor (who may publish) can set; writers see them read-only.
    PUBLISHING_FIELDS = ["status", "published_at", "significant_update_at", "author"]

    class Media:
        js = ["js/article-preview.js", "js/article-editor.js"]
        css = {"all": ["css/article-admin.css"]}

    @admin.display(description="Status", ordering="status")
    def state_badge(self, article):
        """Draft, Scheduled (with its time), Live or Withdrawn, as a badge that reads at a glance."""
        state = article.publication_state
        label = STATE_LABELS.get(state, state.label)
        if state == Article.State.SCHEDULED:
            label = f"{label} · {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
        badge = format_html('<span class="state-badge state-badge--{}">{}</span>', state.value, label)
        if getattr(article, "facts_stale", False):
            return format_html("{}<br>{}", badge, self.facts(article))
        return badge

    @admin.display(description="Comments", ordering="comment_count")
    def comments(self, article):
        return article.comment_count

    @admin.display(description="Date", ordering="published_at")
    def date(self, article):
        if article.published_at is None:
            return "—"
        return f"{timezone.localtime(article.published_at):%d %b %Y}"

    @admin.display(description="Author", ordering="author__author_profile__display_name")
    def author_name(self, article):
        return person_name(article.author)

    @admin.display(description="Facts", ordering="facts_stale")
    def facts(self, article):
        if not getattr(article, "facts_stale", False):
            return "—"
        return mark_safe('<span class="facts-badge">Possibly out of date</span>')

    @admin.display(description="Changes since the last update")
    def facts_to_check(self, article):
        if not article.pk:
            return "Nothing to check yet."
        marks = freshness.marks_for(article)
        if not marks:
            return "The shows data has not changed since this article was last updated or checked."
        rows = format_html_join(
            "",
            '<li><time datetime="{}">{}</time> · <strong>{}</strong>: {}</li>',
            (
                (
                    mark.changed_at.isoformat(),
                    f"{timezone.localtime(mark.changed_at):%d %B %Y %H:%M}",
                    mark.subject,
                    mark.what,
                )
                for mark in marks
            ),
        )
        dismiss = reverse("admin:articles_article_facts_checked", args=[article.pk])
        return format_html(
            '<p class="facts-warning">This article may be out of date. Update it and set its '
            "<em>significant update</em> date, or, if it is still accurate, say so.</p>"
            '<ul class="facts-changes">{}</ul>'
            '<button type="submit" class="button" formaction="{}" formnovalidate>Still accurate: '
            "dismiss these changes</button>",
            rows,
            dismiss,
        )

    @admin.display(description="Preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it as readers will see it."
        url = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>', url
        )

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_at", "updated_at", "preview_link", "facts_to_check"]
        if not can_publish(request.user):
            fields += self.PUBLISHING_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[1:]

    def get_queryset(self, request):
        # Worked out once per request: the list's badge and filter read the annotation.
        stale = list(freshness.stale_counts())
        articles = (
            super()
            .get_queryset(request)
            .annotate(
                facts_stale=Case(
                    When(pk__in=stale, then=Value(True)), default=Value(False), output_field=BooleanField()
                )
            )
        )
        if can_publish(request.user):
            return articles
        # A writer sees their own articles and live ones, never someone else's draft or schedule.
        return articles.filter(author=request.user) | articles.published()

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or can_publish(request.user) or _own_or_live(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        # A writer changes only their own drafts.
        return obj.author_id == request.user.pk and obj.status == Article.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or can_publish(request.user) or obj.author_id == request.user.pk

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in BUTTON_HELP and field is not None:
            field.help_text = BUTTON_HELP[db_field.name]
        if db_field.name == "body":
            field.widget.attrs.update(
                {
                    "data-preview-url": reverse("admin:articles_article_markdown_preview"),
                    "data-preview-styles": " ".join(static(sheet) for sheet in PREVIEW_STYLESHEETS),
                    "data-words-per-minute": WORDS_PER_MINUTE,
                    "rows": 24,
                }
            )
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["form_class"] = AuthorChoiceField
            kwargs["queryset"] = db_field.related_model.objects.select_related("author_profile").order_by(
                "first_name", "last_name", "username"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        pressed = _publishing_button(request)
        return type(form.__name__, (form,), {"publishing": pressed}) if pressed else form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        pressed = _publishing_button(request)
        if pressed in EDITORS_ONLY and not can_publish(request.user):
            raise PermissionDenied("Only editors publish or schedule articles.")
        extra_context = {**(extra_context or {}), "can_publish": can_publish(request.user)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._where_to_see_it(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._where_to_see_it(request, obj)
        return response

    def _where_to_see_it(self, request, article):
        if article.is_published:
            url, label = article.get_absolute_url(), "View it on the site"
        else:
            url, label = reverse("admin:articles_article_preview", args=[article.pk]), "Preview it"
        messages.success(
            request,
            format_html('“{}” is {}. <a href="{}">{}</a>', article, article.state.lower(), url, label),
        )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            if not change:
                obj.author = request.user
            obj.status = Article.Status.DRAFT
        pressed = _publishing_button(request)
        if pressed in CHANGE_REASONS:
            obj._change_reason = CHANGE_REASONS[pressed]  # shown in the revision history
        super().save_model(request, obj, form, change)
        publishing = (
            not change or pressed in EDITORS_ONLY or {"status", "published_at"} & set(form.changed_data)
        )
        if publishing and obj.status == Article.Status.PUBLISHED:
            messages.info(request, _publication_notice(obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read or restore. django-simple-history lets anyone who may *view* an
        article post this form, and checks the old version rather than the article as it is now:
        here restoring needs the right to change the current article, and reading it the right
        to view it (so a writer can neither overwrite a live story nor read someone else's draft)."""
        current = self.get_object(request, unquote(object_id))
        if current is None or not str(version_id).isdigit():
            raise Http404("No such version of an article you can see.")
        if not self.has_view_permission(request, current):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        """No "Revert" button on a version of an article the user may not change as it is now."""
        current = Article.objects.filter(pk=obj.pk).first() if obj is not None else None
        if current is not None and not self.has_change_permission(request, current):
            return True
        return super().revert_disabled(request, obj)

    def get_urls(self):
        return [
            path(
                "markdown-preview/",
                self.admin_site.admin_view(self.markdown_preview),
                name="articles_article_markdown_preview",
            ),
            path(
                "<int:pk>/facts-checked/",
                self.admin_site.admin_view(self.facts_checked_view),
                name="articles_article_facts_checked",
            ),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def markdown_preview(self, request):
        """The body as it will be published, rendered by the same code as on save (staff only)."""
        if not self.has_add_permission(request) and not self.has_change_permission(request):
            return JsonResponse({"error": "You cannot edit articles."}, status=403)
        return _markdown_preview(request)

    def facts_checked_view(self, request, pk):
        """An editor says the article still matches the shows data: its marks are cleared."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        freshness.mark_checked(article)
        messages.success(request, f"“{article}” is marked as still accurate; the changes are dismissed.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def preview_view(self, request, pk):
        """A draft or scheduled article as readers will see it; only staff can open this URL."""
        article = get_object_or_404(Article.objects.for_detail(), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return render_preview(request, article)


def _publication_notice(article):
    """What publishing did, in the time zone the admin's date fields use, so it reads like the form.
    A past date is kept as typed (the article is live since then), so the editor is told which."""
    at = timezone.localtime(article.published_at)
    when = f"{at:%d %B %Y %H:%M} {at.tzname()}"
    if article.publication_state == Article.State.SCHEDULED:
        return f"Scheduled: the article goes live on {when}."
    return f"Published: the article is live, dated {when}."


def _publishing_button(request):
    """Which publishing button submitted the form, if one did."""
    if request.method != "POST":
        return None
    return next((name for name in (PUBLISH_NOW, SCHEDULE, SAVE_DRAFT) if name in request.POST), None)


def _own_or_live(user, article):
    return article.author_id == user.pk or article.is_published


@require_POST
def _markdown_preview(request):
    text = request.POST.get("body", "")[:PREVIEW_MAX_CHARS]
    html, toc = render_markdown(text)
    return JsonResponse({"html": html, "toc": toc})
