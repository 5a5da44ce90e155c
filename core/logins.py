"""A brake on guessing passwords: after too many failed logins for one username or from one
address, every further attempt is refused for a cool-off period, whatever the password.

The counts live in the default cache, which every process shares (diskcache or Redis), so
spreading guesses over workers does not help. Each count is kept in two consecutive windows of
``WINDOW`` seconds and their sum is compared with the limit, so that no stretch of ``WINDOW``
seconds ever allows more than the limit. Times are read from ``time.time()`` and stored in the
values, not left to the cache's own expiry, so that the test clock moves them on Redis too.

``django-axes`` does this too, but with one limit for every key (5 per username and 20
per address cannot both be said), its own models, middleware and migrations; this is 100 lines.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from core.cache import UNREACHABLE

PREFIX = "login-guard"
# Set on the request when the counts could not be read: every login is refused until they can.
GUARD_UNREADABLE = "_login_guard_unreadable"


def _conf(name):
    return settings.LOGIN_GUARD[name]


def client_address(request):
    """The reader's address (from the proxy's header only when one is configured); IPv6 by /64,
    since one machine usually holds a whole /64."""
    header = _conf("CLIENT_IP_HEADER")
    candidates = [request.META.get(header, "").split(",")[-1].strip()] if header else []
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            ip = ipaddress.ip_address(candidate.split("%", 1)[0])
        except ValueError:
            continue
        if ip.version == 6 and ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        if ip.version == 6:
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)
    return "unknown"


def _subjects(request, username):
    """(key, limit) for what the attempt is counted against: the username, the address."""
    subjects = [(f"address:{client_address(request)}", _conf("ADDRESS_FAILURES"))]
    if username:
        subjects.append((f"username:{username.strip().lower()}", _conf("USERNAME_FAILURES")))
    return [(hashlib.blake2b(key.encode(), digest_size=16).hexdigest(), limit) for key, limit in subjects]


def locked_until(request, username):
    """The moment (epoch seconds) logins for this username or from this address open again, or None."""
    keys = [f"{PREFIX}:lock:{subject}" for subject, _ in _subjects(request, username)]
    until = max(cache.get_many(keys).values(), default=0)
    return until if until > time.time() else None


def record_failure(request, username):
    now = time.time()
    window = _conf("WINDOW")
    bucket = int(now // window)
    for subject, limit in _subjects(request, username):
        current, previous = (f"{PREFIX}:count:{subject}:{number}" for number in (bucket, bucket - 1))
        if not cache.add(current, 1, timeout=2 * window):
            try:
                cache.incr(current)
            except ValueError:  # it expired between add and incr
                cache.add(current, 1, timeout=2 * window)
        counts = cache.get_many([current, previous])
        if sum(counts.values()) >= limit:
            cool_off = _conf("COOL_OFF")
            cache.set(f"{PREFIX}:lock:{subject}", now + cool_off, timeout=cool_off + 60)
            cache.delete_many([current, previous])  # after the cool-off, a fresh allowance


class GuardedModelBackend(ModelBackend):
    """Django's usual backend, which refuses to check any password while a lock-out holds."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:  # not a web request (a command, a test's client.login): nothing to guess
            return super().authenticate(request, username, password, **kwargs)
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        try:
            locked = locked_until(request, username)
        except UNREACHABLE:
            # Without the counts, guesses could not be counted: no password is checked (fail closed).
            setattr(request, GUARD_UNREADABLE, True)
            raise PermissionDenied from None
        if locked:
            raise PermissionDenied  # stops every backend; Django reports the attempt as failed
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            try:
                record_failure(request, username)
            except UNREACHABLE:
                setattr(request, GUARD_UNREADABLE, True)  # it went down between the two reads
        return user


class GuardedAdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": (
            "Too many failed logins for this account or from your network. To protect it, logging in "
            "is paused for %(minutes)d more minutes, whatever the password. Please wait, then try again."
        ),
        "guard_unreadable": (
            "Logging in is paused for a moment: the site cannot count failed logins just now, so it "
            "checks no password. Please try again in a minute."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, GUARD_UNREADABLE, False):
                raise ValidationError(
                    self.error_messages["guard_unreadable"], code="guard_unreadable"
                ) from None
            until = locked_until(self.request, self.cleaned_data.get("username"))
            if until is None:
                raise
            minutes = max(1, math.ceil((until - time.time()) / 60))
            raise ValidationError(
                self.error_messages["locked_out"], code="locked_out", params={"minutes": minutes}
            ) from None
