"""Helpers shared by the commerce API tests: build a cart through the API and order it."""

import uuid

from rest_framework.test import APIClient

ADDRESS = {
    "name": "Ada Lovelace",
    "line1": "1 Analytical St",
    "city": "London",
    "postal_code": "N1 9GU",
    "country": "GB",
}


def cart_with(client: APIClient, *products_and_quantities) -> str:
    """A new cart with these (product or variant, quantity) lines; a product by its slug, a variant by its SKU."""
    cart_id = client.post("/api/v1/carts/").json()["id"]
    for item, quantity in products_and_quantities:
        named = {"variant": item.sku} if hasattr(item, "options") else {"product": item.slug}
        response = client.post(f"/api/v1/carts/{cart_id}/items/", {**named, "quantity": quantity})
        assert response.status_code == 201, response.content
    return cart_id


def order_body(cart_id: str, **overrides) -> dict:
    return {"cart": cart_id, "email": "ada@example.com", "shipping_address": ADDRESS, **overrides}


def place(client: APIClient, cart_id: str, *, key: str | None = None, **overrides):
    headers = {"HTTP_IDEMPOTENCY_KEY": key or str(uuid.uuid4())}
    return client.post("/api/v1/orders/", order_body(cart_id, **overrides), format="json", **headers)


def error(response) -> tuple[str, str | None]:
    first = response.json()["errors"][0]
    return first["code"], first["attr"]
