"""Variants in commerce: carts, orders and stock are per variant (#13). Services and API; the races are in
test_variants_concurrency.py."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from rest_framework.test import APIClient

from accounts.tests.factories import staff_client
from catalog.models import Product, ProductVariant
from catalog.tests.factories import DiscountFactory, ProductFactory
from commerce.models import Order, Stock, StockMovement
from commerce.services import carts as cart_services
from commerce.services.stock import StockLine, take_stock
from commerce.tests.api_helpers import cart_with, error, place
from commerce.tests.factories import stocked_variant
from storefront.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt():
    """A shirt in two sizes (M at the product's 20.00, XL at its own 25.00); the optionless variant replaced."""
    product = ProductFactory(price=Decimal("20.00"), sku="SHIRT")
    product.variants.all().delete()
    m = stocked_variant(5, product=product, sku="SHIRT-M", options={"Size": "M"})
    xl = stocked_variant(2, product=product, sku="SHIRT-XL", options={"Size": "XL"}, price=Decimal("25.00"))
    return Product.objects.get(pk=product.pk), m, xl


def test_a_product_alone_is_not_enough_when_it_has_several_variants(shirt):
    product, _, _ = shirt
    cart_id = APIClient().post("/api/v1/carts/").json()["id"]
    response = APIClient().post(f"/api/v1/carts/{cart_id}/items/", {"product": product.slug, "quantity": 1})
    assert response.status_code == 400
    assert error(response) == ("variant_required", "variant")


def test_variants_are_lines_of_their_own_priced_at_their_own_price(shirt):
    _, m, xl = shirt
    client = APIClient()
    cart_id = cart_with(client, (m, 1), (xl, 1), (m, 2))
    cart = client.get(f"/api/v1/carts/{cart_id}/").json()
    lines = [
        (item["variant"]["sku"], item["variant"]["options"], item["quantity"], item["unit_price"])
        for item in cart["items"]
    ]
    assert lines == [("SHIRT-M", {"Size": "M"}, 3, "20.00"), ("SHIRT-XL", {"Size": "XL"}, 1, "25.00")]
    assert cart["items"][0]["product"]["slug"] == m.product.slug
    assert cart["subtotal"] == "85.00"


def test_a_variant_of_another_product_or_unknown_sku_is_a_404(shirt):
    _product, m, _ = shirt
    other = ProductFactory()
    client = APIClient()
    cart_id = client.post("/api/v1/carts/").json()["id"]
    unknown = client.post(f"/api/v1/carts/{cart_id}/items/", {"variant": "NOPE", "quantity": 1})
    mismatch = client.post(f"/api/v1/carts/{cart_id}/items/", {"product": other.slug, "variant": m.sku, "quantity": 1})
    neither = client.post(f"/api/v1/carts/{cart_id}/items/", {"quantity": 1})
    assert (unknown.status_code, error(unknown)) == (404, ("not_found", "variant"))
    assert (mismatch.status_code, error(mismatch)) == (404, ("not_found", "variant"))
    assert (neither.status_code, error(neither)[1]) == (400, "product")


def test_out_of_stock_is_per_variant(shirt):
    _, m, xl = shirt
    cart = cart_services.create_cart(user=None)
    with pytest.raises(Conflict) as raised:
        cart_services.add_to_cart(cart_id=cart.id, user=None, variant_sku=xl.sku, quantity=3)
    assert raised.value.code == "out_of_stock" and "SHIRT-XL" in raised.value.detail
    cart_services.add_to_cart(cart_id=cart.id, user=None, variant_sku=m.sku, quantity=5)  # M has five


def test_an_order_snapshots_each_variant_and_takes_its_stock(shirt):
    _, m, xl = shirt
    client = APIClient()
    response = place(client, cart_with(client, (m, 2), (xl, 1)))
    assert response.status_code == 201, response.content
    items = response.json()["items"]
    assert [(i["sku"], i["options"], i["quantity"], i["unit_price"]) for i in items] == [
        ("SHIRT-M", {"Size": "M"}, 2, "20.00"),
        ("SHIRT-XL", {"Size": "XL"}, 1, "25.00"),
    ]
    assert response.json()["subtotal"] == "65.00"
    assert Stock.objects.get(variant=m).quantity == 3
    assert Stock.objects.get(variant=xl).quantity == 1
    order = Order.objects.get(number=response.json()["number"])
    assert sorted(StockMovement.objects.filter(order=order).values_list("variant__sku", "delta")) == [
        ("SHIRT-M", -2),
        ("SHIRT-XL", -1),
    ]
    # The ledger keeps the variant (its history stays); the line's snapshot stands on its own anyway.
    with pytest.raises(ProtectedError):
        xl.delete()
    line = order.lines.get(sku="SHIRT-XL")
    assert (line.variant_id, line.options, line.product_slug) == (xl.id, {"Size": "XL"}, m.product.slug)


def test_cancelling_puts_units_back_on_each_variant(shirt):
    _, m, xl = shirt
    client = APIClient()
    body = place(client, cart_with(client, (m, 1), (xl, 2))).json()
    order = Order.objects.get(number=body["number"])
    from commerce.services.orders import cancel_order

    cancel_order(order=order)
    assert Stock.objects.get(variant=m).quantity == 5
    assert Stock.objects.get(variant=xl).quantity == 2


def test_selling_out_one_variant_leaves_the_product_in_stock_and_prices_it_by_the_rest(shirt):
    product, m, xl = shirt
    assert (product.in_stock, product.from_price, product.sale_price) == (True, Decimal("20.00"), Decimal("20.00"))
    order = Order.objects.create(number="T-1", email="a@example.com", subtotal=0, total=0, currency="USD")
    take_stock(order=order, lines=[StockLine(m.id, 5)])
    product.refresh_from_db()
    m.refresh_from_db()
    assert m.in_stock is False
    # Summaries are priced at the lowest variant in stock: only XL is left.
    assert (product.in_stock, product.from_price, product.sale_price) == (True, Decimal("25.00"), Decimal("25.00"))
    take_stock(order=order, lines=[StockLine(xl.id, 2)])
    product.refresh_from_db()
    # None in stock: the lowest of all again.
    assert (product.in_stock, product.from_price) == (False, Decimal("20.00"))


def test_a_discount_prices_every_variant_of_its_product(shirt):
    product, _m, xl = shirt
    DiscountFactory(products=[product], kind="percentage", value=Decimal("10"))
    detail = APIClient().get(f"/api/v1/products/{product.slug}/").json()
    assert [(v["sku"], v["price"], v["sale_price"]) for v in detail["variants"]] == [
        ("SHIRT-M", "20.00", "18.00"),
        ("SHIRT-XL", "25.00", "22.50"),
    ]
    client = APIClient()
    cart = client.get(f"/api/v1/carts/{cart_with(client, (xl, 1))}/").json()
    assert cart["items"][0]["unit_price"] == "22.50"


def test_stock_endpoints_take_a_variant_sku(shirt):
    product, m, _ = shirt
    client = staff_client("commerce", "view_stock", "change_stock", "view_stockmovement")
    row = client.get(f"/api/v1/stock/{m.sku}/")
    assert row.status_code == 200
    assert (row.json()["variant"], row.json()["product"]["slug"], row.json()["quantity"]) == (
        {"sku": "SHIRT-M", "options": {"Size": "M"}},
        product.slug,
        5,
    )
    adjusted = client.post(f"/api/v1/stock/{m.sku}/adjust/", {"delta": 3, "reason": "delivery"}, format="json")
    assert adjusted.status_code == 200 and adjusted.json()["quantity"] == 8
    assert client.get(f"/api/v1/stock/{m.sku}/movements/").json()["results"][0]["delta"] == 3
    by_slug = client.get(f"/api/v1/stock/{product.slug}/")
    assert (by_slug.status_code, error(by_slug)[0]) == (400, "variant_required")
    assert client.get("/api/v1/stock/NO-SUCH-SKU/").status_code == 404
    listed = client.get("/api/v1/stock/").json()["results"]
    assert [r["variant"]["sku"] for r in listed if r["product"]["slug"] == product.slug] == ["SHIRT-M", "SHIRT-XL"]


def test_a_product_with_one_variant_still_buys_and_stocks_by_its_slug():
    from commerce.tests.factories import stocked_product

    product = stocked_product(4)
    client = APIClient()
    assert place(client, cart_with(client, (product, 1))).status_code == 201
    stock = staff_client("commerce", "view_stock").get(f"/api/v1/stock/{product.slug}/").json()
    assert (stock["variant"], stock["quantity"]) == ({"sku": product.sku, "options": {}}, 3)


def test_the_product_sku_follows_to_its_one_variant_and_may_not_take_another_variants():
    from catalog import services

    product = ProductFactory(sku="OLD-1")
    services.update_product(slug=product.slug, sku="NEW-1")
    assert list(product.variants.values_list("sku", flat=True)) == ["NEW-1"]
    stocked_variant(1, sku="TAKEN-1")
    with pytest.raises(InvalidInput) as raised:
        services.update_product(slug=product.slug, sku="TAKEN-1")
    assert raised.value.attr == "sku"
    assert ProductVariant.objects.filter(sku="NEW-1", product=product).exists()
