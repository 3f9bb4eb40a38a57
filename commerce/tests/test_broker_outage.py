"""Orders placed while the broker is unreachable still deliver order.created, once each, when it returns."""

import time

import pytest
from django.core import mail
from rest_framework.test import APIClient

from commerce.models import Order
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import RELAY_GRACE, relay_outbox, run_handler

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CONFIRMATION = "commerce.handlers.send_order_confirmation"


def test_twenty_orders_during_an_outage_are_delivered_exactly_once_after_it(broker_down):
    product = stocked_product(quantity=1000, low_stock_threshold=2)
    client = APIClient()
    carts = [cart_with(client, (product, 1)) for _ in range(20)]

    started = time.monotonic()
    responses = [place(client, cart, email=f"buyer{i}@example.com") for i, cart in enumerate(carts)]
    elapsed = time.monotonic() - started

    assert [r.status_code for r in responses] == [201] * 20
    assert elapsed < 30, f"placing orders hung on the broker for {elapsed:.1f}s"
    events = OutboxEvent.objects.filter(name="order.created")
    assert events.count() == 20 and not events.filter(dispatched_at__isnull=False).exists()
    assert mail.outbox == [] and not ProcessedEvent.objects.exists()

    # The broker is back (eager mode stands in for it and a worker); the periodic relay catches up.
    broker_down.conf.task_always_eager = True
    OutboxEvent.objects.update(created_at=events.first().created_at - RELAY_GRACE)
    assert relay_outbox() == 20

    delivered = ProcessedEvent.objects.filter(handler=CONFIRMATION)
    assert delivered.count() == 20
    assert set(delivered.values_list("event_id", flat=True)) == set(events.values_list("id", flat=True))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(Order.objects.values_list("email", flat=True))
    assert len(mail.outbox) == 20

    # A second relay has nothing left to send, and a redelivered event changes nothing.
    assert relay_outbox() == 0
    event = events.first()
    assert run_handler(event_id=str(event.id), handler_name=CONFIRMATION) == "duplicate"
    assert len(mail.outbox) == 20 and delivered.count() == 20
