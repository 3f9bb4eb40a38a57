"""Event subscribers: stock rows for new products (idempotent)."""

import pytest
from django.db import transaction

from catalog.tests.factories import ProductFactory
from commerce.models import Stock
from storefront.events import publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_product_created_creates_its_stock_row_once():
    product = ProductFactory()
    with transaction.atomic():
        publish("product.created", {"id": product.id, "slug": product.slug})
    with transaction.atomic():
        publish("product.created", {"id": product.id, "slug": product.slug})  # a second event changes nothing
    stock = Stock.objects.get(product=product)
    assert stock.quantity == 0
