"""The one per-process memo of catalog data that only a catalog change can alter: slug and attribute-name
lookups, brand and category names, product images with their renditions. Keys are tuples whose first item
says what they hold (``("brand", slug)``, ``("summary image", product_id)``...).

Whatever changes what the catalog shows moves the catalog version (``catalog.version``), so a value read under
one version stays right until the version moves; the memo empties itself then, and after CATALOG_CACHE_TTL at
the latest (a backstop for changes made behind the model signals' back). Without the cache (no version to go
by) nothing is kept, and inside a transaction nothing is read or kept: it may see its own uncommitted changes,
or be rolled back. (Tests run inside one, so they see every read; ``transaction=True`` tests see the memo.)
"""

import threading
import time

from django.conf import settings
from django.db import connection

from catalog.version import seen_catalog_version

MAX_ENTRIES = 50_000  # then it starts over: a flood of distinct keys cannot grow a process without bound


class VersionedMemo:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        # (version, when it was started, the entries): one tuple, so threads swap it atomically.
        self._state: tuple[object, float, dict] = (None, 0.0, {})
        self._lock = threading.Lock()

    def current(self) -> dict:
        """The entries for the current version: read from it, and store what you read *after* this call (a
        change committed meanwhile has moved the version, so the next call starts over without it)."""
        if connection.in_atomic_block:
            return {}
        try:
            version = seen_catalog_version()
        except Exception:  # the cache is down: no version to trust, so remember nothing
            return {}
        seen, started, entries = self._state
        if seen != version or time.monotonic() - started >= getattr(settings, "CATALOG_CACHE_TTL", 300):
            with self._lock:
                entries = {}
                self._state = (version, time.monotonic(), entries)
        elif len(entries) >= self.max_entries:
            entries.clear()
        return entries


remembered = VersionedMemo(MAX_ENTRIES)
