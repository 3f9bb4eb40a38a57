"""What a summary and a detail show beside the product row: images with their renditions, brand and category
names."""

import pytest
from django.http import QueryDict

from catalog import selectors
from catalog.tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def first_image_alt() -> str:
    return selectors.product_summaries(selectors.product_list(QueryDict()))[0]["image"]["alt"]


def test_detail_images_are_the_same_read_cold_or_with_their_renditions(categories, django_assert_num_queries):
    product = ProductFactory(category=categories["shirts"])
    for n, alt in enumerate(["front", "back", ""]):
        ProductImageFactory(product=product, sort_order=n, alt_text=alt, image__title=f"Image {n}")
    cold = selectors.product_images(product.id)  # renditions are generated here
    with django_assert_num_queries(2):  # the images with their Wagtail images, the renditions
        again = selectors.product_images(product.id)
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
