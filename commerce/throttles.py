"""Rate limits on applying coupon codes (guessing), counted in the default cache (Redis in production).

Per cart, and per client IP: a guesser who opens a fresh cart for every try still meets the IP limit.
"""

from storefront.throttling import ScopedRateThrottle


class CouponCartThrottle(ScopedRateThrottle):
    """Coupon attempts on one cart (the cart id in the URL)."""

    scope = "coupon_cart"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": str(view.kwargs.get("cart_id"))}


class CouponIPThrottle(ScopedRateThrottle):
    """Coupon attempts from one client IP, whatever the cart."""

    scope = "coupon_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
