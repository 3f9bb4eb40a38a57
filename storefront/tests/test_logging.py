import json
import logging

import pytest

from storefront.logging import JsonFormatter, RequestIdFilter, set_request_id


def test_response_echoes_a_sane_incoming_request_id(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"


def test_unsafe_request_id_is_replaced(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_log_line_is_json_with_the_request_id():
    set_request_id("req-42")
    record = logging.makeLogRecord({"msg": "placed %s", "args": ("SF-1",), "levelname": "INFO", "order": "SF-1"})
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "placed SF-1"
    assert line["request_id"] == "req-42"
    assert line["extra"] == {"order": "SF-1"}


@pytest.mark.django_db
def test_celery_task_carries_the_request_id_of_its_caller():
    from storefront.celery import _carry_request_id

    set_request_id("req-7")
    headers: dict = {}
    _carry_request_id(headers=headers)
    assert headers["request_id"] == "req-7"
