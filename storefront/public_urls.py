"""Absolute URLs in answers: on PUBLIC_BASE_URL when the operator configured one, else on the scheme and host
the request reached (``request.get_host()``, so only hosts in ALLOWED_HOSTS). An answer built with these is
host-dependent: it must not be stored in a shared cache unless its key carries the scheme and host.

Image URLs follow the same rule, applied when an answer is rendered (``absolute_image_urls``, called by the API's
JSON renderer): the read models that hold images (catalog.selectors, home.selectors and the caches under them)
keep the storage's URL, which names no host, so one cached read model serves every host.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings


def base_url(request) -> str:
    """``scheme://host`` (no path, no trailing slash). Without a request (an e-mail an outbox handler sends):
    PUBLIC_BASE_URL, else the address Wagtail's own e-mails use, WAGTAILADMIN_BASE_URL."""
    configured = settings.PUBLIC_BASE_URL or (settings.WAGTAILADMIN_BASE_URL if request is None else "")
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, url: str) -> str:
    """A site path on ``base_url(request)``; an absolute http(s) URL (another Wagtail site's page) as it is."""
    if url.startswith(("http://", "https://")):
        return url
    return base_url(request) + url


def rebased_url(request, url: str) -> str:
    """``url``'s path and query on ``base_url(request)``, whatever host it named (for URLs Wagtail builds on
    WAGTAILAPI_BASE_URL or the Site record's hostname)."""
    parts = urlsplit(url)
    return base_url(request) + parts.path + (f"?{parts.query}" if parts.query else "")


def absolute_media_url(request, url: str) -> str:
    """A URL the file storage gave (``/media/...``, or already absolute on a CDN) as an absolute URL."""
    if url.startswith("//"):  # scheme-relative (a CDN's MEDIA_URL): the request's scheme
        return f"{request.scheme}:{url}"
    return absolute_url(request, url) if url.startswith("/") else url


# An image object of the contract: {url, width, height, alt}.
_IMAGE_KEYS = frozenset(("url", "width", "height"))


def absolute_image_urls(request, data):
    """``data`` (an answer: dicts, lists, scalars) with the ``url`` of every image object in it made absolute.
    What changes is copied, never changed in place: parts of ``data`` may be shared, cached read models."""
    if isinstance(data, list):
        items = [absolute_image_urls(request, item) for item in data]
        return items if any(new is not old for new, old in zip(items, data, strict=True)) else data
    if not isinstance(data, Mapping):
        return data
    if data.keys() >= _IMAGE_KEYS and isinstance(data["url"], str):
        url = absolute_media_url(request, data["url"])
        return data if url == data["url"] else {**data, "url": url}
    changed = {}
    for key, value in data.items():
        new = absolute_image_urls(request, value)
        if new is not value:
            changed[key] = new
    return {**data, **changed} if changed else data
