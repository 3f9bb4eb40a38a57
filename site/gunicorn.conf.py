"""Gunicorn settings for `gunicorn storefront.wsgi -c site/gunicorn.conf.py`, each overridable from the environment.

PORT / GUNICORN_BIND       where to listen (default 0.0.0.0:$PORT, PORT default 8000)
GUNICORN_WORKERS           processes (default WEB_CONCURRENCY, else 2 x cores + 1 capped at GUNICORN_MAX_WORKERS=8)
GUNICORN_THREADS           threads per process (default 2: the gthread worker, which also honours keep-alive)
GUNICORN_TIMEOUT           seconds a request may take before its worker is killed and replaced (default 30)
GUNICORN_GRACEFUL_TIMEOUT  seconds in-flight requests get to finish on restart or shutdown (default 30)
GUNICORN_KEEPALIVE         seconds an idle keep-alive connection is held open (default 5)
GUNICORN_MAX_REQUESTS      recycle a worker after this many requests, 0 = never (default 1000; bounds slow leaks)
GUNICORN_MAX_REQUESTS_JITTER  random spread on that, so workers do not all restart at once (default 100)
FORWARDED_ALLOW_IPS        proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1,::1)
GUNICORN_ACCESS_LOG        access log target, "-" = stdout, "" = off (default "-")
LOG_LEVEL                  gunicorn's own log level (default info)
GUNICORN_CONTROL_SOCKET    path of the `gunicornc` control socket; unset = none (the default path is per user, so
                           two servers on one machine would fight over it)
"""

import datetime
import json
import os

from gunicorn.glogging import Logger

# gunicorn puts the working directory (the repository) on sys.path before it reads this file.
from storefront.redaction import redact_query


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # honours CPU pinning (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


# All interfaces by default: in a container the published port arrives on the container's own address.
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", min(2 * _cores() + 1, _int("GUNICORN_MAX_WORKERS", 8))))
threads = _int("GUNICORN_THREADS", 2)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The worker heartbeat file lives in memory: on a container's overlay filesystem it can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - a directory, not a temp file
proc_name = "storefront"
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Above Django's own limit (storefront.edge: 4096), so an overlong URL gets the API's JSON 414, not gunicorn's HTML.
limit_request_line = 8190


class JsonAccessLogger(Logger):
    """One JSON object per request on the access log, carrying the same request id as the app's own log lines."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        record = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{atoms['m']} {atoms['U']} {atoms['s']}",
            # RequestIdMiddleware echoes the id it used (the proxy's, or a fresh one) on the response.
            "request_id": atoms.get("{x-request-id}o") or atoms.get("{x-request-id}i") or "-",
            "method": atoms["m"],
            "path": atoms["U"],
            "query": redact_query(atoms["q"]),  # no guest order tokens (?token=) in the log
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"] or 0,
            "duration_ms": atoms["M"],
            "remote_addr": atoms["h"],
            "forwarded_for": atoms.get("{x-forwarded-for}i", ""),
            "user_agent": atoms["a"],
        }
        try:
            self.access_log.info(json.dumps(record, default=str))
        except Exception:
            self.exception("access log failed")


logger_class = JsonAccessLogger
