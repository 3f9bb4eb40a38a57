"""The nightly snapshot: idempotent, merged with live figures, rewritten when an old order changes status."""

from datetime import date
from decimal import Decimal

import pytest

from commerce.models import Order
from reports import periods, tasks
from reports.models import InventoryReport, ProductReport, ProductView, SalesReport
from reports.selectors import sales_report, top_products
from reports.tests.conftest import utc
from reports.tests.factories import make_cart, make_order, record_status_change

pytestmark = pytest.mark.django_db

D1, D2, D4, D5 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day: date) -> None:
        monkeypatch.setattr(periods, "today", lambda: day)

    return set_today


def test_running_twice_leaves_one_row_per_day(shop, stocked, today_is):
    today_is(D2)
    assert tasks.snapshot_reports.delay().get() == [D1.isoformat()]
    assert tasks.snapshot_reports.delay().get() == []  # later runs that day do nothing
    tasks.snapshot_reports.delay(day=D1.isoformat()).get()  # an explicit day is rewritten, still one row

    assert SalesReport.objects.filter(day=D1).count() == 1
    assert InventoryReport.objects.filter(day=D1).count() == 1
    assert ProductReport.objects.filter(day=D1).count() == 2
    sales = SalesReport.objects.get(day=D1)
    assert (sales.orders, sales.items, sales.revenue, sales.discounts) == (2, 4, Decimal("55.00"), Decimal("5.00"))
    stock = InventoryReport.objects.get(day=D1)
    assert (stock.total_units, stock.stock_value, stock.low_count, stock.out_count) == (23, Decimal("225.00"), 1, 1)


def test_product_rows_hold_units_revenue_orders_views_and_carts(shop, new_york):
    alpha, bravo, charlie = shop
    ProductView.objects.create(day=D1, product=charlie, count=9)
    make_cart(products=[alpha, charlie], created_at=utc(3, 2, 20))
    make_cart(products=[alpha], created_at=utc(3, 3, 4))  # 23:00 on D1 in New York
    make_cart(products=[alpha], created_at=utc(3, 3, 6))  # D2

    tasks.snapshot_reports(day=D1.isoformat())

    rows = {
        r.product_id: (r.units, r.revenue, r.orders, r.views, r.carts) for r in ProductReport.objects.filter(day=D1)
    }
    assert rows == {
        alpha.id: (3, Decimal("30.00"), 2, 0, 2),
        bravo.id: (1, Decimal("25.00"), 1, 0, 0),
        charlie.id: (0, Decimal("0.00"), 0, 9, 1),
    }


def test_past_days_come_from_snapshots_and_today_is_live(shop, today_is):
    alpha = shop[0]
    today_is(D5)
    tasks.snapshot_reports(day=D1.isoformat())
    # Written behind the snapshot's back: a stored day keeps its stored figures...
    make_order(status="paid", created_at=utc(3, 2, 16), lines=[(alpha, 1, "10.00")])
    # ...and a stored row for today is ignored: today is always live.
    SalesReport.objects.create(day=D5, orders=99, revenue=Decimal("999.00"))

    rows = {r["period"]: r for r in sales_report(start=D1, end=D5, interval="day")["rows"]}

    assert (rows[D1]["orders"], rows[D1]["revenue"]) == (2, Decimal("55.00"))
    assert (rows[D2]["orders"], rows[D2]["revenue"]) == (1, Decimal("45.00"))  # not snapshotted: live
    assert (rows[D5]["orders"], rows[D5]["revenue"]) == (1, Decimal("12.50"))
    products = {p["slug"]: p["units_sold"] for p in top_products(start=D1, end=D1, limit=10)}
    assert products == {"alpha": 3, "bravo": 1}  # from ProductReport, without the late order


def test_weeks_merge_stored_and_live_days(shop, today_is):
    today_is(D5)
    for day in (D1, D2):
        tasks.snapshot_reports(day=day.isoformat())

    week = sales_report(start=D1, end=D5, interval="week")["rows"]

    assert [(r["period"], r["orders"], r["items"], r["revenue"]) for r in week] == [
        (D1, 5, 10, Decimal("144.50")),
    ]


def test_a_refund_rewrites_the_day_the_order_was_placed(shop, today_is):
    today_is(D4)
    tasks.snapshot_reports(day=D1.isoformat())
    assert SalesReport.objects.get(day=D1).orders == 2
    order = Order.objects.get(total=Decimal("40.00"))  # order 1
    record_status_change(order, status="refunded", at=utc(3, 3, 18))  # refunded on D2

    written = tasks.snapshot_reports(day=D2.isoformat())

    assert written == [D2.isoformat(), D1.isoformat()]
    sales = SalesReport.objects.get(day=D1)
    assert (sales.orders, sales.revenue) == (1, Decimal("15.00"))
    assert set(ProductReport.objects.filter(day=D1).values_list("product__slug", "units")) == {("alpha", 1)}


def test_a_status_change_event_rewrites_the_snapshot_of_the_order_day(
    shop, today_is, django_capture_on_commit_callbacks
):
    from commerce.services.orders import transition_order

    today_is(D5)
    tasks.snapshot_reports(day=D1.isoformat())
    order = Order.objects.get(total=Decimal("40.00"))  # order 1, paid, placed on D1

    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order=order, status="refunded")

    sales = SalesReport.objects.get(day=D1)
    assert (sales.orders, sales.revenue) == (1, Decimal("15.00"))
