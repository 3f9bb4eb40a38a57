"""Product view counters: one Redis hash per store-local day (``slug -> views``), no database write per view.

Counting is one pipelined HINCRBY + SADD. Flushing never loses an increment: a day's hash is RENAMEd to a
batch key atomically (MULTI), so a view arriving during the flush lands in a fresh hash that the next flush
takes; the batch is then read, added to the database, and deleted only after that transaction committed.
Each batch carries a token recorded in the same transaction (``ViewFlushBatch``), so a batch left in Redis by a
crash between the commit and the delete is recognised and dropped, never added twice.

Without Redis (a laptop on the local-memory cache) the counters live in this process, which is where the
local-memory cache lives too.
"""

import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings


@dataclass
class Batch:
    token: str
    day: date
    counts: dict[str, int]  # slug -> views
    key: str = ""


class RedisViewCounter:
    def __init__(self, client, *, prefix: str = "reports:views"):
        self.client = client
        self.prefix = prefix
        self.days_key = f"{prefix}:days"  # days that have a live hash
        self.batches_key = f"{prefix}:batches"  # hashes moved out of the live ones, waiting for the database

    def _day_key(self, day: str) -> str:
        return f"{self.prefix}:day:{day}"

    def increment(self, *, day: date, slug: str, by: int = 1) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(self._day_key(day.isoformat()), slug, by)
        pipe.sadd(self.days_key, day.isoformat())
        pipe.execute()

    def detach(self) -> None:
        """Move every day's live hash to a batch key, atomically per day (views keep counting into new hashes)."""
        for raw_day in self.client.smembers(self.days_key):
            day = raw_day.decode()
            batch_key = f"{self.prefix}:batch:{day}:{uuid.uuid4().hex}"
            pipe = self.client.pipeline(transaction=True)
            pipe.rename(self._day_key(day), batch_key)
            pipe.sadd(self.batches_key, batch_key)
            pipe.srem(self.days_key, day)
            # RENAME fails when the hash is gone (an earlier flush took it): the rest still applies.
            pipe.execute(raise_on_error=False)

    def pending(self) -> list[Batch]:
        batches = []
        for raw_key in self.client.smembers(self.batches_key):
            key = raw_key.decode()
            _, day, token = key.rsplit(":", 2)
            counts = {slug.decode(): int(n) for slug, n in self.client.hgetall(key).items()}
            batches.append(Batch(token=token, day=date.fromisoformat(day), counts=counts, key=key))
        return batches

    def acknowledge(self, batch: Batch) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(batch.key)
        pipe.srem(self.batches_key, batch.key)
        pipe.execute()

    def peek(self, *, day: date) -> dict[str, int]:
        """Views counted for ``day`` and not yet flushed (tests, diagnostics)."""
        return {slug.decode(): int(n) for slug, n in self.client.hgetall(self._day_key(day.isoformat())).items()}


class LocalViewCounter:
    """The same interface in process memory, for setups without Redis."""

    def __init__(self):
        self._lock = threading.Lock()
        self._live: dict[date, Counter] = {}
        self._batches: dict[str, Batch] = {}

    def increment(self, *, day: date, slug: str, by: int = 1) -> None:
        with self._lock:
            self._live.setdefault(day, Counter())[slug] += by

    def detach(self) -> None:
        with self._lock:
            live, self._live = self._live, {}
            for day, counts in live.items():
                token = uuid.uuid4().hex
                self._batches[token] = Batch(token=token, day=day, counts=dict(counts))

    def pending(self) -> list[Batch]:
        with self._lock:
            return list(self._batches.values())

    def acknowledge(self, batch: Batch) -> None:
        with self._lock:
            self._batches.pop(batch.token, None)

    def peek(self, *, day: date) -> dict[str, int]:
        with self._lock:
            return dict(self._live.get(day, {}))

    def clear(self) -> None:
        with self._lock:
            self._live.clear()
            self._batches.clear()


_local = LocalViewCounter()


def view_counter() -> RedisViewCounter | LocalViewCounter:
    if settings.REDIS_URL:
        from django_redis import get_redis_connection

        # The cache's key prefix keeps two deployments sharing one Redis database apart.
        prefix = settings.CACHES["default"].get("KEY_PREFIX") or "sf"
        return RedisViewCounter(get_redis_connection("default"), prefix=f"{prefix}:reports:views")
    return _local
