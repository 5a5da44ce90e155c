"""Moderation rules, the comment count kept on articles, the admin queue, and the emails."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from comments import lifecycle
from comments.models import Comment
from comments.notifications import comment_held, comment_published, unsubscribe_token
from tests.comments.conftest import count, post
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


# Rules -----------------------------------------------------------------------------------------------


def test_first_comment_is_held_and_a_known_commenters_next_one_is_approved(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    post(client, article)
    first = Comment.objects.get()
    assert (first.status, first.moderation_reason) == (
        Comment.Status.PENDING,
        "First comment from this email address",
    )

    lifecycle.moderate(Comment.objects.filter(pk=first.pk), Comment.Status.APPROVED)
    post(client, article, body="Another thought", email="MinJi@example.com")

    assert Comment.objects.get(body="Another thought").status == Comment.Status.APPROVED


def test_holding_first_comments_is_a_setting(client, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    post(client, ArticleFactory())
    assert Comment.objects.get().status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("links", "status"),
    [(2, Comment.Status.APPROVED), (3, Comment.Status.PENDING)],
)
def test_more_than_two_links_are_held(client, settings, links, status):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    body = " ".join(f"https://site{number}.example.com/" for number in range(links))
    post(client, ArticleFactory(), body=body)
    assert Comment.objects.get().status == status


def test_disallowed_words_or_addresses_send_a_comment_to_spam(client, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_DISALLOWED_KEYS = ["cheap pills", "spammer.example"]
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    post(client, article, body="Buy CHEAP PILLS now")
    post(client, article, email="bot@spammer.example", body="Hello")
    assert list(Comment.objects.values_list("status", flat=True)) == [Comment.Status.SPAM] * 2
    assert count(article) == 0


def test_moderation_words_hold_a_comment(client, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_MODERATION_KEYS = ["spoiler"]
    post(client, ArticleFactory(), body="Big SPOILER ahead")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "spoiler" in comment.moderation_reason


def test_spam_never_shows_to_its_author(client, settings):
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    article = ArticleFactory()
    response = post(client, article, body="Best casino")
    page = client.get(response["Location"])
    assert "Best casino" not in page.content.decode()


# The comment count on articles ------------------------------------------------------------------------


def test_comment_count_follows_every_step_of_the_lifecycle():
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=Comment.Status.PENDING)
    assert count(article) == 0
    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert count(article) == 1
    CommentFactory.create_batch(2, article=article)
    assert count(article) == 3
    lifecycle.moderate(Comment.objects.filter(article=article), Comment.Status.SPAM)
    assert count(article) == 0
    lifecycle.moderate(Comment.objects.filter(article=article), Comment.Status.APPROVED)
    assert count(article) == 3
    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING)
    assert count(article) == 2
    lifecycle.hide_reported(Comment.objects.exclude(pk=comment.pk).filter(article=article).first())
    assert count(article) == 1
    lifecycle.delete(Comment.objects.filter(article=article, status=Comment.Status.APPROVED))
    assert count(article) == 0


def test_deleting_a_comment_deletes_its_replies_and_recounts():
    article = ArticleFactory()
    top = CommentFactory(article=article)
    CommentFactory(article=article, parent=top)
    CommentFactory(article=article)
    assert lifecycle.delete(Comment.objects.filter(pk=top.pk)) == 2
    assert count(article) == 1


def test_each_change_sends_one_signal_for_all_the_comments_it_touches():
    from comments import signals

    first, second = ArticleFactory(), ArticleFactory()
    comments = [*CommentFactory.create_batch(2, article=first), CommentFactory(article=second)]
    received = []

    def receiver(signal, sender, **kwargs):
        received.append((signal, sorted(kwargs["comment_ids"]), kwargs["article_ids"], kwargs.get("how")))

    for signal in signals.ALL:
        signal.connect(receiver)
    try:
        everything = Comment.objects.all()
        lifecycle.moderate(everything, Comment.Status.PENDING)
        lifecycle.moderate(everything, Comment.Status.APPROVED)
        lifecycle.moderate(everything, Comment.Status.APPROVED)  # nothing changes: nothing sent
        lifecycle.moderate(everything, Comment.Status.TRASH)
        lifecycle.delete(everything)
    finally:
        for signal in signals.ALL:
            signal.disconnect(receiver)
    ids, articles = sorted(comment.pk for comment in comments), {first.pk, second.pk}
    assert received == [
        (signals.comment_unapproved, ids, articles, None),
        (signals.comment_approved, ids, articles, None),
        (signals.comment_removed, ids, articles, "trash"),
        (signals.comment_removed, ids, articles, "deleted"),
    ]


def test_a_bulk_action_recounts_each_article_once_whatever_the_number_of_comments(
    django_assert_num_queries,
):
    articles = ArticleFactory.create_batch(3)
    for article in articles:
        CommentFactory.create_batch(5, article=article, status=Comment.Status.PENDING)
    # Read the rows; in a savepoint, update them, mark their reports reviewed, recount every
    # article in one go, and read their slugs to take their pages out of the cache.
    with django_assert_num_queries(7):
        assert lifecycle.moderate(Comment.objects.all(), Comment.Status.APPROVED) == 15
    assert [count(article) for article in articles] == [5, 5, 5]


def test_moderating_recounts_every_article_it_touches():
    first, second = ArticleFactory(), ArticleFactory()
    CommentFactory.create_batch(2, article=first, status=Comment.Status.PENDING)
    CommentFactory(article=second, status=Comment.Status.PENDING)
    lifecycle.moderate(Comment.objects.all(), Comment.Status.APPROVED)
    assert (count(first), count(second)) == (2, 1)


# Admin ------------------------------------------------------------------------------------------------


@pytest.fixture
def moderator(client):
    user = UserFactory(username="mod", is_staff=True, email="mod@example.com")
    group, _ = Group.objects.get_or_create(name="Moderator")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=["view_comment", "change_comment"]
        )
    )
    user.groups.add(group)
    client.force_login(user)
    return user


def changelist():
    return reverse("admin:comments_comment_changelist")


def test_queue_shows_pending_and_spam_counts_and_the_rules(client, moderator, settings):
    settings.COMMENTS_MODERATION_KEYS = ["spoiler"]
    CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    CommentFactory(status=Comment.Status.SPAM)
    response = client.get(changelist())
    assertContains(response, "Comments (3 pending, 1 spam)")
    assertContains(response, "Hold a comment with more links than")
    assertContains(response, "spoiler")


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("trash", "trash"), ("hold", "pending")],
)
def test_bulk_actions_change_status_and_recount(client, moderator, action, status):
    article = ArticleFactory()
    start = Comment.Status.PENDING if action != "hold" else Comment.Status.APPROVED
    comments = CommentFactory.create_batch(2, article=article, status=start)
    client.post(changelist(), {"action": action, "_selected_action": [c.pk for c in comments]})
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert count(article) == (2 if status == "approved" else 0)


def test_bulk_delete_recounts(client, moderator):
    moderator.groups.get().permissions.add(Permission.objects.get(codename="delete_comment"))
    article = ArticleFactory()
    comments = CommentFactory.create_batch(3, article=article)
    client.post(
        changelist(), {"action": "delete_selected", "_selected_action": [comments[0].pk], "post": "yes"}
    )
    assert count(article) == 2


def test_moderation_actions_are_offered_only_with_the_change_permission(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    CommentFactory(status=Comment.Status.PENDING)
    html = client.get(changelist()).content.decode()
    assert 'value="approve"' not in html
    held = Comment.objects.get()
    client.post(changelist(), {"action": "approve", "_selected_action": [held.pk]})
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_change_form_shows_article_thread_and_commenters_history(client, moderator):
    article = ArticleFactory(title="The finale explained")
    top = CommentFactory(article=article, name="Nam-ra", body="The top comment")
    reply = CommentFactory(article=article, parent=top, email="onjo@example.com", body="The reply")
    CommentFactory(article=article, parent=reply, body="A reply to the reply")
    CommentFactory(email="onjo@example.com", status=Comment.Status.SPAM, body="Old spam")

    response = client.get(reverse("admin:comments_comment_change", args=[reply.pk]))

    assertContains(response, "The finale explained")
    assertContains(response, "In reply to")
    assertContains(response, "The top comment")
    assertContains(response, "A reply to the reply")
    assertContains(response, "0 pending, 0 approved, 1 spam, 0 trash")


def test_approving_in_the_change_form_recounts_and_emails_a_subscriber(
    client, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    held = CommentFactory(
        article=article, status=Comment.Status.PENDING, notify=True, email="onjo@example.com"
    )
    url = reverse("admin:comments_comment_change", args=[held.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    values = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        values.update({management.add_prefix(name): management[name].value() for name in management.fields})
    values["status"] = "approved"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, values)
    assert response.status_code == 302
    assert count(article) == 1
    assert [message.to for message in mail.outbox] == [[f"{held.name} <onjo@example.com>"]]


def test_reported_comments_have_their_own_filter(client, moderator):
    CommentFactory(flag_count=2, body="Reported one")
    CommentFactory(body="Clean one")
    html = client.get(changelist(), {"reported": "yes"}).content.decode()
    assert "Reported one" in html and "Clean one" not in html


# Emails -------------------------------------------------------------------------------------------------


def test_a_held_comment_emails_the_moderators(client, moderator, django_capture_on_commit_callbacks):
    UserFactory(username="reader", email="reader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, ArticleFactory(title="Season 2"))
    (message,) = mail.outbox
    assert message.to == [f"{moderator.get_full_name()} <mod@example.com>"]
    assert "Season 2" in message.subject
    assert "First comment from this email address" in message.body
    assert message.reply_to == ["Min-ji <minji@example.com>"]


def test_without_moderators_the_managers_are_emailed(client, settings, django_capture_on_commit_callbacks):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    with django_capture_on_commit_callbacks(execute=True):
        post(client, ArticleFactory())
    assert mail.outbox[0].to == ["Desk <desk@example.com>"]


def test_a_name_with_line_breaks_cannot_inject_headers():
    comment = CommentFactory(
        status=Comment.Status.PENDING, name="Eve\r\nBcc: victim@example.com\r\nSubject: hi", notify=True
    )
    comment.article.title = "Title\nX-Injected: yes"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("comments.notifications.moderator_addresses", lambda: ["mod@example.com"])
        comment_held(comment)
    comment_published(comment, approved_by_moderator=True)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        raw = message.message().as_string()
        headers = raw.split("\n\n", 1)[0]
        assert "\nBcc:" not in headers
        assert "\nX-Injected:" not in headers
        assert "victim@example.com" not in message.recipients()


def test_a_reply_emails_subscribed_commenters_up_the_thread_once_each(
    client, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    article = ArticleFactory()
    top = CommentFactory(article=article, notify=True, email="top@example.com")
    middle = CommentFactory(article=article, parent=top, notify=False, email="middle@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, parent=str(middle.pk), email="replier@example.com")
    assert [message.to for message in mail.outbox] == [[f"{top.name} <top@example.com>"]]
    message = mail.outbox[0]
    assert "replied to your comment" in message.subject
    assert "/comments/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_held_reply_tells_subscribers_only_once_approved(
    client, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    top = CommentFactory(article=article, notify=True, email="top@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, parent=str(top.pk), notify="on")
    assert all("top@example.com" not in str(message.to) for message in mail.outbox)
    mail.outbox.clear()
    reply = Comment.objects.get(parent=top)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([f"{top.name} <top@example.com>", "Min-ji <minji@example.com>"])


def test_no_approval_email_for_those_who_did_not_ask(django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.PENDING, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert mail.outbox == []


def test_unsubscribe_link_confirms_on_get_and_unsubscribes_on_post(client):
    CommentFactory.create_batch(2, email="Fan@Example.com", notify=True)
    other = CommentFactory(email="other@example.com", notify=True)
    url = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token("fan@example.com")})

    page = client.get(url)
    assertContains(page, "Unsubscribe")
    assert Comment.objects.filter(notify=True).count() == 3

    response = client.post(url)
    assertContains(response, "You are unsubscribed.")
    assert list(Comment.objects.filter(notify=True)) == [other]


def test_one_click_unsubscribe_works_without_a_csrf_token(db):
    from django.test import Client

    CommentFactory(email="fan@example.com", notify=True)
    url = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token("fan@example.com")})
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Comment.objects.filter(notify=True).exists()


def test_a_forged_unsubscribe_token_changes_nothing(client):
    CommentFactory(email="fan@example.com", notify=True)
    response = client.post(reverse("comments:unsubscribe", kwargs={"token": "fan@example.com:forged"}))
    assert response.status_code == 400
    assert Comment.objects.filter(notify=True).exists()


def test_approving_a_comment_readers_had_hidden_sends_no_second_email(django_capture_on_commit_callbacks):
    top = CommentFactory(notify=True, email="top@example.com")
    reply = CommentFactory(
        article=top.article, parent=top, notify=True, flag_count=3, status=Comment.Status.PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    assert mail.outbox == []
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.APPROVED


def test_change_form_lists_readers_reports(client, moderator):
    from comments.models import CommentFlag

    comment = CommentFactory(flag_count=1)
    CommentFlag.objects.create(comment=comment, reporter="a" * 32)
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assertContains(response, "Reports from readers")
    assertContains(response, "a" * 32)


def test_moderator_comment_page_links_only_to_pages_a_moderator_may_open(client):
    from newsroom.roles import MODERATOR
    from tests.factories import staff_in_role

    comment = CommentFactory()
    client.force_login(staff_in_role(MODERATOR))
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{comment.article.get_absolute_url()}"' in html
    assert "/admin/articles/article/" not in html
