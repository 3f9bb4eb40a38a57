"""The cache of the CMS read models (navigation, footer, banners, guarantees) in the default cache.

Keys carry a per-kind version token; publishing, unpublishing or deleting content replaces the token,
which drops every cached variant of that kind at once (all banner positions, say) without scanning keys.
"""

import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KINDS = ("navigation", "footer", "banners", "guarantees")
# Upper bound on staleness for anything not invalidated explicitly (pages renamed, images replaced).
DEFAULT_TIMEOUT = 300
# Bump when what an entry holds changes (its shape, or a rule applied when it is built, such as dropping unsafe
# links): a deploy then never serves entries the previous code wrote.
ENTRY_FORMAT = 2


def _version_key(kind: str) -> str:
    return f"cms:{kind}:version"


def _version(kind: str) -> str:
    key = _version_key(kind)
    version = cache.get(key)
    if version is None:
        # A random token, not a counter: if the version key is evicted, old entries can never match again.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def _key(kind: str, variant: str) -> str:
    return f"cms:{ENTRY_FORMAT}:{kind}:{_version(kind)}:{variant}"


def lookup(kind: str, variant: str) -> Any:
    return cache.get(_key(kind, variant))


def store(kind: str, variant: str, value: Any, *, timeout: float = DEFAULT_TIMEOUT) -> None:
    cache.set(_key(kind, variant), value, timeout=max(1, int(timeout)))


def cached(kind: str, variant: str, build: Callable[[], Any], *, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """``build()``'s value for (kind, variant), from the cache when present. ``timeout`` in seconds."""
    value = lookup(kind, variant)
    if value is None:
        value = build()
        store(kind, variant, value, timeout=timeout)
    return value


def _bump(kind: str) -> None:
    cache.set(_version_key(kind), uuid.uuid4().hex, timeout=None)


# --- the content version: whole cached answers of the content API (catalog.cache serves them) -------------
# One token for everything editors publish: any of the kinds above, or a page published, unpublished, moved or
# deleted. Cached /api/v1/cms/ and /api/v2/pages/ answers are served only while it (and the catalog version) holds.
# The token this process last read, and when (monotonic seconds): a tuple, so threads swap it atomically.
_seen_content: tuple[str | None, float] = (None, 0.0)


def content_version() -> str:
    """The content version as this process knows it, re-read from the cache at most every
    CATALOG_CACHE_VERSION_CHECK seconds (as the catalog's): another instance sees a publish within that."""
    global _seen_content
    version, checked = _seen_content
    if version is None or time.monotonic() - checked >= settings.CATALOG_CACHE_VERSION_CHECK:
        version = _version("content")
        _seen_content = (version, time.monotonic())
    return version


def _bump_content() -> None:
    global _seen_content
    version = uuid.uuid4().hex
    cache.set(_version_key("content"), version, timeout=None)
    _seen_content = (version, time.monotonic())


def forget_content_version() -> None:
    """Make this process re-read the content version on its next use (tests)."""
    global _seen_content
    _seen_content = (None, 0.0)


def invalidate(*kinds: str) -> None:
    """Drop the cached read models of ``kinds``, and every cached content answer, now and again after the current
    transaction commits, so a reader that cached the old state while the change was uncommitted does not keep it."""
    for kind in kinds:
        _bump(kind)
        transaction.on_commit(partial(_bump, kind))
    _bump_content()
    transaction.on_commit(_bump_content)
