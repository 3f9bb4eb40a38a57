"""Rate limits for sign-in and registration, counted in the default cache (Redis in production).

DRF throttles, used by the API views and, with the same counters, by the browser sign-in page.
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


class LoginAccountThrottle(ScopedRateThrottle):
    """Sign-in attempts per account, whichever IPs they come from (stops distributed password guessing)."""

    scope = "login_account"

    def get_cache_key(self, request, view):
        # A DRF Request has .data; the browser sign-in page passes Django's request and its form field name.
        data = request.data if hasattr(request, "data") else request.POST
        email = data.get(getattr(view, "throttle_email_field", "email")) if hasattr(data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None  # the request fails validation anyway
        # Hashed: no addresses in the cache, and a bounded, cache-safe key whatever was sent.
        ident = hashlib.sha256(User.objects.normalize_email(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class RegisterThrottle(ScopedRateThrottle):
    """Registrations per client IP."""

    scope = "register"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def sign_in_wait(request, view) -> int | None:
    """Seconds a browser sign-in attempt must wait (the per-IP and per-account limits together), or None.

    ``view.throttle_email_field`` names the posted email field. Counts the attempt, as the API does."""
    waits = []
    for throttle_class in (LoginIPThrottle, LoginAccountThrottle):
        throttle = throttle_class()
        if not throttle.allow_request(request, view):
            waits.append(throttle.wait() or 1)
    return math.ceil(max(waits)) if waits else None
