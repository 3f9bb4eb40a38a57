"""The outbox: an event exists only if its transaction committed, and each subscriber acts once."""

import pytest
from django.db import transaction

from storefront.celery import app as celery_app
from storefront.events import publish, subscriber
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import RELAY_GRACE, relay_outbox, run_handler

received: list[str] = []


@subscriber("test.happened")
def remember(event):
    received.append(event.payload["n"])


@pytest.fixture(autouse=True)
def _reset_received():
    received.clear()


@pytest.mark.django_db(transaction=True)
def test_event_in_a_committed_transaction_is_delivered_once():
    with transaction.atomic():
        publish("test.happened", {"n": "one"})
        assert received == []  # nothing runs before commit
    assert received == ["one"]
    event = OutboxEvent.objects.get()
    assert event.dispatched_at is not None and event.completed_at is not None
    assert ProcessedEvent.objects.filter(event_id=event.id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_event_in_a_rolled_back_transaction_is_never_delivered():
    with pytest.raises(RuntimeError), transaction.atomic():
        publish("test.happened", {"n": "lost"})
        raise RuntimeError("the change fails")
    assert received == []
    assert not OutboxEvent.objects.exists()
    assert relay_outbox() == 0


@pytest.mark.django_db(transaction=True)
def test_redelivered_event_changes_nothing_twice():
    with transaction.atomic():
        event = publish("test.happened", {"n": "once"})
    handler = "storefront.tests.test_events.remember"
    assert run_handler(event_id=str(event.id), handler_name=handler) == "duplicate"
    assert received == ["once"]


@pytest.mark.django_db(transaction=True)
def test_event_published_while_the_broker_is_down_is_relayed_when_it_returns(broker_down):
    with transaction.atomic():
        publish("test.happened", {"n": "late"})
    event = OutboxEvent.objects.get()
    assert event.dispatched_at is None and event.attempts == 1
    assert received == []

    # The broker comes back (eager mode stands in for a worker); the periodic relay sends the event.
    celery_app.conf.task_always_eager = True
    OutboxEvent.objects.update(created_at=event.created_at - RELAY_GRACE)
    assert relay_outbox() == 1
    assert received == ["late"]
    assert relay_outbox() == 0
    assert received == ["late"]
