"""Revenue is what was captured less what went back: partial refunds of orders that still count lower it."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.models import Order, Payment, PaymentRefund
from reports import services
from reports.models import SalesReport
from reports.selectors import sales_report

pytestmark = pytest.mark.django_db

D1, D2 = date(2026, 3, 2), date(2026, 3, 3)


def refund(order: Order, amount: str) -> PaymentRefund:
    payment = Payment.objects.create(
        order=order, variant="dummy", status="confirmed", total=order.total, captured_amount=order.total,
        currency=order.currency, captured_at=timezone.now(),
    )  # fmt: skip
    payment.captured_amount -= Decimal(amount)
    payment.save()
    return PaymentRefund.objects.create(payment=payment, amount=Decimal(amount))


def test_a_partial_refund_lowers_the_days_revenue_live_and_in_the_snapshot(shop):
    first_day_order = Order.objects.get(status="paid", created_at__date=D1)  # 40.00 of the day's 55.00
    refund(first_day_order, "7.50")

    live = sales_report(start=D1, end=D2, interval="day")
    assert [(r["period"], r["orders"], r["revenue"]) for r in live["rows"]] == [
        (D1, 2, Decimal("47.50")),
        (D2, 1, Decimal("45.00")),
    ]
    assert live["totals"]["revenue"] == Decimal("92.50")

    services.write_daily_snapshot(day=D1)
    assert SalesReport.objects.get(day=D1).revenue == Decimal("47.50")
    stored = sales_report(start=D1, end=D1, interval="day")
    assert stored["rows"][0]["revenue"] == Decimal("47.50")


def test_refunds_of_orders_that_do_not_count_are_not_subtracted_twice(shop):
    cancelled = Order.objects.get(status="cancelled")
    refund(cancelled, str(cancelled.total))
    assert sales_report(start=D2, end=D2, interval="day")["rows"][0]["revenue"] == Decimal("45.00")


def test_a_refund_today_rewrites_the_snapshot_of_the_orders_day(shop):
    order = Order.objects.get(status="paid", created_at__date=D1)
    services.write_daily_snapshot(day=D1)
    made = refund(order, "10.00")
    assert services.days_changed_on(timezone.localdate(made.created_at)) == [D1]
