"""Races per variant on PostgreSQL (#13): the last units of one variant, and two variants of one product selling
out at once (the product's in-stock flag must end right)."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from catalog.models import Product
from catalog.tests.factories import ProductFactory
from commerce.models import Order, Stock, StockMovement
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_variant
from commerce.tests.test_concurrency import outcome, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _two_sizes(m_units: int, l_units: int):
    product = ProductFactory()
    product.variants.all().delete()
    m = stocked_variant(m_units, product=product, options={"Size": "M"})
    large = stocked_variant(l_units, product=product, options={"Size": "L"})
    return product, m, large


def test_buyers_race_for_the_last_units_of_one_variant_and_the_other_is_untouched():
    product, m, large = _two_sizes(3, 7)
    clients = [APIClient() for _ in range(12)]
    carts = [cart_with(client, (m, 1)) for client in clients]

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    outcomes = Counter(outcome(r) for r in results)
    assert outcomes == {(201, None, None): 3, (409, "out_of_stock", "items.0.quantity"): 9}, outcomes
    assert Order.objects.count() == 3
    assert Stock.objects.get(variant=m).quantity == 0
    assert Stock.objects.get(variant=large).quantity == 7
    assert StockMovement.objects.filter(variant=m, reason="sale").count() == 3
    assert not StockMovement.objects.filter(variant=large).exclude(reason="adjustment").exists()
    product = Product.objects.get(pk=product.pk)
    assert product.in_stock is True  # L is still there


def test_two_variants_selling_out_at_once_leave_the_product_out_of_stock():
    for _ in range(3):  # a lost update shows up within a few rounds
        product, m, large = _two_sizes(1, 1)
        a, b = APIClient(), APIClient()
        carts = [cart_with(a, (m, 1)), cart_with(b, (large, 1))]
        results = race([lambda a=a, c=carts[0]: place(a, c), lambda b=b, c=carts[1]: place(b, c)])
        assert [outcome(r) for r in results] == [(201, None, None), (201, None, None)]
        product = Product.objects.get(pk=product.pk)
        assert product.in_stock is False
        assert not product.variants.filter(in_stock=True).exists()
