"""The catalog version: one number in Redis that moves whenever what the public catalog shows changes (a
product, category, brand, image or discount saved or deleted, a price or stock flag changed, a review
moderated). Whatever keeps catalog data beyond a request keys it on this number: the response cache
(``catalog.cache``) and pricing's discount snapshot (``catalog.pricing``), so a move makes both start over.

A process re-reads the number from Redis at most every CATALOG_CACHE_VERSION_CHECK seconds (default 1): a cache
hit then costs no network round trip, and a change made in another process is seen within that interval
(changes made here are seen at once).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"

# The version this process last read, and when (monotonic seconds): a tuple, so threads swap it atomically.
_seen_version: tuple[int | None, float] = (None, 0.0)


def catalog_version() -> int:
    """The current catalog version, read from Redis (created on first use)."""
    global _seen_version
    version = cache.get(VERSION_KEY)
    if version is None:
        # A time-based start means a lost version key can never bring back entries cached under an old number.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    _seen_version = (version, time.monotonic())
    return version


def seen_catalog_version() -> int:
    """The catalog version as this process knows it, re-read from Redis at most every
    CATALOG_CACHE_VERSION_CHECK seconds."""
    version, checked = _seen_version
    if version is None or time.monotonic() - checked >= getattr(settings, "CATALOG_CACHE_VERSION_CHECK", 1.0):
        return catalog_version()
    return version


def bump_catalog_version() -> None:
    """Make everything kept under the current version obsolete, now. Prefer ``invalidate_catalog`` inside
    transactions."""
    global _seen_version
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): start a fresh, larger one
        version = time.time_ns() // 1000
        cache.set(VERSION_KEY, version, timeout=None)
    _seen_version = (version, time.monotonic())


def invalidate_catalog() -> None:
    """Bump the catalog version once the current transaction commits (at once outside a transaction).

    After commit, not before: a request running between the bump and the commit would otherwise cache the
    old data under the new version.
    """
    transaction.on_commit(bump_catalog_version)


def forget_seen_version() -> None:
    """Make this process read the version from Redis next time (tests)."""
    global _seen_version
    _seen_version = (None, 0.0)
