"""Absolute URLs in answers: on PUBLIC_BASE_URL when the operator configured one, else on the scheme and host
the request reached (``request.get_host()``, so only hosts in ALLOWED_HOSTS). An answer built with these is
host-dependent: it must not be stored in a shared cache unless its key carries the scheme and host."""

from urllib.parse import urlsplit

from django.conf import settings


def base_url(request) -> str:
    """``scheme://host`` (no path, no trailing slash)."""
    configured = settings.PUBLIC_BASE_URL
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
