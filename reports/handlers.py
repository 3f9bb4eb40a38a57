"""Report refresh on events: an order placed on a snapshotted day that changes status (a refund or cancellation
of last week's order) or has part of its payment refunded rewrites that day's snapshot at once; the nightly job
does the same as a backstop."""

from commerce.models import Order
from reports import periods, services
from reports.models import SalesReport
from storefront.events import subscriber


# A partial refund of an order that still counts lowers its day's revenue: payment.refunded too.
@subscriber("order.status_changed", "payment.refunded")
def refresh_snapshot_of_order_day(event) -> None:
    order = Order.objects.filter(number=event.payload["number"]).only("created_at").first()
    if order is None:
        return
    day = periods.local_day(order.created_at)
    if day < periods.today() and SalesReport.objects.filter(day=day).exists():
        services.write_daily_snapshot(day=day)
