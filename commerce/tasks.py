"""Commerce's Celery tasks: thin, idempotent, they take ids and re-read."""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from storefront.models import OutboxEvent

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Storefront-Signature"
IDEMPOTENCY_KEY_TTL = timedelta(hours=24)


class WebhookDeliveryError(Exception):
    """The receiver did not answer 2xx; the delivery is retried with backoff."""


def webhook_body(event: OutboxEvent) -> bytes:
    return json.dumps(
        {"id": str(event.id), "name": event.name, "payload": event.payload, "created_at": event.created_at},
        cls=DjangoJSONEncoder,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def sign(body: bytes, secret: str) -> str:
    """The value of X-Storefront-Signature: ``sha256=`` + hex HMAC-SHA256 of the raw body with WEBHOOK_SECRET."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@shared_task(
    autoretry_for=(WebhookDeliveryError, OSError),
    retry_backoff=5,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def deliver_webhook(*, event_id: str, url: str) -> str:
    """POST one event to one configured URL, signed. Receivers dedupe on X-Storefront-Event-Id (retries resend)."""
    if url not in [*settings.WEBHOOK_URLS, settings.FRONTEND_REVALIDATE_URL] or not url:
        return "unconfigured"  # only ever send to what the operator configured (home.handlers: the frontend)
    event = OutboxEvent.objects.filter(id=event_id).first()
    if event is None:
        return "missing"
    body = webhook_body(event)
    request = urllib.request.Request(  # noqa: S310 (the URL comes from the operator's settings, checked above)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "storefront-webhooks/1",
            "X-Storefront-Event": event.name,
            "X-Storefront-Event-Id": str(event.id),
            SIGNATURE_HEADER: sign(body, settings.WEBHOOK_SECRET),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if not 200 <= status < 300:
        logger.warning("webhook refused", extra={"url": url, "status": status, "event_id": event_id})
        raise WebhookDeliveryError(f"{url} answered {status}")
    return "delivered"


@shared_task
def purge_idempotency_keys() -> int:
    """Forget idempotency keys after a day (they hold responses, including guest order tokens)."""
    from commerce.models import IdempotencyKey

    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_KEY_TTL).delete()
    return deleted


@shared_task
def release_unpaid_orders() -> int:
    """Cancel pending orders whose payment was abandoned (``UNPAID_ORDER_TTL``), giving their stock back."""
    from commerce.services.payments import abandoned_order_ids, release_abandoned_order

    released = 0
    for order_id in abandoned_order_ids():
        try:
            released += release_abandoned_order(order_id=order_id)
        except Exception:  # one order's trouble (a provider down) must not keep the others' stock locked up
            logger.exception("could not release unpaid order", extra={"order_id": order_id})
    return released
