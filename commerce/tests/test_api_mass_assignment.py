"""Fields the server owns (prices, totals, status, stock, ids, timestamps) sent by a client are never stored."""

from decimal import Decimal

import pytest

from commerce.models import Cart, CartItem, Order, Stock, StockMovement
from commerce.tests.api_helpers import ADDRESS, cart_with
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_cart_items_ignore_client_prices_and_ids(api_client):
    product = stocked_product(price=Decimal("20.00"))
    cart_id = api_client.post("/api/v1/carts/", {"id": "00000000-0000-0000-0000-000000000001", "user": 1}).json()["id"]
    assert cart_id != "00000000-0000-0000-0000-000000000001"
    assert Cart.objects.get(pk=cart_id).user is None
    body = api_client.post(
        f"/api/v1/carts/{cart_id}/items/",
        {"product": product.slug, "quantity": 1, "unit_price": "0.01", "line_total": "0.01", "total": "0.01"},
    ).json()
    assert (body["items"][0]["unit_price"], body["total"]) == ("20.00", "20.00")
    item_id = body["items"][0]["id"]
    body = api_client.patch(
        f"/api/v1/carts/{cart_id}/items/{item_id}/", {"quantity": 2, "unit_price": "0.01", "product": "other"}
    ).json()
    assert (body["items"][0]["unit_price"], body["items"][0]["product"]["slug"], body["total"]) == (
        "20.00",
        product.slug,
        "40.00",
    )


def test_orders_ignore_client_totals_status_lines_and_numbers(api_client):
    product = stocked_product(quantity=5, price=Decimal("20.00"))
    cart_id = cart_with(api_client, (product, 1))
    response = api_client.post(
        "/api/v1/orders/",
        {
            "cart": cart_id,
            "email": "ada@example.com",
            "shipping_address": {**ADDRESS, "total": "0.00"},
            "number": "SF-MINE0000",
            "status": "delivered",
            "subtotal": "0.01",
            "discount_total": "19.99",
            "shipping_total": "0.00",
            "total": "0.01",
            "currency": "XXX",
            "coupon": "FREE",
            "items": [{"product_slug": product.slug, "quantity": 5, "unit_price": "0.01"}],
            "status_history": [{"status": "paid"}],
            "created_at": "2000-01-01T00:00:00Z",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 201
    order = Order.objects.get()
    assert order.number != "SF-MINE0000" and order.status == "pending" and order.currency == "USD"
    assert (order.subtotal, order.discount_total, order.total, order.coupon_code) == (
        Decimal("20.00"),
        Decimal("0.00"),
        Decimal("25.00"),
        None,
    )
    assert order.created_at.year > 2000
    assert list(order.lines.values_list("quantity", "unit_price")) == [(1, Decimal("20.00"))]
    assert "total" not in order.shipping_address
    assert Stock.objects.get(variant__product=product).quantity == 4


def test_cancel_and_transition_ignore_extra_fields(api_client, staff_client):
    cart_id = cart_with(api_client, (stocked_product(), 1))
    number = api_client.post(
        "/api/v1/orders/", {"cart": cart_id, "email": "a@example.com", "shipping_address": ADDRESS}, format="json"
    ).json()["number"]
    response = staff_client.post(f"/api/v1/orders/{number}/transition/", {"status": "paid", "total": "0.00"})
    assert response.status_code == 200 and Order.objects.get().total != Decimal("0.00")


def test_stock_ignores_available_and_is_low(staff_client):
    product = stocked_product(quantity=4)
    response = staff_client.patch(
        f"/api/v1/stock/{product.slug}/", {"available": 99, "is_low": False, "product": {"slug": "other"}}
    )
    assert response.status_code == 200
    assert Stock.objects.get(variant__product=product).quantity == 4 and not StockMovement.objects.exists()
    response = staff_client.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": 1, "quantity": 1000})
    assert response.json()["quantity"] == 5


def test_cart_lines_cannot_be_moved_to_another_cart(api_client):
    product = stocked_product()
    cart_id = cart_with(api_client, (product, 1))
    other_id = cart_with(api_client, (stocked_product(), 1))
    item_id = CartItem.objects.get(cart_id=cart_id).id
    api_client.patch(f"/api/v1/carts/{cart_id}/items/{item_id}/", {"quantity": 2, "cart": other_id})
    assert CartItem.objects.get(id=item_id).cart_id.hex == cart_id.replace("-", "")
