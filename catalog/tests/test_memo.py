"""Slug lookups and product images are remembered per process under the catalog version (catalog.memo)."""

import pytest
from django.db import transaction
from django.http import QueryDict

from catalog import selectors
from catalog.tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def first_image_alt() -> str:
    return selectors.product_summaries(selectors.product_list(QueryDict()))[0]["image"]["alt"]


def test_what_a_transaction_reads_is_not_remembered(categories):
    product = ProductFactory(category=categories["shirts"])
    ProductImageFactory(product=product, sort_order=2, alt_text="front")
    assert first_image_alt() == "front"
    with pytest.raises(RuntimeError), transaction.atomic():
        ProductImageFactory(product=product, sort_order=1, alt_text="draft")
        assert first_image_alt() == "draft"  # the transaction sees its own change, not the memo
        raise RuntimeError  # rolled back
    assert first_image_alt() == "front"


def test_without_the_cache_nothing_is_remembered(categories, monkeypatch, django_assert_num_queries):
    def cache_down():
        raise ConnectionError("redis is down")

    product = ProductFactory(category=categories["shirts"])
    ProductImageFactory(product=product)
    selectors.product_images(product.id)  # renditions are generated here
    monkeypatch.setattr("catalog.memo.seen_catalog_version", cache_down)
    for _ in range(2):
        with django_assert_num_queries(1):
            selectors.product_images(product.id)


def test_detail_images_are_the_same_read_cold_or_remembered(categories):
    product = ProductFactory(category=categories["shirts"])
    for n, alt in enumerate(["front", "back", ""]):
        ProductImageFactory(product=product, sort_order=n, alt_text=alt, image__title=f"Image {n}")
    cold = selectors.product_images(product.id)  # renditions are generated here
    selectors.product_images(product.id)[0][0]["alt"] = "changed by a caller"  # callers get copies
    from catalog.cache import bump_catalog_version

    bump_catalog_version()
    again = selectors.product_images(product.id)  # read anew, joined with the renditions made above
    assert cold == again
    images, summary = again
    assert [image["alt"] for image in images] == ["front", "back", "Image 2"]
    assert ".max-1200x1200." in images[0]["url"] and ".max-600x600." in summary["url"]
    assert summary["alt"] == "front"


def test_renamed_brand_and_category_show_at_once(api_client, categories, brands, django_capture_on_commit_callbacks):
    ProductFactory(category=categories["shirts"], brand=brands["acme"])
    item = api_client.get("/api/v1/products/").json()["results"][0]
    assert (item["brand"]["name"], item["category"]["name"]) == ("Acme", "Shirts")
    with django_capture_on_commit_callbacks(execute=True):
        brands["acme"].name = "Acme Co"
        brands["acme"].save()
        categories["shirts"].name = "Tops"
        categories["shirts"].save()
    item = api_client.get("/api/v1/products/").json()["results"][0]
    assert item["brand"] == {"slug": "acme", "name": "Acme Co"}
    assert item["category"] == {"slug": "shirts", "name": "Tops"}
