import logging
from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from storefront.events import complete_if_handled, handlers_for, pending_handlers, send_event
from storefront.models import OutboxEvent, ProcessedEvent

logger = logging.getLogger(__name__)

# Events younger than this are left to their own on-commit dispatch, so the relay rarely doubles up.
RELAY_GRACE = timedelta(seconds=10)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def run_handler(*, event_id: str, handler_name: str) -> str:
    """Run one subscriber for one event, at most once in effect (ProcessedEvent is written in the same transaction).

    The run that records the event's last subscriber marks the event completed, in that same transaction.
    """
    event = OutboxEvent.objects.filter(id=event_id).first()
    handler = handlers_for(event.name).get(handler_name) if event else None
    if handler is None:
        logger.error("no such event or handler", extra={"event_id": event_id, "handler": handler_name})
        return "missing"
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProcessedEvent.objects.create(event_id=event.id, handler=handler_name)
        except IntegrityError:
            return "duplicate"
        handler(event)
        complete_if_handled(event)
    return "done"


@shared_task
def relay_outbox(batch_size: int = 500) -> int:
    """Send the events that are not done, oldest first, at most ``batch_size`` of them. Safe to run concurrently.

    That is the events never dispatched (the broker was down, the process was killed), and those dispatched
    ``OUTBOX_REDISPATCH_AFTER`` seconds ago whose subscribers have still not all run (the broker lost its queue,
    a worker died): those go again to the subscribers that have not handled them only.
    """
    sent = 0
    now = timezone.now()
    due = Q(dispatched_at__isnull=True, created_at__lte=now - RELAY_GRACE) | Q(
        dispatched_at__lte=now - timedelta(seconds=settings.OUTBOX_REDISPATCH_AFTER)
    )
    with transaction.atomic():
        # Rows another relay holds are skipped, not waited for: that relay is sending them.
        events = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(due, completed_at__isnull=True, parked_at__isnull=True)
            .order_by("created_at")[:batch_size]
        )
        handled = defaultdict(set)
        processed = ProcessedEvent.objects.filter(event_id__in=[event.id for event in events])
        for event_id, handler in processed.values_list("event_id", "handler"):
            handled[event_id].add(handler)
        for event in events:
            again = event.dispatched_at is not None  # accepted before, yet a handler has not run
            if again and event.redispatches >= settings.OUTBOX_MAX_REDISPATCHES:
                _park(event, handled[event.id])
                continue
            if not send_event(event, handled=handled[event.id]):
                break  # the broker is still down; try again on the next beat
            if again:
                OutboxEvent.objects.filter(id=event.id).update(redispatches=F("redispatches") + 1)
            sent += 1
    return sent


def _park(event: OutboxEvent, handled: set[str]) -> None:
    OutboxEvent.objects.filter(id=event.id).update(parked_at=timezone.now())
    logger.error(
        "event parked: a handler keeps failing; fix it, then run `manage.py outbox --retry`",
        extra={"event": event.name, "event_id": str(event.id), "handlers": pending_handlers(event, handled)},
    )


def retry_parked(ids=None) -> int:
    """Send parked events (all, or those of ``ids``) again from scratch, on the relay's next run."""
    parked = OutboxEvent.objects.filter(parked_at__isnull=False, completed_at__isnull=True)
    if ids:
        parked = parked.filter(id__in=ids)
    return parked.update(parked_at=None, redispatches=0, dispatched_at=None)
