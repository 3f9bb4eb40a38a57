"""The variants migrations keep existing data (#13): every product gets its one variant, and stock, the ledger,
cart lines and order lines move onto it (catalog 0006, commerce 0009-0010), on a database migrated back and
forward for real."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = [("catalog", "0005_discount"), ("commerce", "0008_discount_moved_to_catalog")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_products_stock_carts_and_orders_move_onto_variants():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        Category, Product = old.get_model("catalog", "Category"), old.get_model("catalog", "Product")
        Stock, Movement = old.get_model("commerce", "Stock"), old.get_model("commerce", "StockMovement")
        Cart, CartItem = old.get_model("commerce", "Cart"), old.get_model("commerce", "CartItem")
        Order, OrderLine = old.get_model("commerce", "Order"), old.get_model("commerce", "OrderLine")
        category = Category.objects.create(name="C", slug="c", path="0001", depth=1)
        lamp = Product.objects.create(name="Lamp", slug="lamp", sku="LMP-1", price="30.00", category=category,
                                      in_stock=True)  # fmt: skip
        mug = Product.objects.create(name="Mug", slug="mug", sku="MUG-1", price="8.00", category=category)
        Stock.objects.create(product=lamp, quantity=4)
        Stock.objects.create(product=mug, quantity=0)
        Movement.objects.create(product=lamp, delta=4, quantity_after=4, reason="import")
        cart = Cart.objects.create()
        CartItem.objects.create(cart=cart, product=lamp, quantity=2)
        order = Order.objects.create(number="SF-OLD", email="a@example.com", subtotal="30.00", total="30.00",
                                     currency="USD")  # fmt: skip
        OrderLine.objects.create(order=order, product=lamp, product_slug="lamp", sku="LMP-1", name="Lamp",
                                 unit_price="30.00", quantity=1, line_total="30.00")  # fmt: skip
        OrderLine.objects.create(order=order, product=None, product_slug="gone", sku="GONE-1", name="Gone",
                                 unit_price="1.00", quantity=1, line_total="1.00")  # fmt: skip
    finally:
        new = _migrate(latest)

    Variant = new.get_model("catalog", "ProductVariant")
    lamp_variant = Variant.objects.get(product__slug="lamp")
    assert (lamp_variant.sku, lamp_variant.options, lamp_variant.price, lamp_variant.in_stock) == (
        "LMP-1",
        {},
        None,
        True,
    )
    assert Variant.objects.get(product__slug="mug").in_stock is False
    assert str(new.get_model("catalog", "Product").objects.get(slug="lamp").from_price) == "30.00"
    stock = dict(new.get_model("commerce", "Stock").objects.values_list("variant__sku", "quantity"))
    assert stock == {"LMP-1": 4, "MUG-1": 0}
    assert list(new.get_model("commerce", "StockMovement").objects.values_list("variant__sku", "delta")) == [
        ("LMP-1", 4)
    ]
    assert list(new.get_model("commerce", "CartItem").objects.values_list("variant__sku", "quantity")) == [("LMP-1", 2)]
    lines = dict(new.get_model("commerce", "OrderLine").objects.values_list("sku", "variant__sku"))
    assert lines == {"LMP-1": "LMP-1", "GONE-1": None}
