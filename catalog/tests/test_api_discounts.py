"""The discount endpoints (the contract's Promotions section): the public list and detail of running discounts,
staff CRUD with per-action model permissions, bad input (nothing stored), constant queries on lists."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import staff_client
from catalog.models import Discount
from catalog.tests.factories import BrandFactory, CategoryFactory, DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = Decimal
DISCOUNT_KEYS = {"id", "name", "kind", "value", "starts_at", "ends_at", "categories", "brands", "products", "priority",
                 "is_active"}  # fmt: skip


@pytest.fixture
def clothing(db):
    root = CategoryFactory(name="Clothing", slug="clothing")
    child = CategoryFactory(name="Shirts", slug="shirts", parent=root)
    return root, child


def error(response) -> tuple[str, str | None]:
    first = response.json()["errors"][0]
    return first["code"], first["attr"]


staff_without_permissions = staff_client
staff_with = partial(staff_client, "catalog")


# --- public list of discounts ---------------------------------------------------------------------


def test_public_list_shows_running_discounts_only_in_the_contract_shape(api_client, clothing):
    now = timezone.now()
    brand = BrandFactory(slug="acme")
    product = ProductFactory(slug="tee")
    running = DiscountFactory(
        name="Spring", value=D("20"), ends_at=now + timedelta(days=2), categories=[clothing[0]], brands=[brand],
        products=[product],
    )  # fmt: skip
    everything = DiscountFactory(name="Everything", kind="fixed", value=D("1.50"))
    DiscountFactory(name="Over", ends_at=now - timedelta(seconds=1))
    DiscountFactory(name="Later", starts_at=now + timedelta(hours=1))
    DiscountFactory(name="Off", is_active=False)
    DiscountFactory(name="Draft", live=False)

    body = api_client.get("/api/v1/discounts/").json()

    assert body["count"] == 2 and body["previous"] is None and body["next"] is None
    first, second = body["results"]
    assert set(first) == DISCOUNT_KEYS
    assert first == {
        "id": running.pk,
        "name": "Spring",
        "kind": "percentage",
        "value": "20.00",
        "starts_at": None,
        "ends_at": running.ends_at.isoformat().replace("+00:00", "Z"),
        "categories": ["clothing"],
        "brands": ["acme"],
        "products": ["tee"],
        "priority": 0,
        "is_active": True,
    }
    assert (second["id"], second["categories"], second["brands"], second["products"]) == (everything.pk, [], [], [])


def test_only_staff_see_every_discount(api_client, staff_client):
    DiscountFactory(name="Running")
    DiscountFactory(name="Off", is_active=False)
    assert api_client.get("/api/v1/discounts/", {"all": "true"}).json()["count"] == 1
    assert staff_client.get("/api/v1/discounts/", {"all": "true"}).json()["count"] == 2
    assert api_client.get("/api/v1/discounts/", {"all": "maybe"}).status_code == 400


@pytest.mark.parametrize("size", [1, 24, 100])
def test_discount_list_is_constant(api_client, clothing, size, django_assert_num_queries):
    brands = [BrandFactory() for _ in range(3)]
    products = [ProductFactory() for _ in range(3)]
    for n in range(110):
        DiscountFactory(categories=[clothing[n % 2]], brands=brands[: n % 3], products=products[: n % 4])
    with django_assert_num_queries(5):  # count, page, categories, brands, products
        body = api_client.get("/api/v1/discounts/", {"page_size": size}).json()
    assert len(body["results"]) == size and body["count"] == 110


def test_discount_detail_is_public_for_a_running_discount_only(api_client, staff_client):
    running = DiscountFactory()
    off = DiscountFactory(is_active=False)
    assert api_client.get(f"/api/v1/discounts/{running.pk}/").json()["id"] == running.pk
    assert api_client.get(f"/api/v1/discounts/{off.pk}/").status_code == 404
    assert staff_client.get(f"/api/v1/discounts/{off.pk}/").json()["is_active"] is False
    assert staff_client.get("/api/v1/discounts/999999/").status_code == 404


# --- staff CRUD on discounts ----------------------------------------------------------------------


def test_staff_create_a_discount_and_prices_change(staff_client, api_client, clothing):
    shirt = ProductFactory(category=clothing[1], price=D("50.00"), slug="shirt")
    body = {"name": "Shirts", "kind": "percentage", "value": "20", "categories": ["clothing"], "priority": 3,
            "ends_at": (timezone.now() + timedelta(days=7)).isoformat()}  # fmt: skip
    response = staff_client.post("/api/v1/discounts/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) == DISCOUNT_KEYS
    assert (created["name"], created["value"], created["categories"], created["priority"]) == (
        "Shirts",
        "20.00",
        ["clothing"],
        3,
    )
    assert Discount.objects.get(pk=created["id"]).live is True
    assert api_client.get(f"/api/v1/products/{shirt.slug}/").json()["sale_price"] == "40.00"


def test_staff_update_and_delete_a_discount(staff_client, api_client, clothing):
    shirt = ProductFactory(category=clothing[1], price=D("50.00"))
    other = ProductFactory(price=D("10.00"))
    discount = DiscountFactory(value=D("20"), categories=[clothing[0]])
    response = staff_client.patch(
        f"/api/v1/discounts/{discount.pk}/", {"value": "50", "categories": [], "products": [other.slug]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["categories"], response.json()["products"]) == (
        "50.00",
        [],
        [other.slug],
    )
    assert api_client.get(f"/api/v1/products/{shirt.slug}/").json()["sale_price"] == "50.00"
    assert api_client.get(f"/api/v1/products/{other.slug}/").json()["sale_price"] == "5.00"

    assert staff_client.delete(f"/api/v1/discounts/{discount.pk}/").status_code == 204
    assert not Discount.objects.exists()
    assert api_client.get(f"/api/v1/products/{other.slug}/").json()["sale_price"] == "10.00"


@pytest.mark.parametrize(
    ("client_kind", "status"), [("anonymous", 401), ("customer", 403), ("staff_without_permission", 403)]
)
def test_discount_writes_need_staff_with_the_model_permission(client_kind, status, user_client):
    client = {"anonymous": APIClient(), "customer": user_client, "staff_without_permission": None}[client_kind]
    client = client or staff_without_permissions()
    discount = DiscountFactory(value=D("10"))
    body = {"name": "X", "kind": "fixed", "value": "1.00"}
    assert client.post("/api/v1/discounts/", body, format="json").status_code == status
    assert client.patch(f"/api/v1/discounts/{discount.pk}/", {"value": "90"}, format="json").status_code == status
    assert client.delete(f"/api/v1/discounts/{discount.pk}/").status_code == status
    assert Discount.objects.count() == 1 and Discount.objects.get().value == D("10.00")


def test_discount_permissions_are_per_action():
    client = staff_with("add_discount")
    discount = DiscountFactory()
    assert (
        client.post("/api/v1/discounts/", {"name": "X", "kind": "fixed", "value": "1"}, format="json").status_code
        == 201
    )
    assert client.delete(f"/api/v1/discounts/{discount.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"kind": "bogo"}, "kind"),
        ({"value": "0"}, "value"),
        ({"value": "-5"}, "value"),
        ({"value": "1.005"}, "value"),
        ({"value": "150"}, "value"),  # a percentage above 100
        ({"value": "abc"}, "value"),
        ({"name": ""}, "name"),
        ({"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"}, "ends_at"),
        ({"starts_at": "yesterday"}, "starts_at"),
        ({"categories": ["no-such-category"]}, "categories.0"),
        ({"brands": "acme"}, "brands"),
        ({"products": ["tee", "missing"]}, "products.1"),
        ({"priority": 10_000}, "priority"),
    ],
)
def test_bad_discount_input_is_a_400_and_nothing_is_stored(staff_client, body, attr):
    ProductFactory(slug="tee")
    response = staff_client.post(
        "/api/v1/discounts/", {"name": "Sale", "kind": "percentage", "value": "10", **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert error(response)[1] == attr
    assert not Discount.objects.exists()


def test_bad_discount_update_changes_nothing(staff_client):
    discount = DiscountFactory(value=D("10"), name="Sale")
    response = staff_client.patch(
        f"/api/v1/discounts/{discount.pk}/", {"name": "Renamed", "products": ["missing"]}, format="json"
    )
    assert response.status_code == 400
    discount.refresh_from_db()
    assert discount.name == "Sale" and not discount.products.exists()
