"""Carts and orders remember the content that brought the shopper (banner, page, coupon, campaign)."""

import pytest

from commerce.models import Cart, Order
from commerce.tests.api_helpers import error, place
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_cart_created_with_a_source_passes_it_to_the_order(api_client):
    tea = stocked_product(quantity=5)
    cart_id = api_client.post("/api/v1/carts/", {"source": "banner:12"}, format="json").json()["id"]
    api_client.post(f"/api/v1/carts/{cart_id}/items/", {"product": tea.slug, "quantity": 1}, format="json")
    response = place(api_client, cart_id)
    assert response.status_code == 201
    assert Order.objects.get(number=response.json()["number"]).source == "banner:12"


def test_first_touch_wins_when_items_arrive_from_other_content(api_client):
    tea = stocked_product(quantity=5)
    cart_id = api_client.post("/api/v1/carts/").json()["id"]
    for source in ("page:7", "banner:3"):
        response = api_client.post(
            f"/api/v1/carts/{cart_id}/items/", {"product": tea.slug, "quantity": 1, "source": source}, format="json"
        )
        assert response.status_code == 201
    assert Cart.objects.get(pk=cart_id).source == "page:7"


@pytest.mark.parametrize("bad", ["banner", "shop:1", "banner:<script>", "page:" + "x" * 60])
def test_malformed_source_is_a_400_and_no_cart_is_made(api_client, bad):
    response = api_client.post("/api/v1/carts/", {"source": bad}, format="json")
    assert response.status_code == 400
    assert error(response)[1] == "source"
    assert not Cart.objects.exists()


def test_server_rendered_pages_attribute_the_cart_to_the_link_followed(client):
    tea = stocked_product(quantity=5)
    client.get("/cart/?src=coupon:WELCOME10")
    client.post("/cart/add/", {"product": tea.slug, "quantity": 1})
    assert Cart.objects.get().source == "coupon:WELCOME10"


def test_a_bogus_src_parameter_is_ignored_by_the_pages(client):
    tea = stocked_product(quantity=5)
    client.get("/cart/?src=nonsense")
    client.post("/cart/add/", {"product": tea.slug, "quantity": 1})
    assert Cart.objects.get().source == ""
