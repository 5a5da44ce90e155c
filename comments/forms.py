from types import SimpleNamespace

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms

from core.paths import path_for

from . import conf, lifecycle
from .models import MAX_BODY_LENGTH, MAX_NAME_LENGTH, Comment
from .protection import sign_timestamp, timestamp_age
from .rendering import BODY_FORBIDDEN, NAME_FORBIDDEN
from .validators import BODY_CONTROLS_MESSAGE, NAME_CONTROLS_MESSAGE

# The same words come from the browser script (static/js/comments.js) when JavaScript is on.
MESSAGES = {
    "body_required": "Please enter your comment!",
    "name_required": "Please enter your name here",
    "email_required": "Please enter your email address here",
    "email_invalid": "You have entered an incorrect email address!",
    "website_invalid": "Please enter a valid website address, such as https://example.com.",
    "body_too_long": f"Please keep your comment under {MAX_BODY_LENGTH:,} characters.",
    "name_too_long": f"Please keep your name under {MAX_NAME_LENGTH} characters.",
    "body_controls": BODY_CONTROLS_MESSAGE,
    "name_controls": NAME_CONTROLS_MESSAGE,
    "duplicate": "Duplicate comment detected; it looks as though you\u2019ve already said that!",
    "too_fast": "That was quick! Please take a few seconds to check your comment, then post it again.",
    "expired": "This form was open for more than a day. Please check your comment and post it again.",
    "unchecked": "This form could not be checked. Please post your comment again.",
    "honeypot": "Your comment was not posted because a field that must stay empty was filled in.",
    "parent_missing": "The comment you are replying to does not exist on this article.",
    "parent_unapproved": "You can only reply to a published comment.",
    "parent_too_deep": "This conversation is nested as deeply as it can go. Please reply higher up.",
}
SAVE_DETAILS_LABEL = "Save my name, email, and website in this browser for the next time I comment."
NOTIFY_LABEL = "Notify me of follow-up comments by email."
HONEYPOT_FIELD = "homepage"
MAX_ID = 2**63 - 1


class CommentForm(forms.ModelForm):
    save_details = forms.BooleanField(required=False, label=SAVE_DETAILS_LABEL)
    # Hidden fields: their errors are shown above the form, not beside an invisible input.
    parent = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "website", "notify"]
        labels = {
            "body": "Comment",
            "name": "Name",
            "email": "Email",
            "website": "Website",
            "notify": NOTIFY_LABEL,
        }
        help_texts = {"email": "", "website": "", "notify": ""}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_BODY_LENGTH}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": MAX_NAME_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        error_messages = {
            "body": {"required": MESSAGES["body_required"], "max_length": MESSAGES["body_too_long"]},
            "name": {"required": MESSAGES["name_required"], "max_length": MESSAGES["name_too_long"]},
            "email": {"required": MESSAGES["email_required"], "invalid": MESSAGES["email_invalid"]},
            "website": {"invalid": MESSAGES["website_invalid"]},
        }

    def __init__(self, *args, article, parent=None, proven_ids=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("timestamp", sign_timestamp())
        if parent is not None:
            kwargs["initial"]["parent"] = parent.pk
        super().__init__(*args, **kwargs)
        self.article = article
        self.parent_comment = None
        # The comments this browser proves it posted (comments.moderation.posted_ids).
        self.proven_ids = list(proven_ids)
        self.known_commenter = False
        self.email_known = False
        self.proof = None
        # Hidden fields have no place to show a field error: what they hold is judged in clean(),
        # with a message above the form, so the stock checks (length, NUL) are left out.
        for name in ("parent", "timestamp"):
            self.fields[name].validators = []
        self.timestamp_stale = False
        self.helper = FormHelper()
        self.helper.form_id = "commentform"
        self.helper.disable_csrf = True  # see the token field below
        self.helper.form_action = path_for("comments:post", article_id=article.pk)
        self.helper.attrs = {
            "novalidate": "",
            "data-comment-form": "",
            "data-token-url": path_for("comments:form-token"),
        }
        self.helper.layout = Layout(
            Field("body"),
            Field("name"),
            Field("email"),
            Field("website"),
            Field("save_details"),
            Field("notify"),
            HTML(
                '<div class="comment-form-hp" aria-hidden="true">'
                '<label for="id_homepage">Leave this field empty</label>{{ form.homepage }}</div>'
            ),
            Field("parent"),
            Field("timestamp"),
            # Empty on the article page, which every reader shares from the cache: the page's
            # script puts in a fresh token, and without it the refusal page gives one (a real
            # token here would set a cookie and make the page one reader's own).
            HTML(
                '<input type="hidden" name="csrfmiddlewaretoken" '
                'value="{% if fresh_csrf_token %}{{ csrf_token }}{% endif %}">'
            ),
            Submit("submit", "Post Comment", css_class="btn-primary"),
        )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(MESSAGES["body_required"], code="required")
        if BODY_FORBIDDEN.search(body):
            raise forms.ValidationError(MESSAGES["body_controls"], code="controls")
        return body

    def clean_name(self):
        name = self.cleaned_data["name"]
        if NAME_FORBIDDEN.search(name):
            raise forms.ValidationError(MESSAGES["name_controls"], code="controls")
        return name

    def _check_parent(self, value):
        if not value:
            return
        # isdigit() alone lets "²" through, which int() refuses; only ASCII digits are ids.
        parent_id = int(value) if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID else None
        parent = Comment.objects.filter(pk=parent_id, article=self.article).first() if parent_id else None
        if parent is None:
            raise forms.ValidationError(MESSAGES["parent_missing"], code="parent_missing")
        if parent.status != Comment.Status.APPROVED:
            raise forms.ValidationError(MESSAGES["parent_unapproved"], code="parent_unapproved")
        if parent.depth >= conf.get("MAX_DEPTH"):
            raise forms.ValidationError(MESSAGES["parent_too_deep"], code="parent_too_deep")
        self.parent_comment = parent

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(MESSAGES["honeypot"], code="honeypot")
        try:
            self._check_parent(cleaned.get("parent", ""))
        except forms.ValidationError:
            # The form comes back as a plain comment ("Leave a Reply"), without the refused value.
            self.data = self.data.copy()
            self.data[self.add_prefix("parent")] = ""
            raise
        age = timestamp_age(cleaned.get("timestamp"))
        if age is None:
            self.timestamp_stale = True
            raise forms.ValidationError(MESSAGES["unchecked"], code="unchecked")
        if age > conf.get("MAX_SECONDS"):
            self.timestamp_stale = True
            raise forms.ValidationError(MESSAGES["expired"], code="expired")
        if age < conf.get("MIN_SECONDS"):
            raise forms.ValidationError(MESSAGES["too_fast"], code="too_fast")
        body, email = cleaned.get("body"), cleaned.get("email")
        if body and email:
            record = Comment.objects.record_of(
                email, article=self.article, body=body, proven_ids=self.proven_ids
            )
            if record["duplicates"]:
                raise forms.ValidationError(MESSAGES["duplicate"], code="duplicate")
            self.email_known = record["approved"] > 0
            self.proof = record["proof"]
            self.known_commenter = self.proof is not None
        return cleaned

    def refresh_timestamp(self):
        """After a stale or forged timestamp, show the form again with a fresh one."""
        if self.is_bound and self.timestamp_stale:
            self.data = self.data.copy()
            self.data[self.add_prefix("timestamp")] = sign_timestamp()

    def save(self, ip_address=None):
        """Post the comment: the moderation rules give it its status (see comments.lifecycle)."""
        comment = super().save(commit=False)
        comment.article = self.article
        comment.parent = self.parent_comment
        comment.ip_address = ip_address
        return lifecycle.post(comment, known_commenter=self.known_commenter, email_known=self.email_known)


class BlankCommentForm:
    """What the article page's empty form (templates/comments/_comment_form.html) reads of a
    CommentForm: its action, its fields' lengths and labels, its initial values. Building a
    CommentForm (a Comment instance, nine fields deep-copied, a crispy layout) cost every article
    render 0.2 ms, even when the form's fragment was kept; this costs the signed timestamp."""

    fields = CommentForm.base_fields  # the lengths and labels every CommentForm copies

    def __init__(self, *, article, parent=None):
        self.initial = {"timestamp": sign_timestamp()}
        if parent is not None:
            self.initial["parent"] = parent.pk
        self.helper = SimpleNamespace(form_action=path_for("comments:post", article_id=article.pk))
