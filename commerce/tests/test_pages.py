"""Shopper pages: /cart/, /checkout/, /orders/<number>/ through the same services as the API."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from commerce.models import Order, Stock
from commerce.services.carts import CART_SESSION_KEY
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db
ADDRESS = {"name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London", "postal_code": "N1", "country": "gb"}


def add(client, product, quantity=1):
    return client.post("/cart/add/", {"product": product.slug, "quantity": quantity})


def checkout_form(client) -> dict:
    page = client.get("/checkout/").content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(cart|idempotency_key)" value="([^"]+)"', page))
    return {**ADDRESS, "email": "ada@example.com", **hidden}


def test_adding_from_the_product_page_fills_the_session_cart(client):
    product = stocked_product(quantity=5, name="Teapot", price=Decimal("12.00"))
    response = add(client, product, 2)
    assert (response.status_code, response.url) == (302, "/cart/")
    page = client.get("/cart/").content.decode()
    assert "Teapot" in page and "24.00" in page and "Added to your cart." in page
    assert client.session[CART_SESSION_KEY]


def test_the_catalog_product_page_posts_to_the_cart(client):
    product = stocked_product(quantity=5)
    page = client.get(f"/products/{product.slug}/").content.decode()
    assert 'action="/cart/add/"' in page


def test_too_many_is_refused_with_a_clear_message(client):
    product = stocked_product(quantity=2, sku="SKU-TWO")
    add(client, product, 3)
    assert "Only 2 left of SKU-TWO." in client.get("/cart/").content.decode()


def test_update_and_remove_lines(client):
    product = stocked_product(quantity=5, name="Teapot")
    add(client, product)
    item_id = re.search(r"/cart/items/(\d+)/", client.get("/cart/").content.decode()).group(1)
    client.post(f"/cart/items/{item_id}/", {"quantity": 4})
    assert 'value="4"' in client.get("/cart/").content.decode()
    client.post(f"/cart/items/{item_id}/remove/")
    assert "Your cart is empty" in client.get("/cart/").content.decode()


def test_a_line_that_sold_out_since_is_flagged_and_blocks_checkout(client):
    product = stocked_product(quantity=5, name="Teapot")
    add(client, product, 3)
    Stock.objects.filter(variant__product=product).update(quantity=1)
    page = client.get("/cart/").content.decode()
    assert "Only 1 left" in page and 'href="/checkout/"' not in page


def test_checkout_places_the_order_and_the_guest_sees_it(client, settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", "100.00"
    product = stocked_product(quantity=5, name="Teapot", price=Decimal("12.00"))
    add(client, product, 2)
    page = client.get("/checkout/").content.decode()
    assert "24.00" in page and "5.00" in page and "29.00" in page
    response = client.post("/checkout/", checkout_form(client))
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    assert (order.total, order.shipping_address["country"], order.user) == (Decimal("29.00"), "GB", None)
    page = client.get(response.url).content.decode()
    assert order.number in page and "Teapot" in page and "Thank you!" in page
    assert Client().get(f"/orders/{order.number}/").status_code == 404  # another browser, no token
    assert "Your cart is empty" in client.get("/cart/").content.decode()


def test_submitting_the_checkout_twice_places_one_order(client):
    add(client, stocked_product(quantity=5), 1)
    form = checkout_form(client)
    first = client.post("/checkout/", form)
    second = client.post("/checkout/", form)
    assert first.url == second.url
    assert Order.objects.count() == 1


def test_out_of_stock_at_checkout_names_the_product(client):
    product = stocked_product(quantity=5, name="Teapot")
    add(client, product, 3)
    form = checkout_form(client)
    Stock.objects.filter(variant__product=product).update(quantity=2)
    response = client.post("/checkout/", form)
    assert response.url == "/cart/"
    assert "Teapot: Only 2 left" in client.get("/cart/").content.decode()
    assert not Order.objects.exists()


def test_invalid_checkout_input_shows_the_form_again(client):
    add(client, stocked_product(), 1)
    response = client.post("/checkout/", {**checkout_form(client), "country": "XX", "email": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a country from the list." in page and "valid email" in page
    assert not Order.objects.exists()


def test_signed_in_users_see_their_orders_and_nobody_else_does(client):
    user = UserFactory()
    client.force_login(user)
    add(client, stocked_product(), 1)
    form = checkout_form(client)
    number = client.post("/checkout/", form).url.split("/")[2]
    assert Order.objects.get(number=number).user == user
    assert client.get(f"/orders/{number}/").status_code == 200
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/orders/{number}/").status_code == 404


def test_forms_are_csrf_protected():
    product = stocked_product()
    client = Client(enforce_csrf_checks=True)
    assert client.post("/cart/add/", {"product": product.slug, "quantity": 1}).status_code == 403


def test_an_empty_cart_has_no_checkout(client):
    assert client.get("/checkout/").url == "/cart/"


def test_cart_cells_carry_the_labels_the_narrow_layout_shows(client):
    add(client, stocked_product(name="Teapot"), 1)
    page = client.get("/cart/").content.decode()
    for cell in ("product", "price", "quantity", "total", "remove"):
        assert f'class="cart-lines__{cell}"' in page
    assert 'data-label="Price"' in page and 'data-label="Total"' in page
