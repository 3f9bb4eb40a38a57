"""Fixtures shared by every app's tests."""

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
def api_client():
    return APIClient()


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
