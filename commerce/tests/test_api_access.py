"""BOLA: another customer's cart or order is a 404 (never a 403), for signed-in and anonymous callers alike;
order numbers cannot be guessed."""

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from commerce.models import CartItem, Order
from commerce.services.orders import generate_order_number
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def alice():
    return client_for(UserFactory())


@pytest.fixture
def bob():
    return client_for(UserFactory())


def test_another_users_cart_is_a_404_for_every_cart_endpoint(alice, bob):
    product = stocked_product()
    cart_id = cart_with(alice, (product, 1))
    item_id = CartItem.objects.get(cart_id=cart_id).id
    for intruder in (bob, client_for()):
        responses = [
            intruder.get(f"/api/v1/carts/{cart_id}/"),
            intruder.post(f"/api/v1/carts/{cart_id}/items/", {"product": product.slug, "quantity": 1}),
            intruder.patch(f"/api/v1/carts/{cart_id}/items/{item_id}/", {"quantity": 3}),
            intruder.delete(f"/api/v1/carts/{cart_id}/items/{item_id}/"),
            intruder.post(f"/api/v1/carts/{cart_id}/coupon/", {"code": "X"}),
            intruder.delete(f"/api/v1/carts/{cart_id}/coupon/"),
            place(intruder, cart_id),
        ]
        assert [r.status_code for r in responses] == [404] * len(responses)
    assert CartItem.objects.get(cart_id=cart_id).quantity == 1
    assert not Order.objects.exists()


def test_an_anonymous_cart_used_by_a_user_becomes_theirs(alice, bob):
    anonymous = client_for()
    cart_id = cart_with(anonymous, (stocked_product(), 1))
    assert alice.get(f"/api/v1/carts/{cart_id}/").status_code == 200
    assert bob.get(f"/api/v1/carts/{cart_id}/").status_code == 404
    assert anonymous.get(f"/api/v1/carts/{cart_id}/").status_code == 404


def test_another_users_order_is_a_404_for_reading_and_cancelling(alice, bob):
    number = place(alice, cart_with(alice, (stocked_product(), 1))).json()["number"]
    for intruder in (bob, client_for()):
        assert intruder.get(f"/api/v1/orders/{number}/").status_code == 404
        assert intruder.post(f"/api/v1/orders/{number}/cancel/").status_code == 404
    assert bob.get("/api/v1/orders/").json()["count"] == 0
    assert Order.objects.get(number=number).status == "pending"


def test_a_guest_order_needs_its_token(bob):
    guest = client_for()
    placed = place(guest, cart_with(guest, (stocked_product(), 1))).json()
    number, token = placed["number"], placed["access_token"]
    assert guest.get(f"/api/v1/orders/{number}/").status_code == 404
    assert guest.get(f"/api/v1/orders/{number}/", {"token": token[:-1] + "x"}).status_code == 404
    assert bob.get(f"/api/v1/orders/{number}/").status_code == 404
    assert client_for().get(f"/api/v1/orders/{number}/", {"token": token}).status_code == 200


def test_a_token_does_not_open_another_order():
    guest = client_for()
    first = place(guest, cart_with(guest, (stocked_product(), 1))).json()
    second = place(guest, cart_with(guest, (stocked_product(), 1))).json()
    assert guest.get(f"/api/v1/orders/{second['number']}/", {"token": first["access_token"]}).status_code == 404


def test_guessing_order_numbers_finds_nothing(staff_client):
    guest = client_for()
    for _ in range(5):
        place(guest, cart_with(guest, (stocked_product(), 1)))
    real = set(Order.objects.values_list("number", flat=True))
    # Not sequential: numbers share no running counter that neighbours could be derived from.
    assert len({number[:6] for number in real}) > 1
    guesses = {generate_order_number() for _ in range(200)} - real
    anonymous, nosy = client_for(), client_for(UserFactory())
    for guess in list(guesses)[:50]:
        assert anonymous.get(f"/api/v1/orders/{guess}/").status_code == 404
        assert nosy.get(f"/api/v1/orders/{guess}/").status_code == 404
    for number in real:  # even real numbers tell an outsider nothing
        assert anonymous.get(f"/api/v1/orders/{number}/").status_code == 404
        assert nosy.get(f"/api/v1/orders/{number}/").status_code == 404
        assert staff_client.get(f"/api/v1/orders/{number}/").status_code == 200
