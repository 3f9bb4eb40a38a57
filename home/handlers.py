"""Subscribers to domain events (storefront.events): content.changed goes to the frontend (home.revalidation)."""

from django.conf import settings

from home.revalidation import EVENT
from storefront.events import subscriber


@subscriber(EVENT)
def revalidate_frontend(event) -> None:
    """Queue the POST to FRONTEND_REVALIDATE_URL: signed and retried as the integrators' webhooks are."""
    from commerce.tasks import deliver_webhook

    if settings.FRONTEND_REVALIDATE_URL:
        deliver_webhook.apply_async(kwargs={"event_id": str(event.id), "url": settings.FRONTEND_REVALIDATE_URL})
