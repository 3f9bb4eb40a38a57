"""Writes of the reports app: flushing view counters into the database and writing daily snapshots."""

import logging
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Trunc
from django.utils import timezone

from catalog.models import Product
from commerce.models import OrderStatusChange, PaymentRefund
from reports import periods, selectors
from reports.counters import Batch, view_counter
from reports.models import InventoryReport, ProductReport, ProductView, SalesReport, ViewFlushBatch

logger = logging.getLogger(__name__)

FLUSH_BATCH_MEMORY = timedelta(days=7)  # a batch stuck in Redis longer than this has bigger problems


def _add_views(*, day: date, counts: dict[int, int]) -> None:
    """Add ``counts`` (product id -> views) to the day's ProductView rows in one upsert."""
    if not counts:
        return
    table = ProductView._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(counts))
    params = [value for product_id, n in counts.items() for value in (day, product_id, n)]
    # Adds to the stored count (bulk_create's update_conflicts can only overwrite it). PostgreSQL and SQLite.
    sql = (
        f"INSERT INTO {table} (day, product_id, count) VALUES {values} "  # noqa: S608 (table name from _meta)
        f"ON CONFLICT (day, product_id) DO UPDATE SET count = {table}.count + EXCLUDED.count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _store_batch(batch: Batch) -> bool:
    """Add one batch to ProductView with its token, in one transaction. False if it was stored before."""
    ids = dict(Product.objects.filter(slug__in=list(batch.counts)).values_list("slug", "id"))
    try:
        with transaction.atomic():
            # First: a second flusher holding the same batch waits here, then fails on the unique token.
            ViewFlushBatch.objects.create(token=batch.token)
            _add_views(day=batch.day, counts={ids[slug]: n for slug, n in batch.counts.items() if slug in ids and n})
    except IntegrityError:
        return False
    return True


def flush_product_views() -> int:
    """Move the view counters from Redis into ProductView; returns the views added.

    Guarantees: no increment is lost (counting goes on into fresh hashes while a batch is flushed) and none is
    added twice (each batch's token is stored with its counts). Views of unknown slugs are dropped.
    """
    counter = view_counter()
    counter.detach()
    added = 0
    for batch in counter.pending():
        if _store_batch(batch):
            added += sum(batch.counts.values())
        counter.acknowledge(batch)
    ViewFlushBatch.objects.filter(flushed_at__lt=timezone.now() - FLUSH_BATCH_MEMORY).delete()
    return added


@transaction.atomic
def write_daily_snapshot(*, day: date, with_inventory: bool = False) -> SalesReport:
    """Write (or rewrite) the SalesReport and ProductReport rows of the store-local ``day`` from live data, and
    with ``with_inventory`` the InventoryReport from the stock as it stands now. Idempotent: one row per day
    (per day and product); products without activity that day lose any row they had."""
    sales = selectors.live_sales([day], "day").get(day, selectors.SalesFigures())
    report, _ = SalesReport.objects.update_or_create(
        day=day,
        defaults={
            "orders": sales.orders,
            "items": sales.items,
            "revenue": sales.revenue,
            "discounts": sales.discounts,
        },
    )
    figures = selectors.product_day_figures(day)
    ProductReport.objects.filter(day=day).exclude(product_id__in=list(figures)).delete()
    ProductReport.objects.bulk_create(
        [ProductReport(day=day, product_id=product_id, **row) for product_id, row in figures.items()],
        update_conflicts=True,
        unique_fields=["day", "product"],
        update_fields=["units", "revenue", "orders", "views", "carts"],
    )
    if with_inventory:
        stock = selectors.inventory_figures()
        InventoryReport.objects.update_or_create(day=day, defaults=stock)
    return report


def days_changed_on(day: date) -> list[date]:
    """Earlier snapshotted days holding orders whose status changed, or whose payments were partly refunded, on
    ``day`` (a refund of last week's order changes last week's figures)."""
    changed = (
        OrderStatusChange.objects.filter(periods.moments_in("at", [day]))
        .annotate(placed=Trunc("order__created_at", "day", tzinfo=periods.store_tz()))
        .values_list("placed", flat=True)
        .distinct()
    )
    refunded = (
        PaymentRefund.objects.filter(periods.moments_in("created_at", [day]))
        .annotate(placed=Trunc("payment__order__created_at", "day", tzinfo=periods.store_tz()))
        .values_list("placed", flat=True)
        .distinct()
    )
    placed_days = {periods.local_day(moment) for moment in [*changed, *refunded]}
    earlier = [placed for placed in placed_days if placed < day]
    return sorted(SalesReport.objects.filter(day__in=earlier).values_list("day", flat=True))


def has_snapshot(*, day: date) -> bool:
    """Whether the nightly job has written ``day`` (its inventory row is written only by that job)."""
    return InventoryReport.objects.filter(day=day).exists()


def snapshot_day(*, day: date) -> list[date]:
    """The nightly job for the day that just ended: flush view counters, write its snapshot (with inventory),
    and rewrite earlier snapshotted days whose orders changed status that day. Returns the days written."""
    flush_product_views()
    write_daily_snapshot(day=day, with_inventory=True)
    refreshed = days_changed_on(day)
    for earlier in refreshed:
        write_daily_snapshot(day=earlier)
    logger.info("report snapshots written", extra={"day": day.isoformat(), "refreshed": len(refreshed)})
    return [day, *refreshed]
