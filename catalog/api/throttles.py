"""The project's anonymous/user request rates for the catalog endpoints, counted with one increment a request.

DRF's ``AnonRateThrottle`` + ``UserRateThrottle`` (the project defaults) keep the time of every request of the
last window in a list that each request reads and writes back: four cache round trips for an anonymous
caller, with a payload that grows with the allowed rate. The catalog's uncached reads are its hot path, so
here the same rates (``anon`` per client IP, ``user`` per signed-in user: the limit that applies to each
caller under the defaults) are counted per fixed window in one atomic ``incr``. A fixed window may let a
client make up to twice its rate across a window boundary; the defaults' sliding window does not.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from storefront.throttling import ClientIPMixin


class CatalogRateThrottle(ClientIPMixin, SimpleRateThrottle):
    def __init__(self):
        # The scope (so the rate) depends on the caller; it is chosen per request in allow_request.
        self.rate = None

    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        scope = "user" if signed_in else "anon"
        # Read per request (not once at import, as DRF does), so settings overrides apply.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.now = self.timer()
        window = int(self.now // self.duration)
        ident = user.pk if signed_in else self.get_ident(request)
        key = f"throttle_catalog_{scope}_{ident}_{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or its key expired): start it
            count = 1 if self.cache.add(key, 1, self.duration + 1) else self.cache.incr(key)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the current window ends (the Retry-After of a 429)."""
        return self.duration - (self.now % self.duration)
