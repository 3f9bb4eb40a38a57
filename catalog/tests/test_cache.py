"""Anonymous catalog reads come from Redis until what they show changes; ETags let clients revalidate."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.api import views
from catalog.cache import clear_local_cache
from catalog.tests.factories import BrandFactory, ProductFactory, ReviewFactory
from catalog.variants import set_variant_in_stock
from catalog.version import bump_catalog_version, catalog_version, invalidate_catalog
from commerce.models import Stock

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def product(categories, brands):
    return ProductFactory(slug="tee", name="Tee", category=categories["shirts"], brand=brands["acme"], in_stock=True)


def test_anonymous_read_is_served_from_the_cache_without_touching_drf_or_the_database(
    api_client, product, django_assert_num_queries, monkeypatch
):
    first = api_client.get(LIST)
    assert first.status_code == 200

    def must_not_run(*args, **kwargs):
        raise AssertionError("DRF view ran for a cached answer")

    monkeypatch.setattr(views.ProductListView, "get", must_not_run)
    with django_assert_num_queries(0):
        second = api_client.get(LIST)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"


def test_query_parameters_are_normalized(api_client, product, django_assert_num_queries):
    api_client.get(f"{LIST}?brand=acme&ordering=name")
    with django_assert_num_queries(0):
        assert api_client.get(f"{LIST}?ordering=name&brand=acme").status_code == 200
    with django_assert_num_queries(0):
        assert api_client.get(f"{LIST}?brand=acme&ordering=name").status_code == 200
    # A different value is a different entry: brand id, count, page, names, images (nothing is remembered
    # inside the test's transaction: catalog.memo).
    with django_assert_num_queries(5):
        assert api_client.get(f"{LIST}?ordering=-name&brand=acme").status_code == 200


def test_etag_and_if_none_match(api_client, product):
    first = api_client.get(LIST)
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    not_modified = api_client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    assert api_client.get(LIST, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert api_client.get(LIST, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_uncached_answers_carry_an_etag_too(session_staff, product):
    response = session_staff.get(LIST)
    assert response.status_code == 200 and response["ETag"]
    assert session_staff.get(LIST, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_errors_are_not_cached(api_client, product, django_assert_max_num_queries):
    assert api_client.get(LIST, {"ordering": "nope"}).status_code == 400
    with django_assert_max_num_queries(10):
        response = api_client.get(LIST, {"ordering": "nope"})
    assert response.status_code == 400 and "ETag" not in response


def test_signed_in_requests_bypass_the_cache(api_client, session_staff, bearer_customer, product):
    api_client.get(LIST)  # cached for anonymous callers
    product.name = "Renamed"
    product.save()  # no commit in this test transaction: the cache version stays
    assert api_client.get(LIST).json()["results"][0]["name"] == "Tee"  # anonymous: the cached answer
    assert session_staff.get(LIST).json()["results"][0]["name"] == "Renamed"  # session: live data
    assert bearer_customer.get(LIST).json()["results"][0]["name"] == "Renamed"  # bearer token: live data


def test_an_anonymous_session_still_gets_the_cache(api_client, product, django_assert_num_queries):
    api_client.get(LIST)
    api_client.cookies["sessionid"] = "not-a-session"
    with django_assert_num_queries(1):  # the session lookup only
        assert api_client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        "update_product",
        "delete_product",
        "create_product",
        "rename_category",
        "rename_brand",
        "approve_review",
        "out_of_stock",
        "admin_save",
    ],
)
def test_changes_to_what_the_catalog_shows_invalidate(api_client, product, on_commit, change):
    before = api_client.get(LIST).content
    review = ReviewFactory(product=product, rating=2)
    changes = {
        "update_product": lambda: services.update_product(slug="tee", price="5.00"),
        "delete_product": lambda: services.delete_product(slug="tee"),
        "create_product": lambda: services.create_product(name="New", sku="N-1", price="1", category="shoes"),
        "rename_category": lambda: services.update_category(slug="shirts", name="Tops"),
        "rename_brand": lambda: services.update_brand(slug="acme", name="Acme Corp"),
        "approve_review": lambda: services.approve_review(review_id=review.id),
        "out_of_stock": lambda: set_variant_in_stock(variant_id=product.variants.get().id, in_stock=False),
        "admin_save": lambda: ProductFactory._meta.model.objects.get(slug="tee").save(),  # e.g. a Wagtail edit
    }
    version = catalog_version()
    on_commit(changes[change])
    assert catalog_version() > version
    if change != "admin_save":  # a save without changes bumps the version but shows the same answer
        assert api_client.get(LIST).content != before


def test_a_sale_that_leaves_the_product_in_stock_does_not_invalidate(api_client, product, on_commit):
    Stock.objects.update_or_create(variant=product.variants.get(), defaults={"quantity": 10})
    api_client.get(LIST)
    version = catalog_version()

    def sell_one():
        Stock.objects.filter(variant__product=product).update(quantity=9)
        set_variant_in_stock(variant_id=product.variants.get().id, in_stock=True)  # still in stock: a no-op

    on_commit(sell_one)
    assert catalog_version() == version


def test_invalidation_waits_for_the_commit(product, django_capture_on_commit_callbacks):
    version = catalog_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invalidate_catalog()
    assert catalog_version() == version
    assert len(callbacks) == 1
    callbacks[0]()
    assert catalog_version() > version


def test_a_lost_version_key_never_brings_old_entries_back(product):
    first = catalog_version()
    cache.delete("catalog:version")
    assert catalog_version() > first
    bump_catalog_version()
    cache.delete("catalog:version")
    bump_catalog_version()  # incr on a missing key starts a fresh, larger version
    assert catalog_version() > first


def test_counts_are_cached_per_filter_but_not_per_page(bearer_customer, categories, django_assert_num_queries):
    for n in range(5):
        ProductFactory(category=categories["shoes"], price=Decimal(n + 1))
    bearer_customer.get(LIST, {"page_size": 2})
    # (each request also loads the signed-in user)
    # user, page, first images (of other products), brand and category names: the count is cached
    with django_assert_num_queries(4):
        assert bearer_customer.get(LIST, {"page_size": 2, "page": 3}).json()["count"] == 5
    with django_assert_num_queries(5):  # a new filter needs its own count (and a product not shown yet)
        assert bearer_customer.get(LIST, {"page_size": 2, "max_price": "2"}).json()["count"] == 2


def test_a_count_this_process_has_read_costs_no_round_trip(bearer_customer, categories):
    from django.test import RequestFactory

    from catalog.cache import _key

    for n in range(5):
        ProductFactory(category=categories["shoes"], price=Decimal(n + 1))
    bearer_customer.get(LIST, {"page_size": 2})
    shared_count_key = _key("count", RequestFactory().get(LIST), drop=("page", "page_size"))

    def counted(page):
        with CaptureQueriesContext(connection) as queries:
            assert bearer_customer.get(LIST, {"page_size": 2, "page": page}).json()["count"] == 5
        return any("COUNT(" in query["sql"] for query in queries.captured_queries)

    cache.delete(shared_count_key)  # Redis has lost it: the process's own copy still answers
    assert not counted(2)
    clear_local_cache()  # and without that copy, it is counted again
    cache.delete(shared_count_key)
    assert counted(3)
    assert not counted(1)


def test_every_catalog_read_endpoint_is_cached(api_client, product, django_assert_num_queries):
    ReviewFactory(product=product)
    brand = BrandFactory(slug="solo")
    urls = [
        "/api/v1/categories/",
        "/api/v1/categories/shirts/",
        "/api/v1/brands/",
        f"/api/v1/brands/{brand.slug}/",
        "/api/v1/products/tee/",
        "/api/v1/products/tee/reviews/",
    ]
    for url in urls:
        assert api_client.get(url).status_code == 200
    with django_assert_num_queries(0):
        for url in urls:
            assert api_client.get(url).status_code == 200


# --- the per-process tier and the early middleware ------------------------------------------------


@pytest.fixture
def trusted_version(settings):
    """Production behaviour: the process trusts the version it read for a minute (tests default to 0)."""
    settings.CATALOG_CACHE_VERSION_CHECK = 60
    clear_local_cache()
    yield
    clear_local_cache()


def test_a_local_hit_needs_no_redis_at_all(api_client, product, trusted_version, monkeypatch):
    first = api_client.get(LIST)

    def redis_down(*args, **kwargs):
        raise AssertionError("Redis was asked")

    monkeypatch.setattr(cache, "get", redis_down)
    second = api_client.get(LIST)
    assert second.status_code == 200 and second.content == first.content


def test_a_change_in_this_process_shows_at_once(api_client, product, trusted_version, on_commit):
    api_client.get(LIST)
    on_commit(services.update_product, slug="tee", name="Renamed Tee")
    assert api_client.get(LIST).json()["results"][0]["name"] == "Renamed Tee"


def test_a_change_in_another_process_shows_within_the_check_interval(api_client, product, trusted_version, monkeypatch):
    import time as real_time

    api_client.get(LIST)
    ProductFactory._meta.model.objects.filter(slug="tee").update(name="Elsewhere")
    cache.incr("catalog:version")  # what another process's bump does to the shared version
    assert api_client.get(LIST).json()["results"][0]["name"] == "Tee"  # still trusted for now
    later = real_time.monotonic() + 61
    monkeypatch.setattr("catalog.cache.time.monotonic", lambda: later)
    assert api_client.get(LIST).json()["results"][0]["name"] == "Elsewhere"


def test_the_middleware_answers_before_routing(api_client, product, monkeypatch):
    api_client.get(LIST)

    def no_routing(*args, **kwargs):
        raise AssertionError("URL routing ran for a cached answer")

    monkeypatch.setattr("django.core.handlers.base.BaseHandler.resolve_request", no_routing)
    response = api_client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(response.content))
    assert response["X-Request-ID"]  # outer middleware still applies


def test_cached_answers_keep_cors_headers(api_client, product, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
    api_client.get(LIST)
    response = api_client.get(LIST, HTTP_ORIGIN="https://shop.example.com")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_a_foreign_host_is_refused_even_when_cached(api_client, product):
    api_client.get(LIST)
    assert api_client.get(LIST, HTTP_HOST="evil.example.com").status_code == 400


def test_a_callers_host_never_reaches_another_caller(api_client, product, categories, brands, settings):
    """The first anonymous read after a change fills the cache; its Host must not end up in others' links."""
    settings.ALLOWED_HOSTS = ["shop.example.com", "127.0.0.1"]
    ProductFactory(slug="mug", name="Mug", category=categories["shirts"], brand=brands["acme"], in_stock=True)
    url = f"{LIST}?page_size=1"
    poisoned = api_client.get(url, HTTP_HOST="127.0.0.1:1")
    assert poisoned.json()["next"].startswith("http://127.0.0.1:1/")
    for _ in range(2):  # a miss, then a hit of the right host's own entry
        honest = api_client.get(url, HTTP_HOST="shop.example.com", secure=True)
        assert honest.json()["next"].startswith("https://shop.example.com/api/v1/products/")


def test_local_copies_expire_with_the_ttl(api_client, product, trusted_version, settings, monkeypatch):
    """A sale that keeps a product in stock does not invalidate, so the TTL bounds how stale `available` gets."""
    import time as real_time

    Stock.objects.update_or_create(variant=product.variants.get(), defaults={"quantity": 10})
    url = "/api/v1/products/tee/"
    assert api_client.get(url).json()["available"] == 10
    Stock.objects.filter(variant__product=product).update(quantity=9)
    assert api_client.get(url).json()["available"] == 10  # cached
    later = real_time.time() + settings.CATALOG_CACHE_TTL + 1
    monkeypatch.setattr("catalog.cache.time.time", lambda: later)
    assert api_client.get(url).json()["available"] == 9


def test_cache_keys_carry_the_entry_format_so_a_deploy_never_reads_old_entries(rf):
    from catalog import cache as catalog_cache

    key = catalog_cache._key("resp", rf.get("/api/v1/products/?page=2"))
    assert f":f{catalog_cache.ENTRY_FORMAT}:" in key
