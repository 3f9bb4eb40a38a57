"""An event is done when every subscriber has run, not when the broker took it; the relay re-sends what is not."""

import threading
from types import SimpleNamespace

import pytest
from celery.exceptions import Retry
from django.db import connection, transaction
from kombu.exceptions import OperationalError

from storefront import tasks
from storefront.events import dispatch_event, publish, subscriber
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import relay_outbox, run_handler

pytestmark = pytest.mark.django_db(transaction=True)
FIRST = "storefront.tests.test_events_completion.first"
SECOND = "storefront.tests.test_events_completion.second"
ran: list[str] = []
race = threading.Barrier(2, timeout=10)


@subscriber("test.pair")
def first(event):
    ran.append("first")


@subscriber("test.pair")
def second(event):
    ran.append("second")


@subscriber("test.race")
def racer_one(event):
    race.wait()  # both handlers are inside their transactions, neither has committed


@subscriber("test.race")
def racer_two(event):
    race.wait()


@subscriber("test.broken")
def broken(event):
    raise ValueError("a bug in a handler")


@pytest.fixture(autouse=True)
def _reset():
    ran.clear()
    race.reset()


@pytest.fixture
def forgetful_broker(monkeypatch):
    """A broker that accepts every task and runs only those of ``deliver``; the others it loses."""
    broker = SimpleNamespace(deliver=set(), sent=[], lost=[])

    def apply_async(*, kwargs):
        broker.sent.append(kwargs["handler_name"])
        if kwargs["handler_name"] in broker.deliver:
            run_handler(**kwargs)
        else:
            broker.lost.append(kwargs["handler_name"])

    monkeypatch.setattr(tasks, "run_handler", SimpleNamespace(apply_async=apply_async))
    return broker


def test_an_event_is_completed_with_its_last_handler():
    with transaction.atomic():
        event = publish("test.pair", {})
    event.refresh_from_db()
    assert sorted(ran) == ["first", "second"]
    assert event.dispatched_at is not None and event.completed_at is not None
    assert event.completed_at >= ProcessedEvent.objects.get(event_id=event.id, handler=FIRST).processed_at


def test_an_event_without_subscribers_is_completed_when_dispatched():
    with transaction.atomic():
        event = publish("test.nobody_listens", {})
    event.refresh_from_db()
    assert event.completed_at is not None


def test_an_accepted_but_lost_handler_is_sent_again_after_the_timeout_and_only_it(forgetful_broker, settings):
    forgetful_broker.deliver = {FIRST}
    with transaction.atomic():
        event = publish("test.pair", {})
    event.refresh_from_db()
    assert ran == ["first"] and forgetful_broker.lost == [SECOND]
    assert event.dispatched_at is not None and event.completed_at is None

    assert relay_outbox() == 0  # dispatched a moment ago: still within OUTBOX_REDISPATCH_AFTER
    assert forgetful_broker.lost == [SECOND]

    settings.OUTBOX_REDISPATCH_AFTER = 0
    forgetful_broker.deliver = {FIRST, SECOND}
    assert relay_outbox() == 1
    event.refresh_from_db()
    assert forgetful_broker.sent == [FIRST, SECOND, SECOND]  # the first handler is not sent again
    assert ran == ["first", "second"]
    assert event.completed_at is not None and event.attempts == 2
    assert relay_outbox() == 0


def test_a_dispatched_event_whose_handlers_all_ran_is_completed_without_sending(forgetful_broker, settings):
    with transaction.atomic():
        event = publish("test.pair", {})
    for handler in (FIRST, SECOND):  # e.g. completed by a worker that did not know every handler yet
        ProcessedEvent.objects.create(event_id=event.id, handler=handler)
    forgetful_broker.sent.clear()
    settings.OUTBOX_REDISPATCH_AFTER = 0
    assert relay_outbox() == 1
    assert forgetful_broker.sent == []
    assert OutboxEvent.objects.get(id=event.id).completed_at is not None


def test_two_handlers_finishing_at_once_complete_the_event():
    with transaction.atomic():
        event = OutboxEvent.objects.create(name="test.race", payload={})
    prefix = "storefront.tests.test_events_completion."
    results = []

    def run(handler):
        try:
            results.append(run_handler(event_id=str(event.id), handler_name=prefix + handler))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("racer_one", "racer_two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert results == ["done", "done"]
    assert OutboxEvent.objects.get(id=event.id).completed_at is not None


def test_a_handler_bug_is_not_taken_for_a_broker_outage():
    event = OutboxEvent.objects.create(name="test.broken", payload={})
    with pytest.raises((ValueError, Retry), match="a bug in a handler"):
        dispatch_event(event_id=event.id)  # eager: the handler (and its retries) run inside the dispatch
    assert OutboxEvent.objects.get(id=event.id).attempts == 0


def test_a_broker_error_defers_the_event(monkeypatch):
    def refuse(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks, "run_handler", SimpleNamespace(apply_async=refuse))
    event = OutboxEvent.objects.create(name="test.pair", payload={})
    assert dispatch_event(event_id=event.id) is False
    event.refresh_from_db()
    assert (event.dispatched_at, event.completed_at, event.attempts) == (None, None, 1)


def test_a_handler_bug_after_commit_is_logged_and_never_fails_the_caller(caplog):
    with transaction.atomic():
        event = publish("test.broken", {})
    # The caller's change stands; the error is on record, and the event waits for the relay.
    assert "Error calling dispatch_event in on_commit()" in caplog.text
    assert "a bug in a handler" in caplog.text
    assert OutboxEvent.objects.get(id=event.id).completed_at is None
