"""Subscribers to domain events. Each runs in its own Celery task (storefront.tasks.run_handler), at most
once per event in effect; they take what they need from the payload and re-read the database."""

from django.conf import settings

from catalog.models import Product
from commerce import emails
from commerce.models import Order
from commerce.services.stock import ensure_stock
from storefront.events import ALL_EVENTS, subscriber


@subscriber("product.created", "product.updated")
def create_stock_row(event) -> None:
    """Every variant gets its stock row (at zero): the product's first, and those added to it later."""
    product_id = event.payload.get("id") or event.payload.get("product_id")
    product = Product.objects.filter(id=product_id).first() if product_id else None
    if product is None and event.payload.get("slug"):
        product = Product.objects.filter(slug=event.payload["slug"]).first()
    if product is not None:
        for variant in product.variants.all():
            ensure_stock(variant=variant)


@subscriber("stock.low")
def notify_staff_of_low_stock(event) -> None:
    emails.send_low_stock_alert(payload=event.payload)


@subscriber("order.created")
def send_order_confirmation(event) -> None:
    order = Order.objects.prefetch_related("lines").filter(number=event.payload["number"]).first()
    if order is not None:
        emails.send_order_confirmation(order=order)


def queue_webhooks(event) -> None:
    """One delivery task per configured URL, each retried with backoff on its own."""
    from commerce.tasks import deliver_webhook

    for url in settings.WEBHOOK_URLS:
        deliver_webhook.apply_async(kwargs={"event_id": str(event.id), "url": url})


if settings.WEBHOOK_URLS:
    # Without URLs there is nothing to send: don't queue a no-op task for every event.
    subscriber(ALL_EVENTS)(queue_webhooks)
