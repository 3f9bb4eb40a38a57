"""Report figures, computed by SQL aggregates in the database (never by looping over orders in Python).

Definitions (the same in the API, the admin, the snapshots and the CSV):
- An order **counts** when its status is paid, shipped or delivered (``commerce.models.REVENUE_STATUSES``):
  pending, cancelled and refunded orders never do. An order that is refunded later stops counting.
- An order belongs to the store-local day (settings.TIME_ZONE) of its ``created_at``: when it was placed, not
  when it was paid, so a day's figures never move between days.
- ``revenue`` is the sum of ``Order.total`` (what the shopper paid: lines after catalog and coupon discounts, plus
  shipping) less what was refunded on those orders' payments (``PaymentRefund``: partial refunds of an order that
  still counts; a fully refunded or cancelled order stops counting altogether); ``discounts`` is every discount
  given on them: coupon discounts (``Order.discount_total``) plus the catalog markdowns inside the unit prices
  (``Order.catalog_discount_total``); ``items`` is the units on the lines;
  ``average_order_value`` = revenue / orders (0.00 without orders).
- A product's ``revenue`` is the sum of its lines' ``line_total`` (before any order-level coupon), so product
  revenues do not add up to the sales revenue (which also holds shipping and coupon discounts).
- Stock value is at **list price** (the variant's, else ``Product.price``), the price of record; sale prices
  come and go.

Past days come from the nightly snapshots where the day has one (a SalesReport row marks a snapshotted day),
otherwise they are computed live; today (and any later day) is always live.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Trunc, Upper

from catalog.models import Product
from commerce.models import REVENUE_STATUSES, Cart, CartItem, Order, OrderLine, PaymentRefund, Stock
from reports import periods
from reports.models import ProductView, SalesReport
from storefront.money import ZERO, currency, to_cents

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _money(value) -> Decimal:
    return to_cents(value or ZERO)


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def counted_orders():
    """Orders whose money counts: paid, shipped or delivered."""
    return Order.objects.filter(status__in=REVENUE_STATUSES)


def refunded_on_order():
    """What was refunded on the order's payments so far (a correlated subquery on ``OuterRef("pk")``; 0 if none)."""
    refunds = (
        PaymentRefund.objects.filter(payment__order_id=OuterRef("pk"))
        .values("payment__order_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(refunds, output_field=MONEY), ZERO, output_field=MONEY)


def snapshotted_days(start: date, end: date) -> set[date]:
    """Days in [start, end] before today that have a stored snapshot."""
    last_past = min(end, periods.today() - timedelta(days=1))
    if last_past < start:
        return set()
    return set(SalesReport.objects.filter(day__gte=start, day__lte=last_past).values_list("day", flat=True))


# --- sales --------------------------------------------------------------------------------------------


@dataclass
class SalesFigures:
    orders: int = 0
    items: int = 0
    revenue: Decimal = ZERO
    discounts: Decimal = ZERO

    def add(self, other: "SalesFigures") -> None:
        self.orders += other.orders
        self.items += other.items
        self.revenue += other.revenue
        self.discounts += other.discounts

    def as_row(self, **extra) -> dict:
        return {
            **extra,
            "orders": self.orders,
            "items": self.items,
            "revenue": _money(self.revenue),
            "discounts": _money(self.discounts),
            "average_order_value": _money(self.revenue / self.orders) if self.orders else ZERO,
        }


def live_sales(day_list: list[date], interval: str) -> dict[date, SalesFigures]:
    """Sales of the store-local ``day_list`` from the orders, grouped by period start (2 queries)."""
    if not day_list:
        return {}
    tz = periods.store_tz()
    orders = counted_orders().filter(periods.moments_in("created_at", day_list))
    per_period = (
        orders.annotate(period=Trunc("created_at", interval, tzinfo=tz))
        .values("period")
        .annotate(
            n=Count("id"),
            revenue=Sum(F("total") - refunded_on_order(), output_field=MONEY),
            discounts=Sum(F("discount_total") + F("catalog_discount_total")),
        )
        .order_by()
    )
    result: dict[date, SalesFigures] = {}
    for row in per_period:
        key = periods.local_day(row["period"])
        result[key] = SalesFigures(orders=row["n"], revenue=row["revenue"], discounts=row["discounts"])
    lines = (
        OrderLine.objects.filter(order__in=orders)
        .annotate(period=Trunc("order__created_at", interval, tzinfo=tz))
        .values("period")
        .annotate(items=Sum("quantity"))
        .order_by()
    )
    for row in lines:
        result.setdefault(periods.local_day(row["period"]), SalesFigures()).items = row["items"]
    return result


def stored_sales(day_list: list[date], interval: str) -> dict[date, SalesFigures]:
    """Snapshotted sales of ``day_list``, grouped by period start in SQL (1 query)."""
    if not day_list:
        return {}
    rows = (
        SalesReport.objects.filter(day__in=day_list)
        .annotate(period=Trunc("day", interval))
        .values("period")
        .annotate(n=Sum("orders"), items=Sum("items"), revenue=Sum("revenue"), discounts=Sum("discounts"))
        .order_by()
    )
    return {
        row["period"]: SalesFigures(
            orders=row["n"], items=row["items"], revenue=row["revenue"], discounts=row["discounts"]
        )
        for row in rows
    }


def sales_report(*, start: date, end: date, interval: str) -> dict:
    """``{currency, rows: [{period, orders, items, revenue, discounts, average_order_value}], totals}``:
    one row per period touching [start, end] (zero rows included), periods labelled by their first day."""
    stored_days = snapshotted_days(start, end)
    live_days = [day for day in periods.days(start, end) if day not in stored_days]
    by_period = {period: SalesFigures() for period in periods.periods(start, end, interval)}
    for source in (stored_sales(sorted(stored_days), interval), live_sales(live_days, interval)):
        for period, figures in source.items():
            by_period[period].add(figures)
    totals = SalesFigures()
    for figures in by_period.values():
        totals.add(figures)
    return {
        "currency": currency(),
        "interval": interval,
        "start": start,
        "end": end,
        "rows": [figures.as_row(period=period) for period, figures in by_period.items()],
        "totals": totals.as_row(),
    }


# --- products -----------------------------------------------------------------------------------------


def live_product_sales(day_list: list[date]) -> dict[int, dict]:
    """Per product id: units, revenue and orders over the store-local ``day_list`` (1 query)."""
    if not day_list:
        return {}
    rows = (
        OrderLine.objects.filter(
            order__status__in=REVENUE_STATUSES,
            product__isnull=False,
        )
        .filter(periods.moments_in("order__created_at", day_list))
        .values("product_id")
        .annotate(units=Sum("quantity"), revenue=Sum("line_total"), orders=Count("order_id", distinct=True))
        .order_by()
    )
    return {row["product_id"]: row for row in rows}


def stored_product_sales(day_list: list[date]) -> dict[int, dict]:
    from reports.models import ProductReport

    if not day_list:
        return {}
    rows = (
        ProductReport.objects.filter(day__in=day_list)
        .values("product_id")
        .annotate(units=Sum("units"), revenue=Sum("revenue"), orders=Sum("orders"))
        .order_by()
    )
    return {row["product_id"]: row for row in rows}


PRODUCT_ORDERINGS = {"revenue": ("revenue", "units_sold"), "units_sold": ("units_sold", "revenue")}


def top_products(*, start: date, end: date, limit: int, ordering: str = "revenue") -> list[dict]:
    """``[{slug, name, units_sold, revenue, orders}]`` over [start, end], best first (by revenue, then units;
    or by units first), at most ``limit``. Lines whose product was deleted outright are left out."""
    stored_days = snapshotted_days(start, end)
    live_days = [day for day in periods.days(start, end) if day not in stored_days]
    merged: dict[int, dict] = {}
    for source in (stored_product_sales(sorted(stored_days)), live_product_sales(live_days)):
        for product_id, row in source.items():
            entry = merged.setdefault(product_id, {"units_sold": 0, "revenue": ZERO, "orders": 0})
            entry["units_sold"] += row["units"]
            entry["revenue"] += row["revenue"]
            entry["orders"] += row["orders"]
    first, second = PRODUCT_ORDERINGS[ordering]
    best = sorted(merged.items(), key=lambda item: (-item[1][first], -item[1][second], item[0]))[:limit]
    names = Product.objects.filter(pk__in=[pid for pid, _ in best]).in_bulk()
    return [
        {
            "slug": names[pid].slug,
            "name": names[pid].name,
            "units_sold": row["units_sold"],
            "revenue": _money(row["revenue"]),
            "orders": row["orders"],
        }
        for pid, row in best
        if pid in names
    ]


def product_day_figures(day: date) -> dict[int, dict]:
    """Per product id, one store-local day: units, revenue, orders, views and carts (3 queries)."""
    figures: dict[int, dict] = {}

    def entry(product_id: int) -> dict:
        return figures.setdefault(product_id, {"units": 0, "revenue": ZERO, "orders": 0, "views": 0, "carts": 0})

    for product_id, row in live_product_sales([day]).items():
        entry(product_id).update(units=row["units"], revenue=_money(row["revenue"]), orders=row["orders"])
    for product_id, count in ProductView.objects.filter(day=day).values_list("product_id", "count"):
        entry(product_id)["views"] = count
    carts = (
        CartItem.objects.filter(periods.moments_in("created_at", [day]))
        .values("variant__product_id")
        .annotate(carts=Count("cart_id", distinct=True))
        .order_by()
    )
    for row in carts:
        entry(row["variant__product_id"])["carts"] = row["carts"]
    return figures


# --- inventory ----------------------------------------------------------------------------------------


def _stock_rows():
    """Stock of variants of products not deleted (active or not: unlisted goods are still on the shelf)."""
    return Stock.objects.filter(variant__product__deleted_at__isnull=True)


def inventory_figures() -> dict:
    """``{total_units, stock_value, low_count, out_count}`` in one aggregate query. Low excludes out of stock."""
    unit = Coalesce(F("variant__price"), F("variant__product__price"), output_field=MONEY)
    value = ExpressionWrapper(F("quantity") * unit, output_field=MONEY)
    low = Q(quantity__lte=F("low_stock_threshold"), quantity__gt=0)
    figures = _stock_rows().aggregate(
        total_units=Coalesce(Sum("quantity"), 0),
        stock_value=Coalesce(Sum(value), ZERO, output_field=MONEY),
        low_count=Count("id", filter=low),
        out_count=Count("id", filter=Q(quantity=0)),
    )
    figures["stock_value"] = _money(figures["stock_value"])
    return figures


def _stock_list(condition: Q) -> list[dict]:
    rows = (
        _stock_rows()
        .filter(condition)
        .order_by("quantity", "variant__product__name", "variant_id")
        .values("variant__product__slug", "variant__sku", "variant__product__name", "quantity", "low_stock_threshold")
    )
    return [
        {
            "slug": row["variant__product__slug"],
            "sku": row["variant__sku"],
            "name": row["variant__product__name"],
            "quantity": row["quantity"],
            "low_stock_threshold": row["low_stock_threshold"],
        }
        for row in rows
    ]


def inventory_report() -> dict:
    """``{currency, total_units, stock_value, low_stock: [...], out_of_stock: [...]}`` now (3 queries).

    ``low_stock``: 0 < quantity <= threshold; ``out_of_stock``: quantity 0. Value at list price."""
    figures = inventory_figures()
    return {
        "currency": currency(),
        "total_units": figures["total_units"],
        "stock_value": figures["stock_value"],
        "low_stock": _stock_list(Q(quantity__lte=F("low_stock_threshold"), quantity__gt=0)),
        "out_of_stock": _stock_list(Q(quantity=0)),
    }


# --- funnel and attribution ---------------------------------------------------------------------------


def _funnel_row(views: int, carts: int, orders: int) -> dict:
    return {
        "views": views,
        "carts": carts,
        "orders": orders,
        "view_to_cart": _ratio(carts, views),
        "cart_to_order": _ratio(orders, carts),
        "view_to_order": _ratio(orders, views),
    }


def funnel(*, start: date, end: date, limit: int, product_slug: str | None = None) -> dict:
    """Views -> carts -> orders over [start, end], overall and per product (most viewed first, ``limit`` rows).

    views: counted page/API detail views (flushed from Redis every few minutes); carts: distinct carts a product
    was added to in the period (CartItem.created_at); orders: counted orders placed in the period containing it.
    Overall carts and orders are distinct carts and orders, not sums over products.
    """
    day_list = periods.days(start, end)
    cart_items = CartItem.objects.filter(periods.moments_in("created_at", day_list))
    lines = OrderLine.objects.filter(order__status__in=REVENUE_STATUSES, product__isnull=False).filter(
        periods.moments_in("order__created_at", day_list)
    )
    views = ProductView.objects.filter(day__gte=start, day__lte=end)
    orders = counted_orders().filter(periods.moments_in("created_at", day_list))
    if product_slug is not None:
        cart_items = cart_items.filter(variant__product__slug=product_slug)
        lines = lines.filter(product__slug=product_slug)
        views = views.filter(product__slug=product_slug)
        orders = orders.filter(lines__product__slug=product_slug)
    per_product: dict[int, list[int]] = {}
    for row in views.values("product_id").annotate(n=Sum("count")).order_by():
        per_product.setdefault(row["product_id"], [0, 0, 0])[0] = row["n"]
    for row in cart_items.values("variant__product_id").annotate(n=Count("cart_id", distinct=True)).order_by():
        per_product.setdefault(row["variant__product_id"], [0, 0, 0])[1] = row["n"]
    for row in lines.values("product_id").annotate(n=Count("order_id", distinct=True)).order_by():
        per_product.setdefault(row["product_id"], [0, 0, 0])[2] = row["n"]
    overall = _funnel_row(
        sum(counts[0] for counts in per_product.values()),
        cart_items.aggregate(n=Count("cart_id", distinct=True))["n"],
        orders.aggregate(n=Count("id", distinct=True))["n"],
    )
    best = sorted(per_product.items(), key=lambda item: (-item[1][0], -item[1][2], -item[1][1], item[0]))[:limit]
    names = Product.objects.filter(pk__in=[pid for pid, _ in best]).in_bulk()
    rows = [
        {"slug": names[pid].slug, "name": names[pid].name, **_funnel_row(*counts)}
        for pid, counts in best
        if pid in names
    ]
    return {"start": start, "end": end, "overall": overall, "products": rows}


def _source_kind(source: str) -> str:
    return source.split(":", 1)[0] if source else "direct"


def attribution(*, start: date, end: date) -> dict:
    """Carts, orders, revenue and conversion per source (banner:12, page:7, coupon:CODE, campaign:x; "" is
    direct) and per coupon code on orders, over [start, end] (4 queries).

    Carts count by their creation day, orders by theirs (counted orders only); conversion = orders / carts.
    """
    day_list = periods.days(start, end)
    carts = Cart.objects.filter(periods.moments_in("created_at", day_list))
    orders = counted_orders().filter(periods.moments_in("created_at", day_list))
    sources: dict[str, dict] = {}

    def source_row(source: str) -> dict:
        return sources.setdefault(
            source, {"source": source, "kind": _source_kind(source), "carts": 0, "orders": 0, "revenue": ZERO}
        )

    for row in carts.values("source").annotate(n=Count("id")).order_by():
        source_row(row["source"])["carts"] = row["n"]
    for row in orders.values("source").annotate(n=Count("id"), revenue=Sum("total")).order_by():
        source_row(row["source"]).update(orders=row["n"], revenue=row["revenue"])

    coupons: dict[str, dict] = {}

    def coupon_row(code: str) -> dict:
        return coupons.setdefault(code, {"code": code, "carts": 0, "orders": 0, "revenue": ZERO, "discounts": ZERO})

    with_coupon = Q(coupon_code__isnull=False) & ~Q(coupon_code="")
    for row in (
        carts.filter(with_coupon).annotate(code=Upper("coupon_code")).values("code").annotate(n=Count("id")).order_by()
    ):
        coupon_row(row["code"])["carts"] = row["n"]
    coupon_orders = (
        orders.filter(with_coupon)
        .annotate(code=Upper("coupon_code"))
        .values("code")
        .annotate(n=Count("id"), revenue=Sum("total"), discounts=Sum("discount_total"))
        .order_by()
    )
    for row in coupon_orders:
        coupon_row(row["code"]).update(orders=row["n"], revenue=row["revenue"], discounts=row["discounts"])

    def finish(row: dict) -> dict:
        row["revenue"] = _money(row["revenue"])
        if "discounts" in row:
            row["discounts"] = _money(row["discounts"])
        row["conversion"] = _ratio(row["orders"], row["carts"])
        return row

    def rank(row: dict):
        return (-row["revenue"], -row["orders"], -row["carts"], row.get("source", row.get("code")))

    return {
        "currency": currency(),
        "start": start,
        "end": end,
        "sources": sorted((finish(row) for row in sources.values()), key=rank),
        "coupons": sorted((finish(row) for row in coupons.values()), key=rank),
    }
