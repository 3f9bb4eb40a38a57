"""Rate limits on applying coupon codes (guessing), counted in the default cache (Redis in production).

Per cart, and per client IP: a guesser who opens a fresh cart for every try still meets the IP limit.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _ScopedThrottle(SimpleRateThrottle):
    def get_rate(self):
        # DRF reads the rates once at import; reading them per request lets settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class CouponCartThrottle(_ScopedThrottle):
    """Coupon attempts on one cart (the cart id in the URL)."""

    scope = "coupon_cart"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": str(view.kwargs.get("cart_id"))}


class CouponIPThrottle(_ScopedThrottle):
    """Coupon attempts from one client IP, whatever the cart."""

    scope = "coupon_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
