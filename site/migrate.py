"""Run `manage.py migrate --noinput` while holding a PostgreSQL advisory lock, so replicas starting together migrate
one at a time (the others wait, then find nothing left to do). On SQLite there is one process anyway: no lock.

Usage: python site/migrate.py [extra migrate arguments]
"""

import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A fixed 32-bit key in the advisory-lock space, named so it is recognisable in pg_locks.
LOCK_KEY = zlib.crc32(b"storefront:migrate")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
    import django

    django.setup()
    from django.db import connections

    migrate = [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", *sys.argv[1:]]
    if connections["default"].vendor != "postgresql":
        return subprocess.call(migrate, cwd=ROOT)  # noqa: S603 - our own manage.py

    # A connection of its own: the lock lives exactly as long as this session, whatever migrate does.
    lock = connections.create_connection("default")
    try:
        with lock.cursor() as cursor:
            started = time.monotonic()
            print(f"migrate: waiting for advisory lock {LOCK_KEY}", flush=True)
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            print(f"migrate: lock held after {time.monotonic() - started:.1f}s", flush=True)
            try:
                return subprocess.call(migrate, cwd=ROOT)  # noqa: S603 - our own manage.py
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    finally:
        lock.close()


if __name__ == "__main__":
    sys.exit(main())
