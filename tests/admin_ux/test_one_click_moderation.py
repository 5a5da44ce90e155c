"""Moderation in one click (issue 13): the queue opens on what waits; each row's Approve, Spam and
Trash post a plain form (no JavaScript needed) through comments.lifecycle, with its signals and an
undo; the number of comments waiting shows as a badge in the admin's menu and home page."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments import signals
from comments.models import Comment
from newsroom.roles import MODERATOR
from tests.factories import ArticleFactory, CommentFactory, UserFactory, staff_in_role

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


@pytest.fixture
def moderator(client):
    user = staff_in_role(MODERATOR, "moderator")
    client.force_login(user)
    return user


@pytest.fixture
def heard():
    """The lifecycle's signals sent during the test, by name, with their comment ids."""
    sent = []
    receivers = {}
    for name in ("comment_approved", "comment_unapproved", "comment_removed"):

        def receiver(sender, comment_ids, name=name, **kwargs):
            sent.append((name, list(comment_ids)))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield sent
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def listed(response):
    return {comment.pk for comment in response.context["cl"].result_list}


def test_the_queue_opens_on_held_and_reported_comments(client, moderator):
    held = CommentFactory(status=Comment.Status.PENDING)
    reported = CommentFactory(flag_count=1)
    approved = CommentFactory()
    spam = CommentFactory(status=Comment.Status.SPAM)

    assert listed(client.get(CHANGELIST)) == {held.pk, reported.pk}
    assert listed(client.get(CHANGELIST, {"queue": "all"})) == {held.pk, reported.pk, approved.pk, spam.pk}
    assert listed(client.get(CHANGELIST, {"status__exact": "spam"})) == {spam.pk}
    assert listed(client.get(CHANGELIST, {"q": approved.name})) == {approved.pk}


def test_each_row_has_one_click_buttons_posting_to_its_moderate_address(client, moderator):
    held = CommentFactory(status=Comment.Status.PENDING, body="A long comment " * 20)

    response = client.get(CHANGELIST)

    assertContains(response, f'formaction="{moderate_url(held)}"', count=3)
    for status, label in [("approved", "Approve"), ("spam", "Spam"), ("trash", "Trash")]:
        assertContains(response, f'name="status" value="{status}"')
        assertContains(response, f">{label}</button>")
    assertContains(response, 'name="csrfmiddlewaretoken"')  # in the list's form the buttons post
    assertContains(response, held.body.strip())  # the whole text, not 80 characters of it


def test_approve_in_one_click_without_javascript_goes_through_the_lifecycle(client, moderator, heard):
    article = ArticleFactory()
    held = CommentFactory(article=article, status=Comment.Status.PENDING)

    response = client.post(
        moderate_url(held), {"status": "approved"}, HTTP_REFERER=f"http://testserver{CHANGELIST}"
    )

    assert response.status_code == 302 and response.url == f"http://testserver{CHANGELIST}"
    held.refresh_from_db()
    article.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert article.comment_count == 1
    assert heard == [("comment_approved", [held.pk])]
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"Comment by {held.name} approved." in message
    assert f'<form method="post" action="{moderate_url(held)}" class="undo-form">' in message
    assert 'name="status" value="pending"' in message and ">Undo</button>" in message


@pytest.mark.parametrize(("status", "how"), [("spam", "spam"), ("trash", "trash")])
def test_spam_and_trash_in_one_click_send_the_removed_signal(client, moderator, heard, status, how):
    held = CommentFactory(status=Comment.Status.PENDING)

    client.post(moderate_url(held), {"status": status})

    held.refresh_from_db()
    assert held.status == status
    assert heard == [("comment_removed", [held.pk])]


def test_undo_restores_the_previous_status_through_the_lifecycle(client, moderator, heard):
    article = ArticleFactory()
    held = CommentFactory(article=article, status=Comment.Status.PENDING)
    client.post(moderate_url(held), {"status": "approved"})

    client.post(moderate_url(held), {"status": "pending", "next": CHANGELIST})

    held.refresh_from_db()
    article.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert article.comment_count == 0
    assert heard == [("comment_approved", [held.pk]), ("comment_unapproved", [held.pk])]


def test_in_place_moderation_answers_json_with_the_pending_count_and_how_to_undo(client, moderator):
    held, _other = CommentFactory.create_batch(2, status=Comment.Status.PENDING)

    response = client.post(moderate_url(held), {"status": "trash"}, HTTP_ACCEPT="application/json")

    assert response.json() == {
        "id": held.pk,
        "status": "trash",
        "label": "Trash",
        "done": "moved to the trash",
        "previous": "pending",
        "changed": True,
        "pending": 1,
        "undo_url": moderate_url(held),
    }


def test_approving_a_reported_comment_settles_its_reports(client, moderator, heard):
    reported = CommentFactory(flag_count=2)

    client.post(moderate_url(reported), {"status": "approved"})

    reported.refresh_from_db()
    assert (reported.status, reported.flag_count) == (Comment.Status.APPROVED, 0)
    assert heard == [("comment_approved", [reported.pk])]
    assert listed(client.get(CHANGELIST)) == set()


def test_one_click_moderation_needs_the_change_permission(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    held = CommentFactory(status=Comment.Status.PENDING)

    assertNotContains(client.get(CHANGELIST), 'class="button moderate-button')
    assert client.post(moderate_url(held), {"status": "approved"}).status_code == 403
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_a_status_that_is_not_a_moderators_is_refused(client, moderator):
    held = CommentFactory(status=Comment.Status.PENDING)

    assert client.post(moderate_url(held), {"status": "deleted"}).status_code == 403
    assert client.get(moderate_url(held)).status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_a_foreign_next_address_is_not_followed(client, moderator):
    held = CommentFactory(status=Comment.Status.PENDING)

    response = client.post(moderate_url(held), {"status": "approved", "next": "https://evil.example/"})

    assert response.url == CHANGELIST


def badge(html):
    found = re.findall(r'class="pending-badge__number">(\d+)<', html)
    return [int(number) for number in found]


def test_the_pending_count_shows_as_a_badge_in_the_menu_and_on_the_home_page(client, moderator):
    held = CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    CommentFactory()  # approved: not waiting

    home = client.get(reverse("admin:index")).content.decode()
    assert badge(home) == [3]  # the home's app list (the home has no sidebar)
    assert "data-pending-count" in home
    assert badge(client.get(CHANGELIST).content.decode()) == [3]  # the sidebar menu

    client.post(moderate_url(held[0]), {"status": "approved"})

    assert badge(client.get(reverse("admin:index")).content.decode()) == [2]


def test_the_comment_page_shows_its_article_once(client, moderator):
    comment = CommentFactory()

    html = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()

    assert html.count("<label>Article:</label>") == 1


def test_the_queue_costs_the_same_queries_whatever_its_length(
    client, moderator, django_assert_max_num_queries
):
    """Guards against an N+1 from each row's commenter history (counted by a subquery, not per row)."""
    CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    client.get(CHANGELIST)  # warm the session and permissions
    with django_assert_max_num_queries(14) as small:
        client.get(CHANGELIST)
    CommentFactory.create_batch(20, status=Comment.Status.PENDING)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(CHANGELIST)
