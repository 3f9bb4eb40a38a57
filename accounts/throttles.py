"""Rate limits for sign-in, registration and password reset, counted in the default cache (Redis in production).

DRF throttles, used by the API views and, with the same counters, by the browser pages (sign-in, sign-up,
password reset, and password change, which counts as a sign-in attempt: it tests the current password).
"""

import hashlib
import math

from accounts.models import User
from storefront.throttling import ScopedRateThrottle


class LoginIPThrottle(ScopedRateThrottle):
    """Sign-in attempts (and token refreshes) per client IP."""

    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _PerAccountThrottle(ScopedRateThrottle):
    """Counts per email address, whatever the IP: the posted one (``view.throttle_email_field``, default
    ``email``), or ``view.throttle_email`` on a page that posts none (the signed-in shopper's password change)."""

    def get_cache_key(self, request, view):
        email = getattr(view, "throttle_email", None)
        if email is None:
            # A DRF Request has .data; the browser sign-in page passes Django's request and its form field name.
            data = request.data if hasattr(request, "data") else request.POST
            email = data.get(getattr(view, "throttle_email_field", "email")) if hasattr(data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None  # the request fails validation anyway
        # Hashed: no addresses in the cache, and a bounded, cache-safe key whatever was sent.
        ident = hashlib.sha256(User.objects.normalize_email(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginAccountThrottle(_PerAccountThrottle):
    """Sign-in attempts per account, whichever IPs they come from (stops distributed password guessing)."""

    scope = "login_account"


class RegisterThrottle(ScopedRateThrottle):
    """Registrations per client IP."""

    scope = "register"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetIPThrottle(ScopedRateThrottle):
    """Password reset requests and confirmations per client IP."""

    scope = "password_reset_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetAccountThrottle(_PerAccountThrottle):
    """Password reset mails asked for one address, whichever IPs ask (nobody's inbox gets flooded)."""

    scope = "password_reset_account"


def throttle_wait(request, view, throttle_classes) -> int | None:
    """Seconds a browser form post must wait under the API's throttles ``throttle_classes``, or None.

    The same counters as the API's, so switching between API and page gains no attempts. Counts the attempt.
    ``view.throttle_email_field`` names the posted email field for the per-account limits."""
    waits = []
    for throttle_class in throttle_classes:
        throttle = throttle_class()
        if not throttle.allow_request(request, view):
            waits.append(throttle.wait() or 1)
    return math.ceil(max(waits)) if waits else None


def sign_in_wait(request, view) -> int | None:
    """Seconds a browser sign-in attempt must wait (the per-IP and per-account limits together), or None."""
    return throttle_wait(request, view, (LoginIPThrottle, LoginAccountThrottle))
