"""Per-process memos of catalog data that only a catalog change can alter (slug lookups, summary images).

Whatever changes what the catalog shows bumps the catalog version (``catalog.handlers``, ``catalog.cache``), so
a value read under one version stays right until the version moves. A memo empties itself then, and also after
CATALOG_CACHE_TTL at the latest: a backstop for changes made behind the model signals' back, as
``catalog.pricing`` does for its discount snapshot. Without the cache (no version to go by) nothing is kept,
and inside a transaction nothing is read or kept (it may see its own uncommitted changes, or be rolled back).
"""

import threading
import time

from django.conf import settings
from django.db import connection

from catalog.cache import seen_catalog_version


class VersionedMemo:
    """A dict of values read under the current catalog version; at most ``max_entries`` (then it starts over),
    so a flood of distinct keys cannot grow a process without bound."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        # (version, when it was started, the entries): one tuple, so threads swap it atomically.
        self._state: tuple[object, float, dict] = (None, 0.0, {})
        self._lock = threading.Lock()

    def current(self) -> dict:
        """The entries for the current version: read from it, and store what you read *after* this call (a
        change committed meanwhile has moved the version, so the next call starts over without it)."""
        if _in_transaction():
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


def _in_transaction() -> bool:
    # The atomic blocks Django's TestCase wraps each test in are marked, and are not the code's own.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)
