"""The PostgreSQL backend (storefront/db/postgresql): a kept connection is health-checked before a request only
when it has been idle for HEALTH_CHECK_IDLE seconds, and a dead one is still replaced without a failed request."""

import time

import pytest
from django.db import connections
from django.db.utils import DEFAULT_DB_ALIAS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def default():
    return connections[DEFAULT_DB_ALIAS]  # this thread's wrapper (``django.db.connection`` is a proxy to it)


def request_cycle():
    """What Django does around a request: ``close_old_connections`` at its start (and end)."""
    from django.db import close_old_connections

    close_old_connections()


@pytest.fixture
def checks(monkeypatch):
    """The health checks run (``is_usable`` calls), on a kept connection with checks switched on."""
    calls = []
    connection = default()
    real = type(connection).is_usable
    monkeypatch.setattr(type(connection), "is_usable", lambda self: calls.append(1) or real(self))
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    monkeypatch.setitem(connection.settings_dict, "HEALTH_CHECK_IDLE", 0.3)
    connection.close()
    yield calls
    connection.close()


def query():
    with default().cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_connection_in_steady_use_is_not_checked(checks):
    query()  # a new connection: nothing to check
    for _ in range(5):
        request_cycle()
        query()
    assert checks == []


def test_an_idle_connection_is_checked(checks):
    query()
    time.sleep(0.35)
    request_cycle()
    query()
    assert checks == [1]


def test_a_dead_idle_connection_is_replaced_without_an_error(checks):
    pid = query()
    with connections.create_connection(DEFAULT_DB_ALIAS).cursor() as other:  # kill ours from outside
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.35)
    request_cycle()
    assert query() != pid  # checked, found dead, reconnected: the request never saw the error
    assert checks == [1]


def test_the_project_uses_this_backend():
    assert type(default()).__module__ == "storefront.db.postgresql.base"
    assert default().vendor == "postgresql"
