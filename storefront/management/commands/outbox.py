"""manage.py outbox: what the transactional outbox holds that is not done, and sending parked events again.

manage.py outbox                 # counts: in flight, parked; and the parked events, oldest first
manage.py outbox --retry         # send every parked event again (after fixing the handler that failed)
manage.py outbox --retry ID ...  # only these
"""

import uuid
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from storefront.events import pending_handlers
from storefront.models import OutboxEvent, ProcessedEvent
from storefront.tasks import retry_parked


class Command(BaseCommand):
    help = "Show the outbox's unfinished events; --retry sends parked ones again."

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true", help="Send parked events again.")
        parser.add_argument("ids", nargs="*", help="Event ids (default: every parked event).")

    def handle(self, *args, retry=False, ids=(), **options):
        try:
            ids = [uuid.UUID(value) for value in ids]
        except ValueError as error:
            raise CommandError(f"not an event id: {error}") from None
        if retry:
            count = retry_parked(ids)
            self.stdout.write(f"{count} parked event(s) will be sent again by the relay's next run.")
            return
        unfinished = OutboxEvent.objects.filter(completed_at__isnull=True)
        parked = unfinished.filter(parked_at__isnull=False).order_by("created_at")
        self.stdout.write(f"in flight: {unfinished.filter(parked_at__isnull=True).count()}, parked: {parked.count()}")
        shown = list(parked[:100])
        handled = defaultdict(set)  # one query for all the events shown, not one each
        for event_id, handler in ProcessedEvent.objects.filter(event_id__in=[e.id for e in shown]).values_list(
            "event_id", "handler"
        ):
            handled[event_id].add(handler)
        for event in shown:
            waiting = ", ".join(pending_handlers(event, handled[event.id]))
            created = f"{event.created_at:%Y-%m-%d %H:%M}"
            self.stdout.write(f"{event.id}  {event.name}  created {created}  waiting: {waiting}")
