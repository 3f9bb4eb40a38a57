"""Reading a page of N objects costs the same number of SQL queries for any N (no N+1)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    ProductImageFactory,
    ReviewFactory,
    WagtailImageFactory,
)
from commerce.models import Stock

pytestmark = pytest.mark.django_db

PAGE_SIZES = (1, 24, 100)
# Clearing the cache moves the catalog version, so each process reloads its snapshot of the active discounts
# (catalog.pricing) once: one query when none are running.
DISCOUNTS_RELOAD = 1


def queries_per_page_size(api_client, url: str, params: dict | None = None) -> dict[int, int]:
    """SQL queries of an uncached request (empty response and count cache) at each page size."""
    counts = {}
    for size in PAGE_SIZES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(url, {**(params or {}), "page_size": size})
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["results"]) == min(size, body["count"]) and body["count"] > 24
        counts[size] = len(queries)
    return counts


@pytest.fixture
def hundred_products(categories):
    brands = BrandFactory.create_batch(5, logo=None)
    leaves = [categories["t-shirts"], categories["trousers"], categories["shoes"]]
    products = []
    for n in range(100):
        product = ProductFactory(category=leaves[n % 3], brand=brands[n % 5] if n % 7 else None)
        if n % 4:  # some products have no image
            ProductImageFactory(product=product, sort_order=1)
            ProductImageFactory(product=product, sort_order=2)
        products.append(product)
    return products


def test_product_list_is_constant(api_client, hundred_products, django_assert_num_queries):
    api_client.get("/api/v1/products/", {"page_size": 100})  # renditions are generated on first use
    counts = queries_per_page_size(api_client, "/api/v1/products/")
    assert counts[1] == counts[24] == counts[100], counts
    # A new catalog version (the cache was cleared): count, page (rows, no joins, no instances), brand and
    # category names, first images with their image rows, their renditions, active discounts (DISCOUNTS_RELOAD)
    cache.clear()
    with django_assert_num_queries(5 + DISCOUNTS_RELOAD):
        api_client.get("/api/v1/products/", {"page_size": 100})


@pytest.mark.django_db(transaction=True)
def test_a_served_listing_remembers_names_and_images(api_client, hundred_products, django_assert_num_queries):
    """Outside a transaction (as served), names and images are remembered under the catalog version
    (``catalog.memo``): another listing of the same products reads only its rows."""
    api_client.get("/api/v1/products/", {"page_size": 100})
    with django_assert_num_queries(2):  # count, page
        api_client.get("/api/v1/products/", {"page_size": 100, "ordering": "name"})


def test_filtered_and_searched_product_list_is_constant(api_client, hundred_products, django_assert_num_queries):
    params = {
        "category": "clothing",
        "brand": ",".join(b.slug for b in {p.brand for p in hundred_products if p.brand}),
        "search": "product",
        "ordering": "-price",
        "min_price": "1",
    }
    api_client.get("/api/v1/products/", {**params, "page_size": 100})
    counts = queries_per_page_size(api_client, "/api/v1/products/", {**params})
    assert counts[1] == counts[24] == counts[100], counts
    cache.clear()
    # + the category and brand slug lookups
    with django_assert_num_queries(7 + DISCOUNTS_RELOAD):
        api_client.get("/api/v1/products/", {**params, "page_size": 24})
    # The count is cached for the listing: the next page does not repeat it.
    with django_assert_num_queries(6):
        api_client.get("/api/v1/products/", {**params, "page_size": 24, "page": 2})


def test_product_detail_is_constant(api_client, categories, django_assert_num_queries):
    few = ProductFactory(category=categories["shoes"])
    ProductImageFactory(product=few)
    many = ProductFactory(category=categories["shoes"], attributes={"colour": "red"})
    for n in range(12):
        ProductImageFactory(product=many, sort_order=n)
    for product in (few, many):
        Stock.objects.update_or_create(variant=product.variants.get(), defaults={"quantity": 3})
        api_client.get(f"/api/v1/products/{product.slug}/")  # warm renditions
    for product in (few, many):
        cache.clear()
        # product + brand + category in one, its variants with their stock rows, images (+ image rows), their
        # renditions (both specs)
        with django_assert_num_queries(4 + DISCOUNTS_RELOAD):
            api_client.get(f"/api/v1/products/{product.slug}/")


def test_category_list_and_detail_are_constant(api_client, django_assert_num_queries):
    roots = [CategoryFactory() for _ in range(4)]
    for n in range(120):
        child = CategoryFactory(parent=roots[n % 4])
        ProductFactory(category=child)
    counts = queries_per_page_size(api_client, "/api/v1/categories/")
    assert counts[1] == counts[24] == counts[100], counts
    cache.clear()
    with django_assert_num_queries(2 + DISCOUNTS_RELOAD):  # count, page (with parent slugs and product counts)
        api_client.get("/api/v1/categories/", {"page_size": 100})
    cache.clear()
    with django_assert_num_queries(2 + DISCOUNTS_RELOAD):  # category (with its product count), children
        api_client.get(f"/api/v1/categories/{roots[0].slug}/")


def test_brand_list_is_constant(api_client, db, django_assert_num_queries):
    for _ in range(100):
        BrandFactory(logo=WagtailImageFactory())
    api_client.get("/api/v1/brands/", {"page_size": 100})
    counts = queries_per_page_size(api_client, "/api/v1/brands/")
    assert counts[1] == counts[24] == counts[100], counts
    cache.clear()
    with django_assert_num_queries(4 + DISCOUNTS_RELOAD):  # count, brands, logos, renditions
        api_client.get("/api/v1/brands/", {"page_size": 100})


def test_review_list_is_constant(api_client, categories):
    product = ProductFactory(category=categories["shoes"])
    for _ in range(100):
        services.approve_review(review_id=ReviewFactory(product=product).id)
    counts = queries_per_page_size(api_client, f"/api/v1/products/{product.slug}/reviews/")
    assert counts[1] == counts[24] == counts[100], counts
