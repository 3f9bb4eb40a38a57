import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it describes.

    A row exists if and only if the change committed, so an event can be neither lost (the relay keeps
    retrying undelivered rows while the broker is down) nor sent for a change that rolled back.
    ``dispatched_at`` is when the broker last accepted it; ``completed_at`` is when its last handler ran. Only
    the latter means done: a broker that loses its queue loses dispatched events, and the relay sends them again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=64)
    payload = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Times the relay sent it again because a handler had still not run: a broker that lost its queue needs one,
    # a handler that fails every time needs them all. At OUTBOX_MAX_REDISPATCHES the event is parked: kept
    # (never lost), no longer sent, logged as an error, and sent again by ``manage.py outbox --retry``.
    redispatches = models.PositiveIntegerField(default=0)
    parked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The relay's scan: only the few rows still in flight, however long the table grows.
            models.Index(
                fields=["created_at"],
                name="outbox_incomplete_idx",
                condition=models.Q(completed_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.name} {self.id}"


class ProcessedEvent(models.Model):
    """Marks that one handler has handled one event, so a redelivered event is a no-op."""

    event_id = models.UUIDField()
    handler = models.CharField(max_length=200)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event_id", "handler"], name="processed_event_once")]

    def __str__(self):
        return f"{self.handler} {self.event_id}"
