"""An event whose handler fails every time is parked after OUTBOX_MAX_REDISPATCHES re-sends: kept, logged as an
error, no longer sent; `manage.py outbox --retry` sends it again. Broker outages never count towards parking."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from storefront import tasks
from storefront.events import publish, subscriber
from storefront.models import OutboxEvent
from storefront.tasks import relay_outbox, run_handler

pytestmark = pytest.mark.django_db(transaction=True)
HANDLER = "storefront.tests.test_events_parking.flaky"
fixed = {"yes": False}


@subscriber("test.flaky")
def flaky(event):
    pass


@pytest.fixture
def broker(monkeypatch, settings):
    """A broker that runs the handler only once it is "fixed"; before, the task is lost as if it kept failing."""
    settings.OUTBOX_REDISPATCH_AFTER = 0
    settings.OUTBOX_MAX_REDISPATCHES = 2
    fixed["yes"] = False
    sent = []

    def apply_async(*, kwargs):
        sent.append(kwargs["handler_name"])
        if fixed["yes"]:
            run_handler(**kwargs)

    monkeypatch.setattr(tasks, "run_handler", SimpleNamespace(apply_async=apply_async))
    return sent


def test_a_failing_handler_is_parked_then_retried_by_the_operator(broker, caplog):
    with transaction.atomic():
        event = publish("test.flaky", {})
    assert broker == [HANDLER]  # the on-commit dispatch
    assert relay_outbox() == 1 and relay_outbox() == 1  # sent again twice: the limit
    assert relay_outbox() == 0  # parked, not sent
    event.refresh_from_db()
    assert event.parked_at is not None and event.completed_at is None and event.redispatches == 2
    assert "event parked" in caplog.text
    assert relay_outbox() == 0 and len(broker) == 3

    out = StringIO()
    call_command("outbox", stdout=out)
    assert "parked: 1" in out.getvalue() and str(event.id) in out.getvalue() and HANDLER in out.getvalue()

    fixed["yes"] = True
    call_command("outbox", "--retry", stdout=StringIO())
    OutboxEvent.objects.filter(id=event.id).update(created_at=timezone.now() - timedelta(minutes=1))
    assert relay_outbox() == 1
    event.refresh_from_db()
    assert event.completed_at is not None and event.parked_at is None


def test_a_broker_outage_never_parks_an_event(broker, monkeypatch):
    def refuse(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks, "run_handler", SimpleNamespace(apply_async=refuse))
    event = OutboxEvent.objects.create(name="test.flaky", payload={})
    OutboxEvent.objects.filter(id=event.id).update(created_at=timezone.now() - timedelta(minutes=1))
    for _ in range(5):
        assert relay_outbox() == 0
    event.refresh_from_db()
    assert event.attempts == 5 and event.redispatches == 0 and event.parked_at is None


def test_retry_names_events_by_id(broker):
    with pytest.raises(CommandError, match="not an event id"):
        call_command("outbox", "--retry", "not-a-uuid")


def test_listing_parked_events_costs_the_same_queries_for_any_number(broker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def park(n):
        for _ in range(n):
            OutboxEvent.objects.create(name="test.flaky", payload={}, parked_at=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            call_command("outbox", stdout=StringIO())
        return len(queries)

    assert park(1) == park(5)
