"""seed_demo's commerce part: stock rows for every product, some low or out, orders in several states; twice is once."""

import pytest

from accounts.tests.factories import UserFactory
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from commerce import demo
from commerce.models import Order, Stock
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_covers_several_states():
    for email in ("alice@example.com", "bob@example.com", "carol@example.com"):
        UserFactory(email=email)
    category, brand = CategoryFactory(), BrandFactory()
    for _ in range(30):
        stocked_product(quantity=50, category=category, brand=brand)
    bare = ProductFactory(category=category, brand=brand)  # no stock row yet
    lines = []

    demo.seed(products=30, log=lines.append)
    orders = Order.objects.count()
    levels = Stock.objects.order_by("variant_id").values_list("variant_id", "quantity", "low_stock_threshold")
    stock = list(levels)
    demo.seed(products=30, log=lines.append)

    assert orders == len(demo.ORDERS)
    assert Order.objects.count() == orders
    assert (
        list(Stock.objects.order_by("variant_id").values_list("variant_id", "quantity", "low_stock_threshold")) == stock
    )
    assert Stock.objects.filter(variant__product=bare).exists()
    assert Stock.objects.filter(quantity=0).exists() and Stock.objects.low().filter(quantity__gt=0).exists()
    assert set(Order.objects.values_list("status", flat=True)) == {
        "pending", "paid", "shipped", "delivered", "cancelled", "refunded"
    }  # fmt: skip
    assert Order.objects.filter(user__isnull=True).exists()
