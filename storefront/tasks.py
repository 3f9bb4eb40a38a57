import logging
from datetime import timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from storefront.events import dispatch_event, handlers_for
from storefront.models import OutboxEvent, ProcessedEvent

logger = logging.getLogger(__name__)

# Events younger than this are left to their own on-commit dispatch, so the relay rarely doubles up.
RELAY_GRACE = timedelta(seconds=10)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def run_handler(*, event_id: str, handler_name: str) -> str:
    """Run one subscriber for one event, at most once in effect (ProcessedEvent is written in the same transaction)."""
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
    return "done"


@shared_task
def relay_outbox(batch_size: int = 500) -> int:
    """Send the events whose on-commit dispatch failed (broker down, process killed). Safe to run concurrently."""
    sent = 0
    cutoff = timezone.now() - RELAY_GRACE
    with transaction.atomic():
        pending = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True, created_at__lte=cutoff)
            .order_by("created_at")
            .values_list("id", flat=True)[:batch_size]
        )
        for event_id in pending:
            if not dispatch_event(event_id=event_id):
                break  # the broker is still down; try again on the next beat
            sent += 1
    return sent
