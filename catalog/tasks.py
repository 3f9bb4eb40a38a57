"""Catalog's Celery tasks: thin, idempotent."""

from celery import shared_task
from django.conf import settings

from catalog import pricing


# How far ahead discount starts and ends are scheduled: twice the beat's interval, so every moment is scheduled
# by two runs at least. Not further: RabbitMQ (consumer_timeout) and Redis (visibility_timeout) redeliver or
# drop a message held unacknowledged for long, which an ETA task waiting for days would be.
def _schedule_ahead() -> float:
    return 2 * settings.CELERY_BEAT_SCHEDULE["refresh-sale-prices"]["schedule"]


@shared_task
def refresh_sale_prices() -> int:
    """Store sale prices for the discounts active now, and schedule a refresh at each discount start or end of
    the next few minutes. Queued when discounts change; periodic (beat), as the backstop."""
    changed = pricing.refresh_sale_prices()
    for moment in pricing.upcoming_price_changes(within=_schedule_ahead()):
        refresh_sale_prices_at.apply_async(eta=moment)
    return changed


@shared_task
def refresh_sale_prices_at() -> int:
    """The refresh at a discount's start or end (scheduled by ``refresh_sale_prices``; schedules nothing)."""
    return pricing.refresh_sale_prices()
