"""Browser-policy headers on every response: Content-Security-Policy, Permissions-Policy and
Cross-Origin-Resource-Policy (Django's SecurityMiddleware already sends Cross-Origin-Opener-Policy,
nosniff and the referrer policy).

Listed in MIDDLEWARE next to SecurityMiddleware, before the page cache, so that pages served
from the cache carry the policy in force now, not the one they were stored with.
Django 6.0 ships its own CSP middleware; this one is small enough to swap for it then.
"""

from django.conf import settings


def content_security_policy(directives):
    """``{"script-src": ["'self'"], ...}`` as a header value; an empty list means a bare directive."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_policy(denied):
    return ", ".join(f"{feature}=()" for feature in denied)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": content_security_policy(settings.CONTENT_SECURITY_POLICY),
            "Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY_DENIED),
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
            # XFrameOptionsMiddleware sits below WhiteNoise, which answers static files first.
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            # A view that needs a different policy (none does today) sets its own header.
            response.headers.setdefault(name, value)
        return response
