"""Guest order tokens never reach a log: gunicorn's access log and Sentry events see them masked."""

import datetime
import importlib.util
import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from storefront.edge import MAX_URL_LENGTH
from storefront.redaction import (
    REDACTED,
    redact_query,
    redact_sentry_breadcrumb,
    redact_sentry_event,
    redact_url,
)

SECRET = "s3cr3t-guest-token"
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "site" / "gunicorn.conf.py"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"token={SECRET}", f"token={REDACTED}"),
        (f"page=2&token={SECRET}&x=1", f"page=2&token={REDACTED}&x=1"),
        (f"tok%65n={SECRET}", f"tok%65n={REDACTED}"),  # Django decodes the name to "token"
        (f"TOKEN={SECRET}", f"TOKEN={REDACTED}"),
        ("page=2&tokens=1&mytoken=2", "page=2&tokens=1&mytoken=2"),  # other parameters are kept
        ("", ""),
        (None, ""),
    ],
)
def test_redact_query_masks_only_the_token_values(query, expected):
    assert redact_query(query) == expected


def test_redact_url_keeps_the_path_and_the_fragment():
    url = f"https://shop.example/orders/SF-2345ABCD/?token={SECRET}#lines"
    assert redact_url(url) == f"https://shop.example/orders/SF-2345ABCD/?token={REDACTED}#lines"
    assert redact_url("/orders/SF-2345ABCD/") == "/orders/SF-2345ABCD/"


def load_gunicorn_conf():
    spec = importlib.util.spec_from_file_location("storefront_gunicorn_conf", GUNICORN_CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_the_gunicorn_access_log_masks_the_token():
    conf = load_gunicorn_conf()
    cfg = Config()
    cfg.set("accesslog", "-")
    access_logger = conf.JsonAccessLogger(cfg)
    collect = Collect()
    access_logger.access_log.addHandler(collect)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/v1/orders/SF-2345ABCD/?token={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/api/v1/orders/SF-2345ABCD/",
        "QUERY_STRING": f"token={SECRET}&page=1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", headers=[("X-Request-ID", "abc")], sent=10, response_length=10)
    request = SimpleNamespace(headers=[("X-ORDER-TOKEN", SECRET)])

    access_logger.access(response, request, environ, datetime.timedelta(milliseconds=7))

    (line,) = collect.lines
    assert SECRET not in line
    record = json.loads(line)
    assert (record["path"], record["query"], record["request_id"]) == (
        "/api/v1/orders/SF-2345ABCD/",
        f"token={REDACTED}&page=1",
        "abc",
    )


def test_gunicorn_lets_django_answer_overlong_urls():
    # gunicorn's default (4094) would answer first, with an HTML page instead of the API's JSON 414.
    assert load_gunicorn_conf().limit_request_line > MAX_URL_LENGTH


def test_sentry_events_carry_no_token():
    event = {
        "request": {
            "url": "https://shop.example/api/v1/orders/SF-2345ABCD/",
            "query_string": f"token={SECRET}",
            "headers": {"X-Order-Token": SECRET, "Referer": f"https://shop.example/orders/SF-1/?token={SECRET}"},
        }
    }
    redacted = redact_sentry_event(event, {})
    assert SECRET not in json.dumps(redacted)
    assert redacted["request"]["query_string"] == f"token={REDACTED}"
    assert redacted["request"]["headers"]["X-Order-Token"] == REDACTED
    assert redact_sentry_event({"message": "no request"}, {}) == {"message": "no request"}


def test_sentry_breadcrumbs_carry_no_token():
    crumb = {
        "category": "httplib",
        "message": f"GET https://shop.example/orders/SF-1/?token={SECRET}",
        "data": {"url": f"https://shop.example/orders/SF-1/?token={SECRET}", "http.query": f"token={SECRET}"},
    }
    assert SECRET not in json.dumps(redact_sentry_breadcrumb(crumb, {}))
