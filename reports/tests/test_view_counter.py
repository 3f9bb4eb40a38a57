"""Product views: counted in Redis by the middleware (no database write), flushed into ProductView without
losing or doubling a count, even while views keep arriving."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from catalog.tests.factories import ProductFactory
from reports import periods, services
from reports.counters import view_counter
from reports.models import ProductView, ViewFlushBatch


@pytest.fixture(autouse=True)
def _fresh_counters():
    counter = view_counter()
    if hasattr(counter, "clear"):
        counter.clear()  # the in-process fallback; Redis is flushed with the cache before each test
    yield


def views_of(product) -> int:
    return sum(ProductView.objects.filter(product=product).values_list("count", flat=True))


@pytest.mark.django_db
def test_page_and_api_detail_views_are_counted_without_a_database_write(django_assert_num_queries):
    product = ProductFactory(slug="lamp")
    client = Client()

    assert client.get("/api/v1/products/lamp/").status_code == 200
    with django_assert_num_queries(0):  # answered by the catalog cache, still counted, no query at all
        assert client.get("/api/v1/products/lamp/").status_code == 200
    assert client.get("/products/lamp/").status_code == 200
    # Not views of a product page: reviews, an unknown product, a HEAD, the listing.
    client.get("/api/v1/products/lamp/reviews/")
    assert client.get("/api/v1/products/nope/").status_code == 404
    client.head("/products/lamp/")
    client.get("/products/")

    assert view_counter().peek(day=periods.today()) == {"lamp": 3}
    assert ProductView.objects.count() == 0
    assert services.flush_product_views() == 3
    assert views_of(product) == 3
    assert view_counter().peek(day=periods.today()) == {}


@pytest.mark.django_db
def test_only_product_shaped_paths_are_resolved(monkeypatch):
    from reports import middleware

    resolved = []
    real_resolve = middleware.resolve
    monkeypatch.setattr(middleware, "resolve", lambda path: resolved.append(path) or real_resolve(path))
    ProductFactory(slug="lamp")
    client = Client()
    for path in ("/api/v1/products/", "/products/", "/api/v1/products/lamp/reviews/", "/api/v1/products/lamp/"):
        assert client.get(path).status_code == 200
    assert resolved == ["/api/v1/products/lamp/"]


@pytest.mark.django_db
def test_flushes_add_up_and_unknown_slugs_are_dropped():
    product = ProductFactory(slug="lamp")
    counter = view_counter()
    today = periods.today()
    counter.increment(day=today, slug="lamp", by=2)
    counter.increment(day=today, slug="ghost")
    services.flush_product_views()
    counter.increment(day=today, slug="lamp", by=5)
    services.flush_product_views()
    services.flush_product_views()  # nothing new

    assert ProductView.objects.get(product=product, day=today).count == 7


@pytest.mark.django_db
def test_a_batch_stored_but_not_deleted_is_not_added_twice():
    product = ProductFactory(slug="lamp")
    counter = view_counter()
    counter.increment(day=periods.today(), slug="lamp", by=4)
    counter.detach()
    (batch,) = counter.pending()
    assert services._store_batch(batch)  # committed, then the worker "crashed" before deleting the batch

    services.flush_product_views()

    assert views_of(product) == 4
    assert counter.pending() == []
    assert ViewFlushBatch.objects.filter(token=batch.token).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_during_flushes_are_all_counted():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")
    products = [ProductFactory(slug=f"p{n}") for n in range(3)]
    writers, per_writer = 8, 300
    done = threading.Event()
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            counter = view_counter()
            for n in range(per_writer):
                counter.increment(day=periods.today(), slug=products[(index + n) % 3].slug)
        except BaseException as exc:
            errors.append(exc)

    def flush() -> None:
        try:
            while not done.is_set():
                services.flush_product_views()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    flushers = [threading.Thread(target=flush) for _ in range(2)]
    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in flushers + threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    for thread in flushers:
        thread.join()
    services.flush_product_views()

    assert errors == []
    assert sum(views_of(product) for product in products) == writers * per_writer
    assert ViewFlushBatch.objects.count() > 1  # the flushes really ran while views were arriving
