"""The editors' dashboard on the admin home: what waits for each person, by their role.

Each panel is there only for those whose permissions cover it; every panel is a few
short queries, whatever the size of the site.
"""

from heapq import nlargest

from articles.models import Article
from articles.permissions import PUBLISH_PERMISSION
from comments.models import Comment
from shows.models import Person, Season, Show

PANEL_LENGTH = 6


def panels_for(user):
    """{"drafts", "scheduled", "mine", "comments", "shows_changes"}, each None when not for this user."""
    panels = dict.fromkeys(["drafts", "scheduled", "mine", "comments", "shows_changes"])
    if user.has_perm("articles.change_article"):
        editor = user.has_perm(PUBLISH_PERMISSION)
        # A writer sees only their own unpublished work, as in the article list.
        own = Article.objects.all() if editor else Article.objects.filter(author=user)
        panels["drafts"] = list(own.drafts().order_by("-updated_at")[:PANEL_LENGTH])
        panels["scheduled"] = list(own.scheduled().order_by("published_at")[:PANEL_LENGTH])
        panels["mine"] = list(Article.objects.filter(author=user).order_by("-updated_at")[:PANEL_LENGTH])
    if user.has_perm("comments.view_comment"):
        panels["comments"] = {
            "pending": Comment.objects.in_moderation().count(),
            "reported": Comment.objects.reported().count(),
            "latest": list(
                Comment.objects.waiting().select_related("article").order_by("-created_at")[:PANEL_LENGTH]
            ),
        }
    if user.has_perm("shows.change_show"):
        panels["shows_changes"] = latest_shows_changes()
    return panels


def latest_shows_changes(limit=PANEL_LENGTH):
    """The shows, seasons and people changed last, newest first (their ``updated_at``)."""
    recent = [
        *Show.objects.order_by("-updated_at")[:limit],
        *Season.objects.select_related("show").order_by("-updated_at")[:limit],
        *Person.objects.order_by("-updated_at")[:limit],
    ]
    return nlargest(limit, recent, key=lambda record: record.updated_at)
