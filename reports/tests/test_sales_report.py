"""Sales figures against the hand-computed expectations of conftest's data set."""

from datetime import date
from decimal import Decimal

import pytest

from reports.selectors import sales_report

pytestmark = pytest.mark.django_db

D1, D2, D3, D4 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)


def row(period, orders, items, revenue, discounts, aov):
    return {
        "period": period,
        "orders": orders,
        "items": items,
        "revenue": Decimal(revenue),
        "discounts": Decimal(discounts),
        "average_order_value": Decimal(aov),
    }


def test_daily_rows_count_paid_shipped_delivered_in_store_days(shop):
    report = sales_report(start=D1, end=D4, interval="day")

    assert report["currency"] == "USD"
    assert report["rows"] == [
        # order 2 (03:30 UTC on 3 March) is 22:30 on 2 March in New York
        row(D1, 2, 4, "55.00", "5.00", "27.50"),
        # orders 4 (cancelled) and 5 (refunded) do not count
        row(D2, 1, 2, "45.00", "0.00", "45.00"),
        row(D3, 0, 0, "0.00", "0.00", "0.00"),  # the empty day is a zero row
        # order 6 is pending; order 7 (04:30 UTC on 6 March) is 23:30 on 5 March
        row(D4, 1, 3, "32.00", "3.00", "32.00"),
    ]
    assert report["totals"] == {
        "orders": 4,
        "items": 9,
        "revenue": Decimal("132.00"),
        "discounts": Decimal("8.00"),
        "average_order_value": Decimal("33.00"),
    }


def test_the_same_orders_fall_on_other_days_in_utc(shop, settings):
    settings.TIME_ZONE = "UTC"

    rows = sales_report(start=D1, end=D4, interval="day")["rows"]

    assert [(r["period"], r["orders"], r["revenue"]) for r in rows] == [
        (D1, 1, Decimal("40.00")),
        (D2, 2, Decimal("60.00")),
        (D3, 0, Decimal("0.00")),
        (D4, 0, Decimal("0.00")),
    ]


def test_weeks_start_on_monday_and_empty_weeks_are_zero(shop):
    report = sales_report(start=D1, end=date(2026, 3, 9), interval="week")

    assert report["rows"] == [
        row(D1, 5, 10, "144.50", "8.00", "28.90"),  # orders 1, 2, 3, 7, 8
        row(date(2026, 3, 9), 0, 0, "0.00", "0.00", "0.00"),
    ]


def test_months_are_labelled_by_their_first_day(shop):
    report = sales_report(start=date(2026, 2, 27), end=D4, interval="month")

    assert report["rows"] == [
        row(date(2026, 2, 1), 0, 0, "0.00", "0.00", "0.00"),
        row(date(2026, 3, 1), 4, 9, "132.00", "8.00", "33.00"),  # order 8 is on 6 March, after the range
    ]


def test_a_range_without_orders_is_all_zero(products, new_york):
    report = sales_report(start=D1, end=D2, interval="day")

    assert [r["orders"] for r in report["rows"]] == [0, 0]
    assert report["totals"]["revenue"] == Decimal("0.00")


def test_discounts_add_catalog_markdowns_to_coupon_discounts(products, new_york):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from reports.tests.factories import make_order

    noon = datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    make_order(
        status="paid", created_at=noon, lines=[(products[0], 1, "8.00")], discount="1.00", catalog_discount="2.00"
    )

    report = sales_report(start=D1, end=D1, interval="day")

    assert report["rows"] == [row(D1, 1, 1, "7.00", "3.00", "7.00")]
