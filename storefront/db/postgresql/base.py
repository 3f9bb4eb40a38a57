"""PostgreSQL, with the health check of a kept connection skipped while it was in use a moment ago.

With CONN_HEALTH_CHECKS, Django checks a persistent connection with a round trip before every request that
uses it. Under steady traffic that is one more query per request, on a connection that worked a moment ago.
Here the check runs only when the connection has been idle for ``HEALTH_CHECK_IDLE`` seconds (default 1): after
a quiet spell, which is when a database restart or a dropped connection can have gone unnoticed. A connection
that fails during a request is still dropped at its end (Django's ``errors_occurred`` check).
"""

import time

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at: float | None = None  # monotonic time this connection last gave out a cursor

    def close_if_health_check_failed(self):
        idle_limit = self.settings_dict.get("HEALTH_CHECK_IDLE", 1.0)
        used_at = self._used_at
        if self.connection is not None and used_at is not None and time.monotonic() - used_at < idle_limit:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def create_cursor(self, name=None):
        cursor = super().create_cursor(name)
        self._used_at = time.monotonic()
        return cursor

    def close(self):
        self._used_at = None
        super().close()
