"""The Carts endpoints: shape, behaviour, errors in the contract's shape, constant queries on read."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Product
from catalog.tests.factories import ProductImageFactory
from commerce.models import Cart, CartItem
from commerce.services.carts import CART_SESSION_KEY
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def new_cart(client) -> dict:
    response = client.post("/api/v1/carts/")
    assert response.status_code == 201, response.content
    return response.json()


def add(client, cart_id, product, quantity=1):
    return client.post(f"/api/v1/carts/{cart_id}/items/", {"product": product.slug, "quantity": quantity})


def error(response) -> tuple[str, str | None]:
    body = response.json()
    return body["errors"][0]["code"], body["errors"][0]["attr"]


def test_create_returns_an_empty_cart_in_the_contract_shape(api_client):
    cart = new_cart(api_client)
    assert cart == {
        "id": cart["id"],
        "items": [],
        "coupon": None,
        "subtotal": "0.00",
        "discount_total": "0.00",
        "total": "0.00",
        "currency": "USD",
        "item_count": 0,
    }
    uuid.UUID(cart["id"])
    assert Cart.objects.get(pk=cart["id"]).user is None


def test_a_signed_in_users_new_cart_is_theirs(user_client):
    cart = new_cart(user_client)
    assert Cart.objects.get(pk=cart["id"]).user == user_client.user


def test_add_items_reprices_and_totals(api_client):
    tea = stocked_product(quantity=5, price=Decimal("4.50"), name="Tea", sku="TEA-1")
    cart = new_cart(api_client)
    response = add(api_client, cart["id"], tea, 2)
    assert response.status_code == 201
    response = add(api_client, cart["id"], tea, 1)  # the same product adds to its line
    body = response.json()
    [item] = body["items"]
    assert item == {
        "id": item["id"],
        "variant": {"sku": "TEA-1", "options": {}},
        "product": {"slug": tea.slug, "sku": "TEA-1", "name": "Tea", "image": None},
        "quantity": 3,
        "unit_price": "4.50",
        "line_total": "13.50",
    }
    assert (body["subtotal"], body["total"], body["item_count"]) == ("13.50", "13.50", 3)


def test_a_product_image_is_shown_with_its_url_and_size(api_client):
    product = stocked_product()
    ProductImageFactory(product=product, alt_text="A teapot")
    cart = new_cart(api_client)
    image = add(api_client, cart["id"], product).json()["items"][0]["product"]["image"]
    assert image["alt"] == "A teapot" and image["url"] and image["width"] > 0 and image["height"] > 0


def test_prices_follow_the_catalog_on_every_read(api_client):
    product = stocked_product(price=Decimal("10.00"))
    cart = new_cart(api_client)
    add(api_client, cart["id"], product, 2)
    Product.objects.filter(id=product.id).update(price=Decimal("9.00"))
    body = api_client.get(f"/api/v1/carts/{cart['id']}/").json()
    assert (body["items"][0]["unit_price"], body["total"]) == ("9.00", "18.00")


def test_a_product_no_longer_for_sale_disappears_from_the_cart(api_client):
    product = stocked_product()
    cart = new_cart(api_client)
    add(api_client, cart["id"], product)
    Product.objects.filter(id=product.id).update(deleted_at=timezone.now())
    body = api_client.get(f"/api/v1/carts/{cart['id']}/").json()
    assert (body["items"], body["total"]) == ([], "0.00")


@pytest.mark.parametrize("quantity", [0, -1, "many", None, 10_001])
def test_a_bad_quantity_is_a_400_and_changes_nothing(api_client, quantity):
    product = stocked_product()
    cart = new_cart(api_client)
    response = api_client.post(
        f"/api/v1/carts/{cart['id']}/items/", {"product": product.slug, "quantity": quantity}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert error(response)[1] == "quantity"
    assert not CartItem.objects.exists()


def test_an_unknown_product_is_a_404(api_client):
    cart = new_cart(api_client)
    response = api_client.post(f"/api/v1/carts/{cart['id']}/items/", {"product": "no-such-thing", "quantity": 1})
    assert response.status_code == 404
    assert error(response) == ("not_found", "product")


def test_more_than_available_is_a_409_out_of_stock(api_client):
    product = stocked_product(quantity=2, sku="SKU-TWO")
    cart = new_cart(api_client)
    response = add(api_client, cart["id"], product, 3)
    assert response.status_code == 409
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "out_of_stock", "detail": "Only 2 left of SKU-TWO.", "attr": "quantity"}],
    }
    assert not CartItem.objects.exists()


def test_patch_sets_the_quantity_and_zero_removes_the_line(api_client):
    product = stocked_product(quantity=5)
    cart = new_cart(api_client)
    item_id = add(api_client, cart["id"], product, 1).json()["items"][0]["id"]
    response = api_client.patch(f"/api/v1/carts/{cart['id']}/items/{item_id}/", {"quantity": 4})
    assert (response.status_code, response.json()["items"][0]["quantity"]) == (200, 4)
    response = api_client.patch(f"/api/v1/carts/{cart['id']}/items/{item_id}/", {"quantity": 6})
    assert (response.status_code, error(response)[0]) == (409, "out_of_stock")
    response = api_client.patch(f"/api/v1/carts/{cart['id']}/items/{item_id}/", {"quantity": 0})
    assert (response.status_code, response.json()["items"]) == (200, [])


def test_delete_removes_the_line(api_client):
    cart = new_cart(api_client)
    item_id = add(api_client, cart["id"], stocked_product()).json()["items"][0]["id"]
    response = api_client.delete(f"/api/v1/carts/{cart['id']}/items/{item_id}/")
    assert (response.status_code, response.json()["items"]) == (200, [])
    assert api_client.delete(f"/api/v1/carts/{cart['id']}/items/{item_id}/").status_code == 404


def test_unknown_cart_or_item_is_a_404(api_client):
    cart = new_cart(api_client)
    assert api_client.get(f"/api/v1/carts/{uuid.uuid4()}/").status_code == 404
    assert api_client.get("/api/v1/carts/not-a-uuid/").status_code == 404
    assert api_client.patch(f"/api/v1/carts/{cart['id']}/items/999999/", {"quantity": 1}).status_code == 404


def test_a_checked_out_cart_is_readable_but_read_only(api_client):
    product = stocked_product()
    cart = new_cart(api_client)
    item_id = add(api_client, cart["id"], product).json()["items"][0]["id"]
    Cart.objects.filter(pk=cart["id"]).update(status=Cart.Status.CHECKED_OUT)
    assert api_client.get(f"/api/v1/carts/{cart['id']}/").status_code == 200
    for response in (
        add(api_client, cart["id"], product),
        api_client.patch(f"/api/v1/carts/{cart['id']}/items/{item_id}/", {"quantity": 2}),
        api_client.delete(f"/api/v1/carts/{cart['id']}/items/{item_id}/"),
        api_client.post(f"/api/v1/carts/{cart['id']}/coupon/", {"code": "SAVE"}),
        api_client.delete(f"/api/v1/carts/{cart['id']}/coupon/"),
    ):
        assert (response.status_code, error(response)[0]) == (409, "cart_checked_out")
    assert CartItem.objects.get().quantity == 1


def test_coupon_codes_are_invalid_until_promotions_exist_and_removing_one_is_fine(api_client):
    cart = new_cart(api_client)
    response = api_client.post(f"/api/v1/carts/{cart['id']}/coupon/", {"code": "SAVE10"})
    assert (response.status_code, error(response)) == (400, ("invalid_coupon", "code"))
    assert api_client.post(f"/api/v1/carts/{cart['id']}/coupon/", {}).status_code == 400
    response = api_client.delete(f"/api/v1/carts/{cart['id']}/coupon/")
    assert (response.status_code, response.json()["coupon"]) == (200, None)


def test_the_guest_cart_is_remembered_in_the_session_and_merged_at_session_sign_in(user):
    client = APIClient()
    product = stocked_product()
    cart = new_cart(client)
    add(client, cart["id"], product, 2)
    assert client.session[CART_SESSION_KEY] == cart["id"]
    own = Cart.objects.create(user=user)
    client.force_login(user)  # Django's login(): sends user_logged_in
    assert list(CartItem.objects.filter(cart=own).values_list("variant__product_id", "quantity")) == [(product.id, 2)]
    # The guest id now answers with the user's cart, for the user.
    assert client.get(f"/api/v1/carts/{cart['id']}/").json()["id"] == str(own.pk)
    assert APIClient().get(f"/api/v1/carts/{cart['id']}/").status_code == 404


@pytest.mark.parametrize("how", ["body", "header"])
def test_the_guest_cart_merges_at_api_sign_in(how):
    from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

    user = UserFactory()
    own = Cart.objects.create(user=user)
    client = APIClient()
    product = stocked_product()
    cart = new_cart(client)
    add(client, cart["id"], product, 1)
    body = {"email": user.email, "password": DEFAULT_PASSWORD}
    if how == "body":
        response = APIClient().post("/api/v1/auth/token/", {**body, "cart": cart["id"]})
    else:
        response = APIClient().post("/api/v1/auth/token/", body, HTTP_X_CART_ID=cart["id"])
    assert response.status_code == 200, response.content
    assert CartItem.objects.filter(cart=own, variant__product=product).exists()


def test_cart_reads_take_the_same_number_of_queries_for_1_or_10_lines(api_client):
    def read_queries(lines: int) -> int:
        cart = new_cart(api_client)
        for _ in range(lines):
            product = stocked_product()
            ProductImageFactory(product=product)
            add(api_client, cart["id"], product)
        api_client.get(f"/api/v1/carts/{cart['id']}/")  # renditions are made on first sight
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(f"/api/v1/carts/{cart['id']}/").status_code == 200
        return len(queries)

    assert read_queries(1) == read_queries(10)
