from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.urls import reverse

from .models import MAX_BODY_LENGTH, MAX_NAME_LENGTH, Comment

# The same words come from the browser script (static/js/comments.js) when JavaScript is on.
MESSAGES = {
    "body_required": "Please enter your comment!",
    "name_required": "Please enter your name here",
    "email_required": "Please enter your email address here",
    "email_invalid": "You have entered an incorrect email address!",
    "website_invalid": "Please enter a valid website address, such as https://example.com.",
    "body_too_long": f"Please keep your comment under {MAX_BODY_LENGTH:,} characters.",
    "name_too_long": f"Please keep your name under {MAX_NAME_LENGTH} characters.",
}
SAVE_DETAILS_LABEL = "Save my name, email, and website in this browser for the next time I comment."


class CommentForm(forms.ModelForm):
    save_details = forms.BooleanField(required=False, label=SAVE_DETAILS_LABEL)

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "website"]
        labels = {"body": "Comment", "name": "Name", "email": "Email", "website": "Website"}
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

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.helper = FormHelper()
        self.helper.form_id = "commentform"
        self.helper.form_action = reverse("comments:post", kwargs={"article_id": article.pk})
        self.helper.attrs = {"novalidate": "", "data-comment-form": ""}
        self.helper.layout = Layout(
            Field("body"),
            Field("name"),
            Field("email"),
            Field("website"),
            Field("save_details"),
            Submit("submit", "Post Comment", css_class="btn-primary"),
        )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(MESSAGES["body_required"], code="required")
        return body

    def save(self, ip_address=None):
        comment = super().save(commit=False)
        comment.article = self.article
        comment.ip_address = ip_address
        comment.save()
        return comment
