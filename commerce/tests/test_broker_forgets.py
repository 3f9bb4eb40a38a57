"""A broker that loses its queue (a Redis restart without persistence) loses no order.created: the relay re-sends it.

Real broker (``EVENT_TEST_BROKER_URL``: Redis by default, RabbitMQ in CI's second run) and a real worker thread.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from rest_framework.test import APIClient

from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import relay_outbox

pytestmark = [pytest.mark.events, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CONFIRMATION = "commerce.handlers.send_order_confirmation"


def wait_for(condition, *, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_an_order_created_the_broker_lost_is_handled_once_after_the_relay(real_broker, settings):
    app, queue = real_broker
    client = APIClient()
    response = place(client, cart_with(client, (stocked_product(quantity=100), 1)), email="buyer@example.com")
    assert response.status_code == 201, response.content
    event = OutboxEvent.objects.get(name="order.created")
    assert event.dispatched_at is not None and event.completed_at is None  # the broker took it: not yet done

    # The broker forgets everything queued before any worker took it.
    with app.connection_for_write() as connection:
        assert connection.default_channel.queue_purge(queue) >= 1

    assert relay_outbox() == 0  # within OUTBOX_REDISPATCH_AFTER the relay leaves a dispatched event alone
    settings.OUTBOX_REDISPATCH_AFTER = 0
    assert relay_outbox() >= 1

    with start_worker(app, queues=[queue], perform_ping_check=False, shutdown_timeout=30):
        assert wait_for(lambda: not OutboxEvent.objects.filter(completed_at__isnull=True).exists()), list(
            OutboxEvent.objects.values_list("name", "dispatched_at", "completed_at", "attempts")
        )
        assert relay_outbox() == 0  # nothing left to send

    assert ProcessedEvent.objects.filter(event_id=event.id, handler=CONFIRMATION).count() == 1
    assert [m.to for m in mail.outbox if "confirmed" in m.subject] == [["buyer@example.com"]]
    event.refresh_from_db()
    assert event.completed_at is not None and event.attempts == 2
