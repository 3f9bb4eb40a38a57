"""Event subscribers: stock rows for new products (idempotent)."""

import pytest
from django.db import transaction

from catalog.tests.factories import ProductFactory
from commerce.handlers import create_stock_row
from commerce.models import Stock
from storefront.events import publish
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import run_handler

pytestmark = pytest.mark.django_db(transaction=True)
HANDLER = "commerce.handlers.create_stock_row"


def test_product_created_creates_its_stock_row_once():
    product = ProductFactory()
    payload = {"id": product.id, "slug": product.slug}
    with transaction.atomic():
        first = publish("product.created", payload)
    assert Stock.objects.get(variant__product=product).quantity == 0
    Stock.objects.filter(variant__product=product).update(quantity=7)  # goods arrive

    # A second event, a redelivery of the first and a direct second call neither fail nor touch the stock.
    with transaction.atomic():
        second = publish("product.created", payload)
    assert run_handler(event_id=str(first.id), handler_name=HANDLER) == "duplicate"
    create_stock_row(first)

    assert list(Stock.objects.filter(variant__product=product).values_list("quantity", flat=True)) == [7]
    for event in (first, second):  # the handler ran to the end for each event (a failure leaves no record)
        assert ProcessedEvent.objects.filter(event_id=event.id, handler=HANDLER).count() == 1
        assert OutboxEvent.objects.get(id=event.id).completed_at is not None
