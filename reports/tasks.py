"""Reports' Celery tasks: thin and safe to run twice."""

from datetime import date, timedelta

from celery import shared_task

from reports import periods, services


@shared_task
def snapshot_reports(day: str | None = None) -> list[str]:
    """Snapshot the store-local day that just ended (once; later runs that day do nothing), or ``day``
    (YYYY-MM-DD, always rewritten). Beat runs it hourly, so "just after midnight" holds in the store's time
    zone whatever Celery's is, and a night missed through an outage is caught up within the hour."""
    if day:
        return [written.isoformat() for written in services.snapshot_day(day=date.fromisoformat(day))]
    yesterday = periods.today() - timedelta(days=1)
    if services.has_snapshot(day=yesterday):
        return []
    return [written.isoformat() for written in services.snapshot_day(day=yesterday)]


@shared_task
def flush_product_views() -> int:
    """Every few minutes (beat): move the Redis view counters into ProductView."""
    return services.flush_product_views()
