"""The client's IP address as every per-IP rate limit counts it, and the throttle classes built on it.

Every per-IP limit (the API's defaults, the catalog's, sign-in and registration, coupon guessing, the shop's and
the admin's sign-in pages) keys on ``client_ip``, so none can be escaped by sending another X-Forwarded-For.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


def client_ip(request) -> str:
    """The address of the client: ``REMOTE_ADDR``, unless ``NUM_PROXIES`` (n) proxies stand in front.

    Each proxy appends the address it saw to X-Forwarded-For, so the client is the n-th entry from the right;
    everything left of it was written by the client and is not trusted. With ``NUM_PROXIES`` 0 (the default)
    the header is ignored. ``request`` is a Django or a DRF request.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    num_proxies = api_settings.NUM_PROXIES or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if num_proxies <= 0 or not hops:
        return remote_addr
    return hops[-min(num_proxies, len(hops))]


class ClientIPMixin:
    """For DRF throttles: identify anonymous callers by ``client_ip``."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class AnonRateThrottle(ClientIPMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientIPMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientIPMixin, throttling.SimpleRateThrottle):
    """A throttle with its own ``scope``; subclasses build the cache key (per IP, per account, per cart)."""

    def get_rate(self):
        # DRF reads the rates once at import; reading them per request lets settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
