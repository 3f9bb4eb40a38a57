"""A guest order opens with its access token sent as the X-Order-Token header (kept out of URLs and logs), as it
does with ?token=."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from commerce.models import Order
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_order():
    guest = APIClient()
    placed = place(guest, cart_with(guest, (stocked_product(), 1))).json()
    return placed["number"], placed["access_token"]


def test_the_header_opens_the_guest_order(guest_order):
    number, token = guest_order
    response = APIClient().get(f"/api/v1/orders/{number}/", HTTP_X_ORDER_TOKEN=token)
    assert (response.status_code, response.json()["number"]) == (200, number)


def test_a_wrong_header_is_a_404(guest_order):
    number, token = guest_order
    assert APIClient().get(f"/api/v1/orders/{number}/", HTTP_X_ORDER_TOKEN=token[:-1] + "x").status_code == 404
    assert APIClient().get(f"/api/v1/orders/{number}/", HTTP_X_ORDER_TOKEN="x" * 5000).status_code == 404
    # The header is the token when both are sent.
    response = APIClient().get(f"/api/v1/orders/{number}/", {"token": token}, HTTP_X_ORDER_TOKEN="wrong")
    assert response.status_code == 404


def test_the_header_cancels_the_guest_order(guest_order):
    number, token = guest_order
    assert APIClient().post(f"/api/v1/orders/{number}/cancel/", HTTP_X_ORDER_TOKEN="wrong").status_code == 404
    assert APIClient().post(f"/api/v1/orders/{number}/cancel/", HTTP_X_ORDER_TOKEN=token).status_code == 200
    assert Order.objects.get(number=number).status == "cancelled"


def test_the_order_page_takes_the_header_too(guest_order):
    number, token = guest_order
    assert Client().get(f"/orders/{number}/", HTTP_X_ORDER_TOKEN=token).status_code == 200
    assert Client().get(f"/orders/{number}/", HTTP_X_ORDER_TOKEN="wrong").status_code == 404


def test_the_schema_documents_the_header(django_db_blocker):
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path, method in (("/api/v1/orders/{number}/", "get"), ("/api/v1/orders/{number}/cancel/", "post")):
        parameters = {(p["in"], p["name"]) for p in paths[path][method]["parameters"]}
        assert {("header", "X-Order-Token"), ("query", "token")} <= parameters
