from decimal import Decimal
from functools import partial

import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import UserFactory, staff_user
from catalog.models import Product
from catalog.tests.factories import ProductFactory, ProductImageFactory
from commerce.models import Order, OrderLine, Stock
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def detail(slug: str) -> str:
    return f"/api/v1/products/{slug}/"


SUMMARY_FIELDS = {
    "id",
    "slug",
    "sku",
    "name",
    "price",
    "sale_price",
    "currency",
    "brand",
    "category",
    "image",
    "rating",
    "review_count",
    "in_stock",
}
DETAIL_FIELDS = SUMMARY_FIELDS | {
    "description",
    "images",
    "attributes",
    "available",
    "options",
    "variants",
    "discount",
    "created_at",
    "updated_at",
}


def assert_error(response, status: int, code: str, attr: str | None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == ("validation_error" if status == 400 else "client_error")
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["attr"] == attr


staff_with = partial(staff_user, "catalog")


# --- reads ----------------------------------------------------------------------------------------


def test_list_returns_summaries_in_the_contract_shape(api_client, categories, brands):
    product = ProductFactory(
        name="Oxford Shirt", category=categories["shirts"], brand=brands["acme"], price=Decimal("49.90"), in_stock=True
    )
    ProductImageFactory(product=product, sort_order=2, alt_text="back")
    ProductImageFactory(product=product, sort_order=1, alt_text="front")
    Product.objects.filter(pk=product.pk).update(rating=Decimal("4.5"), review_count=2)

    response = api_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    item = body["results"][0]
    assert set(item) == SUMMARY_FIELDS
    assert item["id"] == product.id
    assert item["price"] == "49.90" and item["sale_price"] == "49.90"
    assert item["currency"] == "USD"
    assert item["brand"] == {"slug": "acme", "name": "Acme"}
    assert item["category"] == {"slug": "shirts", "name": "Shirts"}
    assert item["rating"] == "4.50" and item["review_count"] == 2 and item["in_stock"] is True
    assert item["image"]["alt"] == "front"  # the lowest sort order comes first
    assert item["image"]["url"].endswith(".png")
    assert (item["image"]["width"], item["image"]["height"]) == (32, 24)


def test_list_image_is_the_same_before_and_after_its_rendition_exists(api_client, categories, settings):
    product = ProductFactory(category=categories["shirts"])
    ProductImageFactory(product=product, alt_text="", image__title="Plain tee")
    first = api_client.get(LIST, {"page_size": 5}).json()["results"][0]["image"]  # the rendition is made here
    again = api_client.get(LIST, {"page_size": 6}).json()["results"][0]["image"]  # and joined to the images here
    assert first == again
    assert again["alt"] == "Plain tee"  # no alt text: the image's title
    assert again["url"].startswith(f"http://testserver{settings.MEDIA_URL}") and ".max-600x600." in again["url"]


def test_list_image_follows_a_new_first_image_at_once(api_client, categories, django_capture_on_commit_callbacks):
    # Summary images are remembered per catalog version; saving a product image moves the version.
    product = ProductFactory(category=categories["shirts"])
    ProductImageFactory(product=product, sort_order=2, alt_text="front")
    assert api_client.get(LIST).json()["results"][0]["image"]["alt"] == "front"
    with django_capture_on_commit_callbacks(execute=True):
        ProductImageFactory(product=product, sort_order=1, alt_text="new front")
    assert api_client.get(LIST, {"page_size": 10}).json()["results"][0]["image"]["alt"] == "new front"


def test_list_without_brand_or_image_shows_nulls(api_client, categories):
    ProductFactory(category=categories["shirts"], brand=None)
    item = api_client.get(LIST).json()["results"][0]
    assert item["brand"] is None and item["image"] is None and item["rating"] is None


def test_currency_comes_from_settings(api_client, categories, settings):
    settings.STORE_CURRENCY = "EUR"
    ProductFactory(category=categories["shirts"])
    assert api_client.get(LIST).json()["results"][0]["currency"] == "EUR"


def test_list_hides_inactive_and_deleted_products(api_client, categories):
    visible = ProductFactory(category=categories["shirts"])
    ProductFactory(category=categories["shirts"], is_active=False)
    deleted = ProductFactory(category=categories["shirts"])
    deleted.mark_deleted()
    deleted.save()
    assert [item["slug"] for item in api_client.get(LIST).json()["results"]] == [visible.slug]


def test_list_is_paginated_with_clamped_page_size(api_client, categories):
    ProductFactory.create_batch(3, category=categories["shirts"])
    body = api_client.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"].endswith("page=2&page_size=2")
    assert len(api_client.get(LIST, {"page_size": 1000}).json()["results"]) == 3


def test_page_beyond_the_end_is_a_404_in_contract_shape(api_client, categories):
    ProductFactory(category=categories["shirts"])
    assert_error(api_client.get(LIST, {"page": 2}), 404, "not_found", None)
    assert_error(api_client.get(LIST, {"page": "x"}), 404, "not_found", None)


def test_detail_returns_summary_plus_detail_fields(api_client, categories, brands):
    product = ProductFactory(
        category=categories["shirts"],
        brand=brands["acme"],
        description="<p>Soft <b>cotton</b>.</p>",
        attributes={"colour": "blue", "size": "M"},
    )
    ProductImageFactory(product=product, sort_order=1, alt_text="front")
    ProductImageFactory(product=product, sort_order=2, alt_text="back")
    Stock.objects.update_or_create(variant=product.variants.get(), defaults={"quantity": 7})

    response = api_client.get(detail(product.slug))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["description"] == "<p>Soft <b>cotton</b>.</p>"
    assert [image["alt"] for image in body["images"]] == ["front", "back"]
    assert body["image"]["alt"] == "front"
    assert body["attributes"] == {"colour": "blue", "size": "M"}
    assert body["available"] == 7
    assert body["discount"] is None
    assert body["created_at"].endswith("Z") and body["updated_at"]


def test_detail_without_stock_row_has_nothing_available(api_client, categories):
    product = ProductFactory(category=categories["shirts"])
    Stock.objects.filter(variant__product=product).delete()
    assert api_client.get(detail(product.slug)).json()["available"] == 0


def test_detail_of_unknown_inactive_or_deleted_product_is_404(api_client, categories):
    inactive = ProductFactory(category=categories["shirts"], is_active=False)
    deleted = ProductFactory(category=categories["shirts"])
    deleted.mark_deleted()
    deleted.save()
    for slug in ("missing", inactive.slug, deleted.slug):
        assert_error(api_client.get(detail(slug)), 404, "not_found", None)


# --- writes ---------------------------------------------------------------------------------------

NEW = {"name": "Linen Shirt", "sku": "LS-1", "price": "49.90", "category": "shirts", "brand": "acme"}


def test_staff_creates_a_product(staff_client, categories, brands):
    response = staff_client.post(LIST, {**NEW, "attributes": {"colour": "white"}, "description": "<p>Cool.</p>"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["slug"] == "linen-shirt" and body["price"] == "49.90" and body["attributes"] == {"colour": "white"}
    assert Product.objects.get(slug="linen-shirt").brand == brands["acme"]
    assert OutboxEvent.objects.filter(name="product.created").count() == 1


def test_server_owned_fields_sent_on_create_are_ignored(staff_client, categories, brands):
    response = staff_client.post(
        LIST, {**NEW, "id": 999, "rating": "5.00", "review_count": 40, "in_stock": True, "created_at": "2000-01-01"}
    )
    assert response.status_code == 201
    product = Product.objects.get(slug="linen-shirt")
    assert product.id != 999
    assert (product.rating, product.review_count, product.in_stock) == (None, 0, False)
    assert product.created_at.year > 2000


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({**NEW, "price": "abc"}, "price"),
        ({**NEW, "price": "-1.00"}, "price"),
        ({**NEW, "category": "nope"}, "category"),
        ({**NEW, "brand": "nope"}, "brand"),
        ({k: v for k, v in NEW.items() if k != "sku"}, "sku"),
        ({**NEW, "slug": "Not a slug"}, "slug"),
        ({**NEW, "attributes": {"x": [1, 2]}}, "attributes"),
    ],
)
def test_create_with_bad_input_is_a_400_and_stores_nothing(staff_client, categories, brands, body, attr):
    response = staff_client.post(LIST, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr
    assert not Product.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_create_with_a_duplicate_sku_is_a_400(staff_client, categories, brands):
    ProductFactory(sku="LS-1", category=categories["shirts"])
    assert_error(staff_client.post(LIST, NEW), 400, "unique", "sku")


def test_staff_patches_a_product(staff_client, categories, brands):
    product = ProductFactory(category=categories["shirts"], brand=brands["acme"], price=Decimal("10.00"))
    response = staff_client.patch(detail(product.slug), {"price": "12.00", "brand": None, "rating": "1.00"})
    assert response.status_code == 200, response.content
    assert response.json()["price"] == "12.00" and response.json()["brand"] is None
    product.refresh_from_db()
    assert (product.price, product.brand, product.rating) == (Decimal("12.00"), None, None)
    assert OutboxEvent.objects.filter(name="product.updated").count() == 1


def test_patch_can_deactivate_and_answers_with_the_hidden_product(staff_client, categories):
    product = ProductFactory(category=categories["shirts"])
    response = staff_client.patch(detail(product.slug), {"is_active": False})
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).is_active is False


def test_patch_with_bad_input_changes_nothing(staff_client, categories):
    product = ProductFactory(category=categories["shirts"], price=Decimal("10.00"))
    assert_error(staff_client.patch(detail(product.slug), {"price": "ten"}), 400, "invalid", "price")
    product.refresh_from_db()
    assert product.price == Decimal("10.00")


def test_patch_of_unknown_product_is_404(staff_client, db):
    assert_error(staff_client.patch(detail("missing"), {"price": "1.00"}), 404, "not_found", None)


def test_put_is_not_allowed(staff_client, categories):
    product = ProductFactory(category=categories["shirts"])
    assert staff_client.put(detail(product.slug), NEW).status_code == 405


def test_delete_hides_the_product_everywhere_but_order_lines_keep_it(staff_client, api_client, categories):
    product = ProductFactory(category=categories["shirts"], name="Gone Shirt")
    order = Order.objects.create(number="SO-1", email="a@example.com", subtotal=10, total=10, currency="USD")
    line = OrderLine.objects.create(
        order=order,
        product=product,
        product_slug=product.slug,
        sku=product.sku,
        name=product.name,
        unit_price=10,
        quantity=1,
        line_total=10,
    )

    response = staff_client.delete(detail(product.slug))

    assert response.status_code == 204
    assert OutboxEvent.objects.filter(name="product.deleted").count() == 1
    assert api_client.get(LIST).json()["count"] == 0
    assert api_client.get(LIST, {"search": "gone"}).json()["count"] == 0
    assert api_client.get(LIST, {"category": "shirts"}).json()["count"] == 0
    assert api_client.get(detail(product.slug)).status_code == 404
    assert api_client.get(f"{detail(product.slug)}reviews/").status_code == 404
    assert api_client.get("/api/v1/categories/shirts/").json()["product_count"] == 0
    line.refresh_from_db()
    assert line.product_id == product.id and line.name == "Gone Shirt"
    assert staff_client.delete(detail(product.slug)).status_code == 404


# --- permissions ----------------------------------------------------------------------------------


def test_anonymous_writes_are_401(api_client, categories, brands):
    product = ProductFactory(category=categories["shirts"])
    assert_error(api_client.post(LIST, NEW), 401, "not_authenticated", None)
    assert api_client.patch(detail(product.slug), {"price": "1.00"}).status_code == 401
    assert api_client.delete(detail(product.slug)).status_code == 401
    assert Product.objects.count() == 1 and Product.objects.get().deleted_at is None


def test_customer_writes_are_403(user_client, categories, brands):
    product = ProductFactory(category=categories["shirts"])
    assert_error(user_client.post(LIST, NEW), 403, "permission_denied", None)
    assert user_client.patch(detail(product.slug), {"price": "1.00"}).status_code == 403
    assert user_client.delete(detail(product.slug)).status_code == 403
    assert Product.objects.count() == 1 and Product.objects.get().deleted_at is None


def test_staff_needs_the_matching_model_permission(api_client, categories, brands):
    product = ProductFactory(category=categories["shirts"])
    api_client.force_authenticate(staff_with("change_product"))
    assert api_client.post(LIST, NEW).status_code == 403
    assert api_client.delete(detail(product.slug)).status_code == 403
    assert api_client.patch(detail(product.slug), {"price": "2.00"}).status_code == 200

    api_client.force_authenticate(staff_with("add_product", "delete_product"))
    assert api_client.post(LIST, NEW).status_code == 201
    assert api_client.delete(detail(product.slug)).status_code == 204


def test_a_permission_without_staff_status_is_not_enough(api_client, categories, brands):
    customer = UserFactory()
    customer.user_permissions.add(Permission.objects.get(codename="add_product"))
    api_client.force_authenticate(customer)
    assert api_client.post(LIST, NEW).status_code == 403
