"""Against spam and floods: a signed timestamp, and rate limits kept in Django's cache.

How this behaves when the article page is served from a shared cache
---------------------------------------------------------------------
The comment form is part of the article page, and that page will be cached and served
to every reader. Two values in the form are per-reader or per-moment:

* the CSRF token: a cached copy would carry someone else's (or an expired) token;
* the signed timestamp: a cached copy carries the time the page was cached, not the
  time this reader saw it.

So ``static/js/comments.js`` asks ``/comments/form-token/`` (never cached, tiny, no
database query) for a fresh CSRF token and timestamp when the page loads, and writes
them into every comment and report form of the page; the endpoint also sets the CSRF
cookie. Without JavaScript the cached values are used: the timestamp is then older than
the reader's real view, which only errs on the side of accepting, and a stale one (older
than ``COMMENTS_MAX_SECONDS``) gets the form back with everything typed kept, a fresh
timestamp, and a clear message. Likewise a missing or stale CSRF token on the comment
form: the view runs Django's CSRF check itself and answers 403 with the form, the
reader's text and a valid token, so posting again works and nothing typed is lost.
(Report buttons keep the site's plain 403 page: there is nothing typed to lose.)

Rate limits use ``cache.add`` (atomic "set if absent") and ``cache.incr`` in the default
cache, which every process shares: Redis with ``CACHE_URL``, else the disk cache under
var/cache (SQLite files, whose add and incr are transactions), so one limit holds however
many workers serve. Limits count an IPv6 reader by their /64 network, and requests without
any address share one count (``network_key``).

Readers' reports count reporters per network (``report_network``: an IPv4 /24 or an IPv6 /48,
``COMMENTS_REPORT_NETWORK_PREFIXES``), so that one routed block, whatever number of
addresses it holds, weighs as one reporter when deciding whether to hide a comment.
The address is ``REMOTE_ADDR`` unless ``COMMENTS_CLIENT_IP_HEADER`` names a proxy's header:
a header a client may write is never believed unless a setting says a proxy writes it.
"""

import hashlib
import ipaddress
import time

from django.core import signing
from django.core.cache import cache

from . import conf

TIMESTAMP_SALT = "comments.form-timestamp"
FLOOD_MESSAGE = "You are posting comments too quickly. Slow down."
UNAVAILABLE_MESSAGE = (
    "Your comment could not be checked just now, so it was not posted. "
    "Please post it again in a minute: your text is below."
)
REPORT_FLOOD_MESSAGE = "You have reported many comments in a short time. Please try again later."


def client_ip(request):
    """The reader's IP address: REMOTE_ADDR, or the last entry of the proxy's header.

    An IPv4 address written as IPv6 (``::ffff:198.51.100.7``) is given as IPv4, and an
    IPv6 zone (``%eth0``) is dropped, so one reader has one spelling.
    """
    header = conf.get("CLIENT_IP_HEADER")
    candidates = []
    if header:
        candidates.append(request.META.get(header, "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            ip = ipaddress.ip_address(str(candidate).split("%", 1)[0])
        except ValueError:
            continue
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        return str(ip)
    return None


def network_key(ip_address):
    """Who a limit applies to: an IPv4 address, or the /64 network of an IPv6 one.

    Anyone with IPv6 is given a whole /64 and can pick a new address in it for every
    request, so a limit per IPv6 address would hold nobody. Without an address (a server
    that passes none) every such request shares one key: the limits still hold.
    """
    if not ip_address:
        return "unknown"
    ip = ipaddress.ip_address(ip_address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def report_network(ip_address):
    """The network a report counts for: the /24 of an IPv4 address, the /48 of an IPv6 one."""
    if not ip_address:
        return "unknown"
    ip = ipaddress.ip_address(ip_address)
    ipv4_prefix, ipv6_prefix = conf.get("REPORT_NETWORK_PREFIXES")
    prefix = ipv4_prefix if ip.version == 4 else ipv6_prefix
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def sign_timestamp(now=None):
    return signing.Signer(salt=TIMESTAMP_SALT).sign(str(int(now if now is not None else time.time())))


def timestamp_age(value, now=None):
    """Seconds since a signed timestamp was issued, or None when it is missing or forged."""
    try:
        issued = signing.Signer(salt=TIMESTAMP_SALT).unsign(value or "")
    except signing.BadSignature:
        return None
    if not issued.isdigit():
        return None
    return (now if now is not None else time.time()) - int(issued)


def _digest(value):
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def reporter_key(ip_address):
    """How a reader is told apart for reports, without storing their address."""
    return _digest(f"report:{network_key(ip_address)}")


def reporter_network_key(ip_address):
    """How reporters' networks are told apart, without storing them."""
    return _digest(f"report-network:{report_network(ip_address)}")


def check_flood(ip_address, email):
    """Record a comment from this address and email; False when that breaks a limit.

    The short "one every N seconds" rule is checked first, by IP address and by email,
    then the wider per-IP windows.
    """
    seconds = conf.get("FLOOD_SECONDS")
    network = _digest(network_key(ip_address))
    keys = [f"comments:flood:email:{_digest(email)}", f"comments:flood:ip:{network}"]
    if seconds:
        fresh = [cache.add(key, 1, timeout=seconds) for key in keys]
        if not all(fresh):
            return False
    now = int(time.time())
    for limit, window in conf.get("RATE_LIMITS"):
        if not _within(f"comments:rate:{network}:{window}:{now // window}", limit, window):
            return False
    return True


def check_report_rate(ip_address):
    limit = conf.get("REPORTS_PER_HOUR")
    return _within(
        f"comments:reports:{_digest(network_key(ip_address))}:{int(time.time()) // 3600}", limit, 3600
    )


def _within(key, limit, window):
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit
