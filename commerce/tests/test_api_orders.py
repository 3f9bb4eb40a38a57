"""The Orders endpoints: placement, idempotency, reading, listing, cancel and staff transitions."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from commerce.models import Order, OrderLine, OrderStatusChange, Stock, StockMovement
from commerce.tests.api_helpers import ADDRESS, cart_with, error, order_body, place
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shipping(settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", "100.00"


def test_placing_an_order_answers_201_with_the_contracts_order(api_client):
    tea = stocked_product(quantity=5, price=Decimal("4.50"), name="Tea", sku="TEA-1")
    cart_id = cart_with(api_client, (tea, 2))
    response = place(api_client, cart_id)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {
        "number", "status", "email", "items", "subtotal", "discount_total", "shipping_total", "total", "currency",
        "coupon", "shipping_address", "created_at", "status_history", "access_token", "payment_status", "payments",
    }  # fmt: skip
    assert body["status"] == "pending" and body["email"] == "ada@example.com"
    assert body["items"] == [
        {"product_slug": tea.slug, "sku": "TEA-1", "name": "Tea", "options": {}, "quantity": 2, "unit_price": "4.50",
         "line_total": "9.00"}
    ]  # fmt: skip
    assert (body["subtotal"], body["discount_total"], body["shipping_total"], body["total"]) == (
        "9.00",
        "0.00",
        "5.00",
        "14.00",
    )
    assert (body["currency"], body["coupon"]) == ("USD", None)
    assert body["shipping_address"] == ADDRESS
    assert [entry["status"] for entry in body["status_history"]] == ["pending"]
    assert body["created_at"].endswith(("Z", "+00:00"))
    assert Stock.objects.get(variant__product=tea).quantity == 3
    # The token opens the order, once returned; it is not part of later reads.
    read = api_client.get(f"/api/v1/orders/{body['number']}/", {"token": body["access_token"]})
    assert read.status_code == 200 and "access_token" not in read.json()


def test_a_signed_in_users_order_has_no_access_token_and_is_listed_for_them(user_client):
    cart_id = cart_with(user_client, (stocked_product(), 1))
    body = place(user_client, cart_id, email=None).json()
    assert "access_token" not in body and body["email"] == user_client.user.email
    listed = user_client.get("/api/v1/orders/").json()
    assert [order["number"] for order in listed["results"]] == [body["number"]]


def test_the_idempotency_key_is_optional(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    response = api_client.post("/api/v1/orders/", order_body(cart_id), format="json")
    assert response.status_code == 201


def test_a_guest_order_placed_without_a_key_returns_its_access_token(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    body = api_client.post("/api/v1/orders/", order_body(cart_id), format="json").json()
    assert body["access_token"]
    assert APIClient().get(f"/api/v1/orders/{body['number']}/", {"token": body["access_token"]}).status_code == 200


def test_a_replayed_guest_order_returns_the_same_access_token(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    first = place(api_client, cart_id, key="guest-1").json()
    replay = place(api_client, cart_id, key="guest-1").json()
    assert first["access_token"] and replay["access_token"] == first["access_token"]
    assert APIClient().get(f"/api/v1/orders/{first['number']}/", {"token": replay["access_token"]}).status_code == 200


@pytest.mark.parametrize(
    ("change", "attr"),
    [
        ({"cart": "not-a-uuid"}, "cart"),
        ({"email": "not-an-email"}, "email"),
        ({"shipping_address": {**ADDRESS, "country": "XX"}}, "shipping_address.country"),
        ({"shipping_address": {**ADDRESS, "country": "GBR"}}, "shipping_address.country"),
        ({"shipping_address": {k: v for k, v in ADDRESS.items() if k != "line1"}}, "shipping_address.line1"),
        ({"shipping_address": "London"}, "shipping_address.non_field_errors"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_changes(api_client, change, attr):
    product = stocked_product(quantity=3)
    cart_id = cart_with(api_client, (product, 1))
    response = api_client.post("/api/v1/orders/", order_body(cart_id, **change), format="json")
    assert response.status_code == 400
    assert error(response)[1] == attr
    assert not Order.objects.exists() and Stock.objects.get(variant__product=product).quantity == 3


def test_country_codes_are_accepted_in_lower_case_and_stored_upper(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    response = place(api_client, cart_id, shipping_address={**ADDRESS, "country": "de"})
    assert response.json()["shipping_address"]["country"] == "DE"


def test_a_guest_must_give_an_email(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    body = order_body(cart_id)
    del body["email"]
    response = api_client.post("/api/v1/orders/", body, format="json")
    assert (response.status_code, error(response)[1]) == (400, "email")


def test_an_unknown_cart_is_a_404_and_an_empty_one_a_400(api_client):
    import uuid

    assert place(api_client, str(uuid.uuid4())).status_code == 404
    empty = api_client.post("/api/v1/carts/").json()["id"]
    response = place(api_client, empty)
    assert (response.status_code, error(response)) == (400, ("cart_empty", "cart"))


def test_out_of_stock_is_a_409_naming_the_line(api_client):
    a, b = stocked_product(quantity=5), stocked_product(quantity=5)
    cart_id = cart_with(api_client, (a, 1), (b, 2))
    Stock.objects.filter(variant__product=b).update(quantity=1)
    response = place(api_client, cart_id)
    assert (response.status_code, error(response)) == (409, ("out_of_stock", "items.1.quantity"))
    assert not Order.objects.exists() and not StockMovement.objects.exists()


def test_a_checked_out_cart_cannot_be_ordered_again(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    assert place(api_client, cart_id).status_code == 201
    response = place(api_client, cart_id)
    assert (response.status_code, error(response)[0]) == (409, "cart_checked_out")


# --- idempotency ---------------------------------------------------------------------------------------


def test_five_sequential_retries_return_the_same_body_and_place_one_order(api_client):
    product = stocked_product(quantity=5)
    cart_id = cart_with(api_client, (product, 2))
    first = place(api_client, cart_id, key="checkout-1")
    assert first.status_code == 201
    for _ in range(5):
        again = place(api_client, cart_id, key="checkout-1")
        assert again.status_code == 201
        assert again.content == first.content
    assert Order.objects.count() == 1
    assert StockMovement.objects.count() == 1 and Stock.objects.get(variant__product=product).quantity == 3


def test_a_retry_returns_the_original_answer_even_after_the_order_moved_on(api_client, staff_user):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    first = place(api_client, cart_id, key="k").json()
    Order.objects.filter(number=first["number"]).update(status="paid")
    assert place(api_client, cart_id, key="k").json() == first


def test_the_same_key_with_another_body_is_a_409(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    assert place(api_client, cart_id, key="k").status_code == 201
    response = place(api_client, cart_id, key="k", email="someone.else@example.com")
    assert (response.status_code, error(response)[0]) == (409, "idempotency_key_reused")
    assert Order.objects.count() == 1


def test_an_overlong_idempotency_key_is_a_400(api_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    response = place(api_client, cart_id, key="k" * 256)
    assert response.status_code == 400
    assert not Order.objects.exists()


# --- reading, listing ---------------------------------------------------------------------------------


def make_orders(count: int, *, user=None, email="buyer@example.com", status="pending") -> list[Order]:
    orders = Order.objects.bulk_create(
        Order(
            number=f"SF-BULK{index:04d}",
            user=user,
            email=email,
            status=status,
            subtotal=Decimal("10.00"),
            total=Decimal("15.00"),
            shipping_total=Decimal("5.00"),
            currency="USD",
            shipping_address=ADDRESS,
        )
        for index in range(count)
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product_slug="x", sku="X", name="X", unit_price=10, quantity=1, line_total=10)
        for order in orders
        for _ in range(2)
    )
    OrderStatusChange.objects.bulk_create(OrderStatusChange(order=order, status=status) for order in orders)
    return orders


def test_customers_see_only_their_orders_staff_see_all_and_filter(user_client, staff_client):
    other = UserFactory()
    make_orders(2, user=user_client.user, email=user_client.user.email)
    Order.objects.filter(number="SF-BULK0001").update(number="SF-MINE0001")
    Order.objects.filter(number="SF-BULK0000").update(number="SF-MINE0000", status="paid")
    make_orders(3, user=other, email="Other@Example.com")
    mine = user_client.get("/api/v1/orders/").json()
    assert mine["count"] == 2 and {o["number"] for o in mine["results"]} == {"SF-MINE0000", "SF-MINE0001"}
    assert staff_client.get("/api/v1/orders/").json()["count"] == 5
    assert staff_client.get("/api/v1/orders/", {"email": "other@example.com"}).json()["count"] == 3
    assert staff_client.get("/api/v1/orders/", {"status": "paid"}).json()["count"] == 1
    response = staff_client.get("/api/v1/orders/", {"status": "lost"})
    assert (response.status_code, error(response)[1]) == (400, "status")


def test_listing_orders_needs_a_sign_in(api_client):
    assert api_client.get("/api/v1/orders/").status_code == 401


@pytest.mark.parametrize("page_size", [1, 24, 100])
def test_the_order_list_takes_a_constant_number_of_queries(staff_client, page_size):
    make_orders(100)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/api/v1/orders/", {"page_size": page_size})
    assert response.status_code == 200 and len(response.json()["results"]) == page_size
    assert len(queries) <= 5  # count, page, lines, status history, payments


# --- cancel, transitions ------------------------------------------------------------------------------


def test_the_owner_cancels_and_the_stock_comes_back(user_client):
    product = stocked_product(quantity=4)
    number = place(user_client, cart_with(user_client, (product, 3))).json()["number"]
    response = user_client.post(f"/api/v1/orders/{number}/cancel/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "cancelled"
    assert [entry["status"] for entry in body["status_history"]] == ["pending", "cancelled"]
    assert Stock.objects.get(variant__product=product).quantity == 4
    response = user_client.post(f"/api/v1/orders/{number}/cancel/")
    assert (response.status_code, error(response)[0]) == (409, "invalid_transition")


def test_a_guest_cancels_with_the_token(api_client):
    placed = place(api_client, cart_with(api_client, (stocked_product(), 1))).json()
    number = placed["number"]
    assert api_client.post(f"/api/v1/orders/{number}/cancel/").status_code == 404
    response = api_client.post(f"/api/v1/orders/{number}/cancel/?token={placed['access_token']}")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")


def test_shipped_orders_cannot_be_cancelled(user_client, staff_client):
    number = place(user_client, cart_with(user_client, (stocked_product(), 1))).json()["number"]
    for status in ("paid", "shipped"):
        assert staff_client.post(f"/api/v1/orders/{number}/transition/", {"status": status}).status_code == 200
    response = user_client.post(f"/api/v1/orders/{number}/cancel/")
    assert (response.status_code, error(response)) == (409, ("invalid_transition", "status"))


def test_staff_move_orders_along_and_the_history_records_it(api_client, staff_client):
    number = place(api_client, cart_with(api_client, (stocked_product(), 1))).json()["number"]
    response = staff_client.post(f"/api/v1/orders/{number}/transition/", {"status": "paid", "note": "Stripe ok"})
    assert (response.status_code, response.json()["status"]) == (200, "paid")
    change = OrderStatusChange.objects.filter(order__number=number).last()
    assert (change.status, change.from_status, change.by, change.note) == (
        "paid",
        "pending",
        staff_client.user,
        "Stripe ok",
    )
    response = staff_client.post(f"/api/v1/orders/{number}/transition/", {"status": "delivered"})
    assert (response.status_code, error(response)[0]) == (409, "invalid_transition")
    response = staff_client.post(f"/api/v1/orders/{number}/transition/", {"status": "teleported"})
    assert (response.status_code, error(response)[1]) == (400, "status")
    assert staff_client.post("/api/v1/orders/SF-NOPE2345/transition/", {"status": "paid"}).status_code == 404


def test_only_staff_with_the_permission_may_transition(api_client, user_client):
    number = place(user_client, cart_with(user_client, (stocked_product(), 1))).json()["number"]
    url = f"/api/v1/orders/{number}/transition/"
    assert api_client.post(url, {"status": "paid"}).status_code == 401
    assert user_client.post(url, {"status": "paid"}).status_code == 403  # even the owner
    clerk = UserFactory(is_staff=True)
    client = APIClient()
    client.force_authenticate(clerk)
    assert client.post(url, {"status": "paid"}).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="change_order", content_type__app_label="commerce"))
    client.force_authenticate(UserFactory._meta.model.objects.get(pk=clerk.pk))
    assert client.post(url, {"status": "paid"}).status_code == 200
    assert Order.objects.get(number=number).status == "paid"
