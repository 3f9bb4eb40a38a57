"""Response cache for anonymous catalog reads, invalidated by a catalog-wide version number.

Each answer is stored as ``(version, etag, body, expiry)`` under a hash of its path and sorted query, in Redis and in
a small per-process LRU. It is served only while its version is the current catalog version. When something
the catalog shows changes (a product, category, brand or product image is saved or deleted, a price changes,
a review is moderated, a product goes in or out of stock), ``invalidate_catalog()`` bumps the version after
the transaction commits, so every older entry is simply never served again (and expires by its TTL).
A sale that leaves a product in stock changes nothing here (the detail's ``available`` may then lag by at most
CATALOG_CACHE_TTL; carts and orders always read live stock).

The version (``catalog.version``) is re-read from Redis at most every CATALOG_CACHE_VERSION_CHECK seconds, so
a hit from the local tier costs no network round trip. ``cached_catalog_view`` wraps a DRF view: an anonymous
GET is answered before DRF's request machinery runs at all; a miss (or any authenticated or unsafe request)
falls through to the DRF view.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from catalog.version import forget_seen_version, seen_catalog_version

# Bump when the shape of a cached entry changes: a deploy then never reads entries the old code wrote.
ENTRY_FORMAT = 4
JSON = "application/json"
LOCAL_ENTRIES = 1024  # per process: the hot listings and pages fit; the long tail lives in Redis

# Process-local tier: key -> (version, etag, body, expires at, content type), least recently used first.
_local: OrderedDict[str, tuple] = OrderedDict()
_local_lock = threading.Lock()


def _ttl(cap: float | None = None) -> float:
    """Seconds an entry may live: CATALOG_CACHE_TTL, cut short at the next moment a discount starts or ends
    (prices change by themselves then, with no save to bump the version), and at ``cap``."""
    from catalog.pricing import next_price_change

    ttl = getattr(settings, "CATALOG_CACHE_TTL", 300)
    change = next_price_change()
    if change is not None:
        ttl = min(ttl, (change - timezone.now()).total_seconds())
    return ttl if cap is None else min(ttl, cap)


@dataclass(frozen=True)
class OtherReads:
    """Answers of another app kept in this cache: what else they show has its own ``version`` (a function,
    cheap on a hit), and ``ttl_cap`` (called on a miss) gives the seconds until they change by themselves.
    ``pages``: HTML pages, kept only for visitors without any cookie but CSRF's (no cart, no messages)."""

    version: Callable[[], object]
    ttl_cap: Callable[[], float | None] = lambda: None
    pages: bool = False


# (path pattern, OtherReads), registered by the app that serves them (home: the content API and shop pages).
_other_reads: list[tuple[re.Pattern, OtherReads]] = []


def cache_reads_under(prefix: str, *, version: Callable[[], object], ttl_cap=None) -> None:
    """Serve and fill anonymous GETs under ``prefix`` from this cache too (CatalogCacheMiddleware does both).
    Their entries hold while both the catalog version and ``version()`` do: content shows products and prices."""
    _other_reads.append((re.compile(re.escape(prefix)), OtherReads(version, ttl_cap or (lambda: None))))


def cache_pages(pattern: str, *, version: Callable[[], object], ttl_cap=None) -> None:
    """The same for server-rendered pages whose path matches ``pattern`` (a regex, matched in full)."""
    _other_reads.append((re.compile(pattern + r"\Z"), OtherReads(version, ttl_cap or (lambda: None), pages=True)))


def _other_reads_for(path: str) -> OtherReads | None:
    return next((reads for pattern, reads in _other_reads if pattern.match(path)), None)


def clear_local_cache() -> None:
    """Forget this process's cached answers and version (tests; Redis stays as it is)."""
    with _local_lock:
        _local.clear()
    forget_seen_version()


def _normalized_query(request, *, drop: tuple[str, ...] = ()) -> str:
    items = sorted((key, value) for key, values in request.GET.lists() if key not in drop for value in values)
    return "&".join(f"{key}={value}" for key, value in items)


def _key(kind: str, request, *, drop: tuple[str, ...] = ()) -> str:
    # Answers hold absolute links ("next", image URLs) built from the request: one entry per scheme and host, so
    # a caller's Host header never reaches another caller. (Counts are host-independent.)
    origin = "" if kind == "count" else f"{request.scheme}://{request.get_host()}"
    raw = f"{origin}{request.path}?{_normalized_query(request, drop=drop)}"
    return f"catalog:{kind}:f{ENTRY_FORMAT}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"


def cached_count(request, compute) -> int:
    """The result count of the list at ``request``'s path and filters, cached with the catalog version (in
    both tiers, like the answers: a listing this process has counted costs no round trip for its count).

    Saves the ``COUNT(*)`` on every page after the first; ``page`` and ``page_size`` do not change it.
    """
    key, version = _key("count", request, drop=("page", "page_size")), seen_catalog_version()
    hit = _get_entry(key, version)
    if hit is not None:
        return hit[1]
    count = compute()
    _put_entry(key, version, "", count)
    return count


def _get_entry(key: str, version) -> tuple[str, bytes | int, str] | None:
    """(etag, body, content type) of a live entry of ``version``, or None."""
    now = time.time()
    with _local_lock:
        entry = _local.get(key)
        if entry is not None and entry[0] == version and entry[3] > now:
            _local.move_to_end(key)
            return entry[1], entry[2], entry[4]
    entry = cache.get(key)
    if entry is None or entry[0] != version or entry[3] <= now:
        return None
    _remember(key, entry)
    return entry[1], entry[2], entry[4]


def _remember(key: str, entry: tuple) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _put_entry(
    key: str, version, etag: str, body: bytes | int, *, ttl_cap: float | None = None, content_type: str = JSON
) -> None:
    # The expiry travels with the entry, so the local copy of a Redis entry expires when the original does.
    ttl = _ttl(ttl_cap)
    if ttl <= 0:
        return
    entry = (version, etag, body, time.time() + ttl, content_type)
    cache.set(key, entry, ttl)
    _remember(key, entry)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    # Weak comparison (RFC 9110 13.1.2): a W/ prefix added by a proxy still matches.
    return header.strip() == "*" or etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _answer(request, etag: str, body: bytes, content_type: str = JSON) -> HttpResponse:
    if _not_modified(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    return response


def _is_anonymous(request) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cached_catalog_view(view):
    """Serve anonymous GETs of ``view`` (a DRF ``as_view()``) from the cache; every GET 200 carries an ETag."""

    @wraps(view)  # keeps .cls/.initkwargs/.csrf_exempt, which URL resolving and the schema generator read
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        cacheable = _is_anonymous(request)
        if cacheable:
            key = _key("resp", request)
            version = seen_catalog_version()
            hit = _get_entry(key, version)
            if hit is not None:
                return _answer(request, *hit)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = etag_for(response.content)
        if cacheable:
            _put_entry(key, version, etag, response.content)
        if _not_modified(request, etag):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        response["ETag"] = etag
        return response

    return csrf_exempt(wrapper)


CACHED_PATHS = ("/api/v1/products/", "/api/v1/categories/", "/api/v1/brands/")


def _without_credentials(request, reads: OtherReads | None) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if reads is not None and reads.pages:
        # A page shows what the visitor's cookies hold (cart, messages, sign-in): only the cookie-less share one.
        return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _storable(response, reads: OtherReads) -> bool:
    content_type = response.get("Content-Type", "")
    if response.status_code != 200 or response.streaming:
        return False
    if reads.pages:
        # Rendering a form re-sends the visitor's CSRF cookie; any other cookie is the visitor's own state.
        return content_type.startswith("text/html") and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    return content_type.startswith(JSON) and not response.cookies


# A form's CSRF input as ``{% csrf_token %}`` renders it. The token is one visitor's: a stored page keeps a marker
# in its place, and each visitor served from the cache gets a token of their own (``_with_csrf_token``).
CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
CSRF_MARKER = b"{csrf-token}"


def _page_template(request, body: bytes) -> bytes | None:
    """The page as stored: its CSRF tokens replaced by the marker; None if the visitor's secret still shows."""
    body = CSRF_INPUT.sub(rb"\1" + CSRF_MARKER + rb"\2", body)
    secret = request.META.get("CSRF_COOKIE")
    return None if secret and secret.encode() in body else body


def _with_csrf_token(request, body: bytes, content_type: str) -> HttpResponse:
    """A stored page with this visitor's token in its forms. Django's CSRF middleware wraps the answer: it reads the
    visitor's cookie before ``get_token`` and sets it (new or renewed) after, as for a rendered page."""

    def answer(request):
        page = body.replace(CSRF_MARKER, get_token(request).encode())
        response = HttpResponse(page, content_type=content_type)
        response["Content-Length"] = str(len(page))
        return response

    return CsrfViewMiddleware(answer)(request)


def _page_headers(response: HttpResponse) -> HttpResponse:
    """What the middleware below this one adds to a page, for a page answered before they run."""
    patch_vary_headers(response, ("Cookie",))  # shared HTTP caches must not give it to a signed-in visitor
    response.headers.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
    return response


def _fill(request, response, key: str, version, reads: OtherReads) -> HttpResponse:
    """Store another app's fresh anonymous answer (a 200 that sets no cookie of the visitor's), with its ETag."""
    if not _storable(response, reads):
        return response
    body = _page_template(request, response.content) if reads.pages else response.content
    if body is None:
        return response
    etag = etag_for(body)
    _put_entry(key, version, etag, body, ttl_cap=reads.ttl_cap(), content_type=response["Content-Type"])
    if CSRF_MARKER in body:
        return response  # its forms hold this visitor's token: no ETag, so no 304 keeps an old one
    if _not_modified(request, etag):
        response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


class CatalogCacheMiddleware:
    """Answer anonymous catalog GETs that are in the cache before URL routing and the inner middleware run
    (and the reads other apps registered with ``cache_reads_under``, which it also fills on a miss).

    Goes right after CorsMiddleware (request id, security and CORS headers still apply). Only requests
    without credentials (no Authorization header, no session cookie) are answered here; everything else,
    and every miss, continues to ``cached_catalog_view``, which fills the cache. The Host header is still
    validated (ALLOWED_HOSTS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        reads = _other_reads_for(request.path)
        if reads is None and not request.path.startswith(CACHED_PATHS):
            return self.get_response(request)
        if not _without_credentials(request, reads):
            return self.get_response(request)
        # The key holds the validated host: DisallowedHost (a 400) for a host we do not serve.
        key = _key("resp", request)
        version = seen_catalog_version() if reads is None else (seen_catalog_version(), reads.version())
        hit = _get_entry(key, version)
        if hit is not None:
            if reads is None or not reads.pages:
                return _answer(request, *hit)
            _etag, body, content_type = hit
            if CSRF_MARKER in body:
                return _page_headers(_with_csrf_token(request, body, content_type))
            return _page_headers(_answer(request, *hit))
        response = self.get_response(request)
        # Catalog views fill the cache themselves (cached_catalog_view); other apps' reads are filled here.
        return response if reads is None else _fill(request, response, key, version, reads)
