"""The admin has a brake: too many failed logins for a username or from an address, and every
attempt is refused for a cool-off period, whatever the password; staff sessions end (issue 11)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from comments.models import Comment
from newsroom.roles import EDITOR
from tests.comments.conftest import post
from tests.factories import ArticleFactory, staff_in_role
from tests.test_site import import_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

PASSWORD = "a-long-test-password"  # what staff_in_role gives
LOGIN_URL = "/admin/login/?next=/admin/"
HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mina():
    return staff_in_role(EDITOR, "mina")


def log_in(username, password, ip=HOME):
    """A login attempt from a fresh browser at ``ip``: the response, and whether it got in."""
    client = Client(REMOTE_ADDR=ip)
    response = client.post(LOGIN_URL, {"username": username, "password": password})
    return response, response.status_code == 302 and client.get("/admin/").status_code == 200


def refused(response):
    return "Too many failed logins" in response.content.decode()


def test_the_right_password_logs_in(mina):
    response, logged_in = log_in("mina", PASSWORD)
    assert logged_in
    assert response["Location"] == "/admin/"


def test_five_failures_for_a_username_lock_it_from_every_address(mina):
    for attempt in range(4):
        response, logged_in = log_in("mina", "wrong-guess", ip=f"203.0.113.{attempt}")
        assert not logged_in
        assert not refused(response)
        assert "Please enter the correct username and password" in response.content.decode()
    fifth, _ = log_in("mina", "wrong-guess", ip="203.0.113.50")
    assert refused(fifth)
    assert "paused for 15 more minutes, whatever the password" in fifth.content.decode()

    response, logged_in = log_in("mina", PASSWORD, ip="192.0.2.99")  # the right one, elsewhere
    assert not logged_in
    assert refused(response)
    # Usernames differing only in case are one account to the brake.
    assert refused(log_in("MINA", PASSWORD, ip="192.0.2.98")[0])
    # Another account, from the same addresses, is not affected.
    staff_in_role(EDITOR, "jun")
    assert log_in("jun", PASSWORD, ip="203.0.113.1")[1]


def test_twenty_failures_from_one_address_lock_every_username_from_it(mina):
    for attempt in range(19):
        assert not refused(log_in(f"guess-{attempt}", "wrong-guess")[0])
    assert refused(log_in("guess-19", "wrong-guess")[0])

    response, logged_in = log_in("mina", PASSWORD)
    assert not logged_in
    assert refused(response)
    assert log_in("mina", PASSWORD, ip="192.0.2.10")[1]  # mina herself, from another address


def test_an_ipv6_address_is_counted_with_the_rest_of_its_64(mina):
    for attempt in range(20):
        log_in(f"guess-{attempt}", "wrong-guess", ip=f"2001:db8:1:2::{attempt + 1:x}")
    assert refused(log_in("mina", PASSWORD, ip="2001:db8:1:2::ffff")[0])
    assert log_in("mina", PASSWORD, ip="2001:db8:1:3::1")[1]


def test_after_the_cool_off_the_right_password_works_again(mina, clock):
    for _ in range(5):
        log_in("mina", "wrong-guess")
    clock.advance(minutes=14)
    assert refused(log_in("mina", PASSWORD)[0])
    clock.advance(minutes=1, seconds=1)
    response, logged_in = log_in("mina", PASSWORD)
    assert logged_in, response.content.decode()


def test_after_the_cool_off_a_fresh_allowance_begins(mina, clock):
    for _ in range(5):
        log_in("mina", "wrong-guess")
    clock.advance(minutes=16)
    assert not refused(log_in("mina", "wrong-guess")[0])
    assert log_in("mina", PASSWORD)[1]


def test_no_fifteen_minutes_allow_more_than_five_failures_even_across_a_window_edge(mina, clock):
    window = 15 * 60
    edge = (int(clock.now.timestamp()) // window + 1) * window
    clock.move_to(datetime.datetime.fromtimestamp(edge - 60, tz=datetime.UTC))
    for _ in range(3):
        log_in("mina", "wrong-guess")
    clock.advance(minutes=2)  # into the next window
    log_in("mina", "wrong-guess")
    assert refused(log_in("mina", "wrong-guess")[0])


def test_failures_long_past_are_forgotten(mina, clock):
    for _ in range(4):
        log_in("mina", "wrong-guess")
    clock.advance(minutes=31)
    for _ in range(4):
        assert not refused(log_in("mina", "wrong-guess")[0])
    assert log_in("mina", PASSWORD)[1]


def test_a_locked_out_address_can_still_post_comments(mina, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    for attempt in range(20):
        log_in(f"guess-{attempt}", "wrong-guess")
    assert refused(log_in("mina", PASSWORD)[0])
    article = ArticleFactory()
    response = post(Client(), article, ip=HOME)
    assert response.status_code == 302
    assert Comment.objects.filter(article=article, name="Min-ji").count() == 1


def test_staff_sessions_end_with_the_browser_and_a_working_day_after_logging_in(mina, clock):
    client = Client()
    login = client.post(LOGIN_URL, {"username": "mina", "password": PASSWORD}, REMOTE_ADDR=HOME)
    cookie = login.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    clock.advance(hours=7, minutes=59)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=2)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_staff_passwords_must_be_long_uncommon_and_unlike_the_username():
    staff = staff_in_role(EDITOR, "mina-aouad")
    for weak in ["shortpass11", "password1234", "123456789012", "mina-aouad12"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=staff)
    validate_password("hyosan-high-2022", user=staff)


def test_ensure_demo_editor_refuses_a_weak_password_and_says_why(monkeypatch):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError) as refusal:
        call_command("ensure_demo_editor")
    message = str(refusal.value)
    assert "DEMO_EDITOR_PASSWORD is refused" in message
    assert "too short" in message
    assert not User.objects.filter(username="editor").exists()


def test_the_admin_address_is_a_setting(tmp_path):
    result = import_settings(
        tmp_path,
        show="__import__('django').setup() or __import__('django.urls').urls.reverse('admin:index'), "
        "b'/backstage/' in __import__('django.test').test.Client().get('/robots.txt').content, "
        "b'/admin/' in __import__('django.test').test.Client().get('/robots.txt').content",
        DJANGO_SETTINGS_MODULE="aouad_site.settings",
        DJANGO_ADMIN_URL="/backstage/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/backstage/", "False", "False"]


def test_while_the_counts_cannot_be_read_no_password_is_checked_and_staff_are_told_why(mina, monkeypatch):
    """The shared cache down: logins fail closed (guesses could not be counted), with a message
    that says so rather than a server error or "wrong password"."""
    import redis

    from core import logins

    def down(*args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(logins.cache, "get_many", down)
    response, logged_in = log_in("mina", PASSWORD)

    assert response.status_code == 200 and not logged_in
    assert "Logging in is paused for a moment" in response.content.decode()
    assert "Please enter the correct username" not in response.content.decode()


def test_a_failure_that_cannot_be_counted_is_refused_with_the_same_message(mina, monkeypatch):
    import redis

    from core import logins

    def down(*args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(logins.cache, "add", down)  # the lock-out read works; counting a failure does not
    response, logged_in = log_in("mina", "wrong-guess")

    assert response.status_code == 200 and not logged_in
    assert "Logging in is paused for a moment" in response.content.decode()
