"""Domain events through a transactional outbox.

    publish("order.created", {"number": order.number})

writes an ``OutboxEvent`` row inside the caller's transaction and, once that transaction commits,
hands the event to Celery. Each subscriber runs in its own task and is recorded in ``ProcessedEvent``
in the same transaction as its work, so a redelivered event changes nothing twice; the task that
records the last subscriber marks the event completed. An event is done only then, not when the
broker accepted it: the periodic ``relay_outbox`` task sends what the broker refused (it was down)
and, after ``OUTBOX_REDISPATCH_AFTER`` seconds, again what it accepted but no worker ran (it lost its
queue, a worker died), to the subscribers that have not handled it yet.

Subscribers register with ``@subscriber("order.created")`` in their app's ``handlers.py``, which the
app imports in ``AppConfig.ready``. A subscriber receives the ``OutboxEvent``.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial, update_wrapper

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from storefront.models import OutboxEvent, ProcessedEvent

logger = logging.getLogger(__name__)

Handler = Callable[[OutboxEvent], None]
_subscribers: dict[str, dict[str, Handler]] = defaultdict(dict)
ALL_EVENTS = "*"
# What publishing raises when the broker is unreachable (kombu wraps connection errors in OperationalError).
# Anything else is a bug and must not pass for an outage.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)


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
    # robust: a failing dispatch is logged and never fails the caller, whose change has committed. Django's log
    # line names the callable by __qualname__, which a bare partial lacks (it would raise AttributeError instead).
    dispatch = update_wrapper(partial(dispatch_event, event_id=event.id), dispatch_event)
    transaction.on_commit(dispatch, robust=True)
    return event


def dispatch_event(*, event_id) -> bool:
    """Send a just-committed event to its subscribers (the on-commit hook). False if the broker refused."""
    event = OutboxEvent.objects.filter(id=event_id, dispatched_at__isnull=True).first()
    if event is None:
        return True
    return send_event(event, handled=set())


def pending_handlers(event: OutboxEvent, handled: set[str] | None = None) -> list[str]:
    """The subscribers that have not handled ``event`` yet (``handled``: their names, if already read)."""
    if handled is None:
        handled = set(ProcessedEvent.objects.filter(event_id=event.id).values_list("handler", flat=True))
    return [name for name in handlers_for(event.name) if name not in handled]


def send_event(event: OutboxEvent, *, handled: set[str] | None = None) -> bool:
    """Queue one task per subscriber that has not handled the event, then record the dispatch.

    An event no subscriber is waiting for is completed here. False if the broker refused: only the attempt
    is recorded, and the relay tries again.
    """
    from storefront.tasks import run_handler

    pending = pending_handlers(event, handled)
    log_extra = {"event": event.name, "event_id": str(event.id)}
    if event.dispatched_at is not None and pending:
        logger.warning("event dispatched but not handled: sending it again", extra={**log_extra, "handlers": pending})
    try:
        for handler_name in pending:
            run_handler.apply_async(kwargs={"event_id": str(event.id), "handler_name": handler_name})
    except BROKER_ERRORS:  # the broker is unreachable: leave the row for the relay
        logger.warning("event dispatch deferred", extra=log_extra, exc_info=True)
        OutboxEvent.objects.filter(id=event.id).update(attempts=F("attempts") + 1)
        return False
    now = timezone.now()
    done = {} if pending else {"completed_at": now}
    OutboxEvent.objects.filter(id=event.id).update(dispatched_at=now, attempts=F("attempts") + 1, **done)
    return True


def complete_if_handled(event: OutboxEvent) -> bool:
    """Mark ``event`` completed if every subscriber has handled it; call in the transaction recording one."""
    # Lock the row first: of two handlers finishing at once, the later then sees the other's ProcessedEvent.
    list(OutboxEvent.objects.select_for_update().filter(id=event.id).values_list("id", flat=True))
    if pending_handlers(event):
        return False
    OutboxEvent.objects.filter(id=event.id, completed_at__isnull=True).update(completed_at=timezone.now())
    return True
