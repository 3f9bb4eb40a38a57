"""Helpers for the payment tests: a placed guest order, a payment started through the API, the dummy form."""

from urllib.parse import urlsplit

from rest_framework.test import APIClient

from commerce.models import Order
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product

# What a shopper submits on the dummy provider's form to pay.
DUMMY_CONFIRM = {"status": "confirmed", "fraud_status": "accept", "gateway_response": "3ds-disabled"}
DUMMY_REJECT = {"status": "rejected", "fraud_status": "unknown", "gateway_response": "3ds-disabled"}


def guest_order(client: APIClient | None = None, *, quantity: int = 2, stock: int = 10):
    """A pending guest order placed through the API: (client, order, access token, product)."""
    client = client or APIClient()
    product = stocked_product(quantity=stock)
    response = place(client, cart_with(client, (product, quantity)))
    assert response.status_code == 201, response.content
    body = response.json()
    return client, Order.objects.get(number=body["number"]), body.get("access_token"), product


def start(client: APIClient, order: Order, token: str | None, **body):
    headers = {"HTTP_X_ORDER_TOKEN": token} if token else {}
    return client.post(f"/api/v1/orders/{order.number}/payments/", {"provider": "dummy", **body}, format="json",
                       **headers)  # fmt: skip


def page_path(response) -> str:
    return urlsplit(response.json()["next_action"]["url"]).path
