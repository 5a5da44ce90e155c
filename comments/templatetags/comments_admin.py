"""The moderation badge in the admin's menu and home page (templates/admin/app_list.html)."""

from django import template

from ..models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count():
    """Comments held for a moderator: one indexed count per admin page that shows the menu."""
    return Comment.objects.in_moderation().count()
