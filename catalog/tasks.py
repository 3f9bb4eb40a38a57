"""Catalog's Celery tasks: thin, idempotent."""

from celery import shared_task

from catalog import pricing


@shared_task
def refresh_sale_prices() -> int:
    """Store sale prices for the discounts active now (queued when they change; also periodic, as a backstop)."""
    return pricing.refresh_sale_prices()
