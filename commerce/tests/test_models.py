"""Database-level invariants: what the schema itself refuses, whatever the code above it does."""

import pytest
from django.db import IntegrityError, connection, transaction

from commerce.models import TRANSITIONS, CartItem, Order, OrderStatus, Stock, can_transition
from commerce.tests.factories import CartFactory, stocked_product

pytestmark = pytest.mark.django_db


def test_raw_sql_that_would_make_stock_negative_fails_on_the_check_constraint():
    product = stocked_product(quantity=3)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Stock._meta.db_table} SET quantity = quantity - 4 WHERE variant_id = %s",  # noqa: S608
            [product.variants.get().id],
        )
    assert Stock.objects.get(variant__product=product).quantity == 3


def test_a_cart_holds_one_line_per_product():
    product = stocked_product()
    cart = CartFactory()
    CartItem.objects.create(cart=cart, variant=product.variants.get(), quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CartItem.objects.create(cart=cart, variant=product.variants.get(), quantity=2)


def test_a_cart_line_needs_at_least_one_unit():
    with pytest.raises(IntegrityError), transaction.atomic():
        CartItem.objects.create(cart=CartFactory(), variant=stocked_product().variants.get(), quantity=0)


def test_order_status_must_be_a_known_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(number="SF-TEST0001", email="a@example.com", status="lost", subtotal=0, total=0)


def test_the_transition_table_is_exactly_the_contracts():
    allowed = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert allowed == {
        ("pending", "paid"),
        ("pending", "cancelled"),
        ("paid", "shipped"),
        ("paid", "cancelled"),
        ("shipped", "delivered"),
        ("paid", "refunded"),
        ("shipped", "refunded"),
        ("delivered", "refunded"),
    }
    assert set(TRANSITIONS) == set(OrderStatus.values)
    assert can_transition("pending", "paid") and not can_transition("delivered", "cancelled")
