import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


def counts():
    return {article.slug: article.comment_count for article in Article.objects.all()}


def test_demo_comment_counts_match_the_approved_comments_and_stay_right_on_reload():
    call_command("load_demo", verbosity=0)
    expected = {article.slug: article.comments.approved().count() for article in Article.objects.all()}
    assert counts() == expected
    assert sum(expected.values()) >= 5

    Article.objects.update(comment_count=0)
    Comment.objects.filter(name="Chris M.").update(status=Comment.Status.APPROVED)
    call_command("load_demo", verbosity=0)

    assert Comment.objects.get(name="Chris M.").status == Comment.Status.PENDING
    flagship = Comment.objects.get(name="Chris M.").article
    assert counts()[flagship.slug] == expected[flagship.slug]


def test_demo_has_threaded_replies():
    call_command("load_demo", verbosity=0)
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.count() >= 2
    assert all(reply.depth == 2 and reply.parent.article_id == reply.article_id for reply in replies)
