import time
from datetime import timedelta

import pytest

from catalog.tests.factories import ProductFactory
from commerce.models import Order, OrderStatusChange
from reports import demo, periods
from reports.models import InventoryReport, ProductReport, ProductView, SalesReport
from reports.selectors import sales_report

pytestmark = pytest.mark.django_db


def test_demo_history_is_quick_idempotent_and_reportable():
    for _ in range(8):
        ProductFactory()
    lines: list[str] = []

    started = time.monotonic()
    demo.seed(products=8, log=lines.append)
    elapsed = time.monotonic() - started
    counts = (Order.objects.count(), OrderStatusChange.objects.count(), ProductView.objects.count())
    demo.seed(products=8, log=lines.append)

    assert elapsed < 20
    assert (Order.objects.count(), OrderStatusChange.objects.count(), ProductView.objects.count()) == counts
    assert lines[-1] == "reports: history already seeded"
    assert counts[0] > 400
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {"delivered", "shipped", "paid", "cancelled", "refunded"} <= statuses
    today = periods.today()
    assert SalesReport.objects.count() == demo.DAYS
    assert InventoryReport.objects.get().day == today - timedelta(days=1)
    assert ProductReport.objects.exists()
    # Snapshots agree with the live figures they were written from.
    start = today - timedelta(days=demo.DAYS)
    stored = sales_report(start=start, end=today - timedelta(days=1), interval="month")["totals"]
    SalesReport.objects.all().delete()
    live = sales_report(start=start, end=today - timedelta(days=1), interval="month")["totals"]
    assert stored == live and live["orders"] > 300
    # Back-dated: the orders spread over the 90 days before today.
    first = Order.objects.order_by("created_at").first().created_at
    assert periods.local_day(first) == start
