"""Fixtures shared by every app's tests."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient


def pytest_collection_modifyitems(config, items):
    if settings.USING_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters and cached responses must not leak from one test into the next.
    cache.clear()
    yield


def _reset_celery_connections():
    import kombu.pools

    from storefront.celery import app as celery_app

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # Queue declarations and routes are cached from the configuration; rebuild them from the current one.
    del celery_app.amqp.queues, celery_app.amqp.default_queue, celery_app.amqp.router
    # kombu's global producer pools still hold the closed pool; later tests would get "Acquire on closed pool".
    kombu.pools.reset()


@pytest.fixture
def broker_down():
    """Celery as in production (not eager) but pointed at a port where nothing listens: a real outage.

    Inside the test, set ``celery_app.conf.task_always_eager = True`` to stand for "the broker is back".
    """
    from storefront.celery import app as celery_app

    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_celery_connections()
    yield celery_app
    conf.task_always_eager, conf.broker_url = saved
    _reset_celery_connections()


@pytest.fixture
def real_broker():
    """Celery as in production against a real broker, ``EVENT_TEST_BROKER_URL`` (default Redis db 12).

    Yields ``(app, queue)``: tasks go to a queue of this test's own, so that a worker elsewhere on the same broker
    never takes them; start a worker on it with ``start_worker(app, queues=[queue], ...)``.
    Skipped if the default broker does not answer (``make test`` without Redis); a broker named in
    ``EVENT_TEST_BROKER_URL`` must answer.
    """
    import uuid

    from kombu.exceptions import OperationalError

    from storefront.celery import app as celery_app

    conf = celery_app.conf
    url = os.environ.get("EVENT_TEST_BROKER_URL") or "redis://127.0.0.1:6379/12"
    queue = f"storefront-test-{uuid.uuid4().hex[:12]}"
    overrides = {
        "task_always_eager": False,
        "broker_url": url,
        "task_default_queue": queue,
        # No broadcast queue: nothing that could talk to another test's worker.
        "worker_enable_remote_control": False,
        # Without the AMQP heartbeat timer a test worker's event loop notices in a second, not ten, that it must stop.
        "broker_heartbeat": 0,
    }
    saved = {name: conf[name] for name in overrides}
    conf.update(overrides)
    _reset_celery_connections()
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)
    except OperationalError as exc:
        conf.update(saved)
        _reset_celery_connections()
        if os.environ.get("EVENT_TEST_BROKER_URL"):
            raise
        pytest.skip(f"no broker at {url}: {exc}")
    yield celery_app, queue
    with celery_app.connection_for_write() as connection:
        declared = celery_app.amqp.queues[queue].bind(connection.default_channel)
        declared.declare()  # this channel then knows the binding, which the Redis transport deletes with the queue
        declared.delete()
        declared.exchange.delete()
    conf.update(saved)
    _reset_celery_connections()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a change as if it committed (on_commit callbacks executed), like a real request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def user_client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def staff_client(staff_user):
    client = APIClient()
    client.force_authenticate(staff_user)
    client.user = staff_user
    return client
