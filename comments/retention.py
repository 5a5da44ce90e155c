"""IP addresses are kept for moderation, then anonymized (as Google Analytics does it)."""

import datetime
import ipaddress

from django.utils import timezone

from . import conf


def anonymize_ip(address):
    """The address with its host part zeroed: the last octet of IPv4, all but a /48 of IPv6."""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def anonymize_old_ips(days=None, now=None):
    """Anonymize the IP addresses of comments older than ``days``; returns how many changed."""
    from .models import Comment

    days = conf.get("IP_RETENTION_DAYS") if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False)
    changed = 0
    for pk, address in old.values_list("pk", "ip_address").iterator():
        masked = anonymize_ip(address)
        if masked != address:
            Comment.objects.filter(pk=pk).update(ip_address=masked)
            changed += 1
    return changed
