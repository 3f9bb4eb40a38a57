"""The Inventory endpoints (staff): list, detail, PATCH, adjust, the movement ledger."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from catalog.models import Product
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from commerce.models import Stock, StockMovement
from commerce.tests.api_helpers import cart_with, error, place
from commerce.tests.factories import StockFactory, stocked_product

pytestmark = pytest.mark.django_db


def test_stock_detail_in_the_contract_shape(staff_client):
    product = stocked_product(quantity=7, low_stock_threshold=3, name="Kettle", sku="KET-1")
    body = staff_client.get(f"/api/v1/stock/{product.slug}/").json()
    assert body == {
        "product": {"slug": product.slug, "sku": "KET-1", "name": "Kettle"},
        "variant": {"sku": "KET-1", "options": {}},
        "quantity": 7,
        "available": 7,
        "low_stock_threshold": 3,
        "is_low": False,
        "updated_at": body["updated_at"],
    }


def test_the_list_is_by_name_and_low_true_keeps_the_low_ones(staff_client):
    low = stocked_product(quantity=1, low_stock_threshold=2, name="B low")
    out = stocked_product(quantity=0, low_stock_threshold=0, name="C out")
    fine = stocked_product(quantity=9, low_stock_threshold=2, name="A fine")
    gone = stocked_product(quantity=0, name="D deleted")
    Product.objects.filter(id=gone.id).update(deleted_at=timezone.now())
    all_rows = staff_client.get("/api/v1/stock/").json()
    assert [row["product"]["slug"] for row in all_rows["results"]] == [fine.slug, low.slug, out.slug]
    low_rows = staff_client.get("/api/v1/stock/", {"low": "true"}).json()["results"]
    assert [(row["product"]["slug"], row["is_low"]) for row in low_rows] == [(low.slug, True), (out.slug, True)]
    assert [r["product"]["slug"] for r in staff_client.get("/api/v1/stock/", {"low": "false"}).json()["results"]] == [
        fine.slug
    ]
    assert staff_client.get("/api/v1/stock/", {"low": "maybe"}).status_code == 400


@pytest.mark.parametrize("page_size", [1, 24, 100])
def test_the_stock_list_takes_a_constant_number_of_queries(staff_client, page_size):
    category, brand = CategoryFactory(), BrandFactory()
    for product in ProductFactory.create_batch(100, category=category, brand=brand):
        StockFactory(product=product)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/api/v1/stock/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert len(queries) <= 2  # count, page (with products joined)


def test_patch_sets_quantity_and_threshold_and_writes_one_movement(staff_client):
    product = stocked_product(quantity=4)
    response = staff_client.patch(f"/api/v1/stock/{product.slug}/", {"quantity": 10, "low_stock_threshold": 6})
    assert response.status_code == 200
    assert (response.json()["quantity"], response.json()["low_stock_threshold"]) == (10, 6)
    assert list(StockMovement.objects.values_list("delta", "reason", "created_by")) == [
        (6, "adjustment", staff_client.user.id)
    ]


@pytest.mark.parametrize("body", [{"quantity": -1}, {"low_stock_threshold": -2}, {"quantity": "lots"}])
def test_patch_with_bad_values_is_a_400_and_changes_nothing(staff_client, body):
    product = stocked_product(quantity=4)
    response = staff_client.patch(f"/api/v1/stock/{product.slug}/", body)
    assert (response.status_code, error(response)[1]) == (400, next(iter(body)))
    assert Stock.objects.get(variant__product=product).quantity == 4 and not StockMovement.objects.exists()


def test_adjust_adds_and_removes_and_refuses_to_go_below_zero(staff_client):
    product = stocked_product(quantity=4)
    url = f"/api/v1/stock/{product.slug}/adjust/"
    response = staff_client.post(url, {"delta": 5, "reason": "import"})
    assert (response.status_code, response.json()["quantity"]) == (200, 9)
    response = staff_client.post(url, {"delta": -2})
    assert (response.status_code, response.json()["quantity"]) == (200, 7)
    response = staff_client.post(url, {"delta": -8, "reason": "adjustment"})
    assert (response.status_code, error(response)) == (409, ("out_of_stock", "delta"))
    for bad in ({"delta": 0}, {"delta": 1, "reason": "x" * 201}, {"reason": "adjustment"}, {"delta": "x"}):
        assert staff_client.post(url, bad).status_code == 400
    assert Stock.objects.get(variant__product=product).quantity == 7
    assert list(StockMovement.objects.order_by("id").values_list("delta", "reason")) == [
        (5, "import"),
        (-2, "adjustment"),
    ]


def test_movements_ledger_newest_first_with_order_numbers(staff_client, api_client):
    product = stocked_product(quantity=5)
    staff_client.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": 1})
    number = place(api_client, cart_with(api_client, (product, 2))).json()["number"]
    body = staff_client.get(f"/api/v1/stock/{product.slug}/movements/").json()
    assert [(m["delta"], m["reason"], m["order"]) for m in body["results"]] == [
        (-2, "sale", number),
        (1, "adjustment", None),
    ]
    assert set(body["results"][0]) >= {"delta", "reason", "order", "created_at"}


@pytest.mark.parametrize("page_size", [1, 24, 100])
def test_the_movement_ledger_takes_a_constant_number_of_queries(staff_client, page_size):
    product = stocked_product(quantity=1000)
    StockMovement.objects.bulk_create(
        StockMovement(variant=product.variants.get(), delta=1, quantity_after=1000, reason="adjustment")
        for _ in range(100)
    )
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(f"/api/v1/stock/{product.slug}/movements/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert len(queries) <= 3  # product, count, page (orders joined)


def test_unknown_products_are_a_404(staff_client):
    assert staff_client.get("/api/v1/stock/nope/").status_code == 404
    assert staff_client.post("/api/v1/stock/nope/adjust/", {"delta": 1}).status_code == 404
    assert staff_client.get("/api/v1/stock/nope/movements/").status_code == 404


def test_a_product_without_a_stock_row_reads_as_zero(staff_client):
    product = ProductFactory()
    assert staff_client.get(f"/api/v1/stock/{product.slug}/").json()["quantity"] == 0


def test_inventory_is_for_staff_and_writes_need_the_permission(api_client, user_client):
    product = stocked_product(quantity=4)
    for client, expected in ((api_client, 401), (user_client, 403)):
        assert client.get("/api/v1/stock/").status_code == expected
        assert client.get(f"/api/v1/stock/{product.slug}/").status_code == expected
        assert client.patch(f"/api/v1/stock/{product.slug}/", {"quantity": 1}).status_code == expected
        assert client.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": 1}).status_code == expected
        assert client.get(f"/api/v1/stock/{product.slug}/movements/").status_code == expected
    clerk = UserFactory(is_staff=True)
    client = APIClient()
    client.force_authenticate(clerk)
    # Staff without the stock permissions read nothing either (commerce.permissions).
    assert client.get("/api/v1/stock/").status_code == 403
    assert client.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": 1}).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="change_stock", content_type__app_label="commerce"))
    client.force_authenticate(UserFactory._meta.model.objects.get(pk=clerk.pk))
    assert client.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": 1}).status_code == 200
    assert Stock.objects.get(variant__product=product).quantity == 5
