"""Domain events through a transactional outbox.

    publish("order.created", {"number": order.number})

writes an ``OutboxEvent`` row inside the caller's transaction and, once that transaction commits,
hands the event to Celery. If the broker is down then, the row stays undispatched and the periodic
``relay_outbox`` task sends it later. Each subscriber runs in its own task and is recorded in
``ProcessedEvent`` in the same transaction as its work, so a redelivered event changes nothing twice.

Subscribers register with ``@subscriber("order.created")`` in their app's ``handlers.py``, which the
app imports in ``AppConfig.ready``. A subscriber receives the ``OutboxEvent``.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils import timezone

from storefront.models import OutboxEvent

logger = logging.getLogger(__name__)

Handler = Callable[[OutboxEvent], None]
_subscribers: dict[str, dict[str, Handler]] = defaultdict(dict)
ALL_EVENTS = "*"


def subscriber(*event_names: str):
    """Register the decorated function for the named events (``"*"`` for all of them)."""

    def register(func: Handler) -> Handler:
        for name in event_names:
            _subscribers[name][f"{func.__module__}.{func.__qualname__}"] = func
        return func

    return register


def handlers_for(event_name: str) -> dict[str, Handler]:
    return {**_subscribers.get(ALL_EVENTS, {}), **_subscribers.get(event_name, {})}


def publish(name: str, payload: dict) -> OutboxEvent:
    """Record an event in the current transaction; it is dispatched only if that transaction commits."""
    event = OutboxEvent.objects.create(name=name, payload=payload)
    transaction.on_commit(partial(dispatch_event, event_id=event.id), robust=True)
    return event


def dispatch_event(*, event_id) -> bool:
    """Queue one task per subscriber, then mark the event dispatched. False if the broker refused."""
    from storefront.tasks import run_handler

    event = OutboxEvent.objects.filter(id=event_id, dispatched_at__isnull=True).first()
    if event is None:
        return True
    try:
        for handler_name in handlers_for(event.name):
            run_handler.apply_async(kwargs={"event_id": str(event.id), "handler_name": handler_name})
    except Exception:  # the broker is unreachable: leave the row for the relay
        logger.warning("event dispatch deferred", extra={"event": event.name, "event_id": str(event.id)}, exc_info=True)
        OutboxEvent.objects.filter(id=event.id).update(attempts=event.attempts + 1)
        return False
    OutboxEvent.objects.filter(id=event.id).update(dispatched_at=timezone.now(), attempts=event.attempts + 1)
    return True
