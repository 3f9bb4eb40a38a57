"""Response cache for anonymous catalog reads, invalidated by a catalog-wide version number.

Every cached answer is stored under ``catalog:<version>:<hash of path + sorted query>``. When something the
catalog shows changes (a product, category or brand is saved or deleted, a price changes, a review is
moderated, a product goes in or out of stock), ``invalidate_catalog()`` bumps the version after the
transaction commits, so every older entry is simply never read again and expires by its TTL.
A sale that leaves a product in stock changes nothing here (the detail's ``available`` may then lag by at most
the TTL; carts and orders always read live stock).

``cached_catalog_view`` wraps a DRF view: an anonymous GET is answered from Redis before DRF's request
machinery runs at all; a miss (or any authenticated or unsafe request) falls through to the DRF view.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.csrf import csrf_exempt

VERSION_KEY = "catalog:version"
JSON = "application/json"


def _ttl() -> int:
    return getattr(settings, "CATALOG_CACHE_TTL", 300)


def catalog_version() -> int:
    """The current catalog version (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A time-based start means a lost version key can never bring back entries cached under an old number.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_catalog_version() -> None:
    """Make every cached catalog answer obsolete, now. Prefer ``invalidate_catalog`` inside transactions."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): start a fresh, larger one
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def invalidate_catalog() -> None:
    """Bump the catalog version once the current transaction commits (at once outside a transaction).

    After commit, not before: a request running between the bump and the commit would otherwise cache the
    old data under the new version.
    """
    transaction.on_commit(bump_catalog_version)


def _normalized_query(request, *, drop: tuple[str, ...] = ()) -> str:
    items = sorted((key, value) for key, values in request.GET.lists() if key not in drop for value in values)
    return "&".join(f"{key}={value}" for key, value in items)


def _key(kind: str, version: int, request, *, drop: tuple[str, ...] = ()) -> str:
    raw = f"{request.path}?{_normalized_query(request, drop=drop)}"
    return f"catalog:{kind}:{version}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"


def cached_count(request, compute) -> int:
    """The result count of the list at ``request``'s path and filters, cached with the catalog version.

    Saves the ``COUNT(*)`` on every page after the first; ``page`` and ``page_size`` do not change it.
    """
    key = _key("count", catalog_version(), request, drop=("page", "page_size"))
    count = cache.get(key)
    if count is None:
        count = compute()
        cache.set(key, count, _ttl())
    return count


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    # Weak comparison (RFC 9110 13.1.2): a W/ prefix added by a proxy still matches.
    return header.strip() == "*" or etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _answer(request, etag: str, body: bytes) -> HttpResponse:
    response = HttpResponseNotModified() if _not_modified(request, etag) else HttpResponse(body, content_type=JSON)
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
            key = _key("resp", catalog_version(), request)
            hit = cache.get(key)
            if hit is not None:
                return _answer(request, *hit)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = etag_for(response.content)
        if cacheable:
            cache.set(key, (etag, response.content), _ttl())
        if _not_modified(request, etag):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        response["ETag"] = etag
        return response

    return csrf_exempt(wrapper)
