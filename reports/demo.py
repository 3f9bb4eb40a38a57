"""Demo history for the reports: ~90 days of orders, carts and product views, then the daily snapshots.

Written with bulk_create straight into the commerce tables (placing 90 days of orders through ``place_order``
would take minutes and could not back-date them). Deliberately NOT done for this history: stock is not taken
(today's stock levels stay as commerce's demo set them), coupon uses are not counted (only coupons without
a usage limit are used, so no limit is consumed), and no events are published. Views go straight to
ProductView (not through Redis). Idempotent (orders numbered HIST… mark a seeded database) and deterministic
for a given day (dates count back from today in the store's time zone).
"""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from catalog.models import Product
from commerce.models import Cart, CartItem, Order, OrderLine, OrderStatus, OrderStatusChange
from reports import periods, services
from reports.models import ProductView
from storefront.money import ZERO, to_cents

DAYS = 90
PREFIX = "HIST"  # no real order number starts so (numbers never contain I)
EMAILS = [f"shopper{n}@example.com" for n in range(1, 41)]
ADDRESS = {"name": "Demo Shopper", "line1": "1 Demo Road", "city": "Springfield", "postal_code": "12345",
           "country": "US"}  # fmt: skip
# Busier at weekends (Monday = 0).
WEEKDAY_FACTOR = [0.8, 0.85, 0.9, 1.0, 1.15, 1.45, 1.3]
# Local hours at which shoppers order, evening-heavy.
HOURS = [8, 9, 10, 11, 12, 12, 13, 14, 15, 17, 18, 19, 19, 20, 20, 21, 21, 22, 23]


def seed(*, products: int, log: Callable[[str], None]) -> None:
    if Order.objects.filter(number__startswith=PREFIX).exists():
        log("reports: history already seeded")
        return
    # Each product with its first variant (``product.variant``): what the made-up history bought.
    catalog = list(Product.objects.visible().prefetch_related("variants").order_by("id")[:60])
    for product in catalog:
        product.variant = min(product.variants.all(), key=lambda v: (v.sort_order or 0, v.id))
    if not catalog:
        log("reports: no products, no history")
        return
    rng = random.Random(2026)
    today = periods.today()
    sources = _sources()
    coupons = _coupons()
    orders, lines, changes, carts, items = [], [], [], [], []
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        growth = 1 + (DAYS - back) / DAYS * 0.5  # the shop grows over the quarter
        count = round(rng.gauss(7, 2) * WEEKDAY_FACTOR[day.weekday()] * growth)
        for _ in range(max(count, 0)):
            at = periods.day_start(day) + timedelta(hours=rng.choice(HOURS), minutes=rng.randrange(60))
            _order(rng, at, back, catalog, sources, coupons, orders, lines, changes, carts, items)
        for _ in range(round(count * 2.5)):  # carts that were never checked out
            at = periods.day_start(day) + timedelta(hours=rng.choice(HOURS), minutes=rng.randrange(60))
            cart = Cart(status=Cart.Status.OPEN, source=_pick_source(rng, sources), created_at=at)
            carts.append(cart)
            for product in rng.sample(catalog, k=rng.randint(1, 2)):
                items.append(CartItem(cart=cart, variant=product.variant, quantity=1, created_at=at))
    _save(orders, lines, changes, carts, items)
    views = _views(rng, today, catalog, items)
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        # Inventory history cannot be made up: only the last day gets an inventory snapshot (stock as it is now).
        services.write_daily_snapshot(day=day, with_inventory=back == 1)
    log(f"reports: {len(orders)} orders, {len(carts)} carts, {views} product views over {DAYS} days; snapshots written")


def _sources() -> list[str]:
    found = []
    try:
        from home.models import Banner

        found += [f"banner:{pk}" for pk in Banner.objects.order_by("id").values_list("id", flat=True)[:3]]
    except ImportError:
        pass
    from wagtail.models import Page

    found += [
        f"page:{pk}"
        for pk in Page.objects.filter(depth__gt=1, live=True).order_by("id").values_list("id", flat=True)[:3]
    ]
    return found or ["campaign:newsletter"]


def _coupons() -> list:
    """Unlimited coupons of the promotions app, if it is there (no usage limit is consumed by the history)."""
    try:
        from commerce.models import Coupon
    except ImportError:
        return []
    return list(Coupon.objects.filter(usage_limit__isnull=True).order_by("id")[:3])


def _pick_source(rng: random.Random, sources: list[str]) -> str:
    return rng.choice(sources) if rng.random() < 0.35 else ""


def _coupon_discount(coupon, subtotal: Decimal) -> Decimal:
    if coupon.kind == "percentage":
        return to_cents(subtotal * coupon.value / 100)
    return min(to_cents(coupon.value), subtotal)


def _status_path(rng: random.Random, back: int) -> list[tuple[str, timedelta]]:
    """The statuses an order walked through after "pending", with their delays, by its age in days."""
    paid = [(OrderStatus.PAID, timedelta(minutes=5))]
    roll = rng.random()
    if roll < 0.05:
        return [(OrderStatus.CANCELLED, timedelta(hours=2))]
    if roll < 0.08:
        return [*paid, (OrderStatus.CANCELLED, timedelta(hours=6))]
    if roll < 0.12:
        return [*paid, (OrderStatus.SHIPPED, timedelta(days=1)), (OrderStatus.REFUNDED, timedelta(days=1, hours=1))]
    if back <= 1:
        return [] if roll < 0.3 else paid
    if back <= 3:
        return [*paid, (OrderStatus.SHIPPED, timedelta(days=1))]
    return [*paid, (OrderStatus.SHIPPED, timedelta(days=1)), (OrderStatus.DELIVERED, timedelta(days=3))]


def _order(rng, at, back, catalog, sources, coupons, orders, lines, changes, carts, items) -> None:
    picked = rng.sample(catalog, k=rng.choice([1, 1, 2, 2, 3]))
    order_lines = []
    for product in picked:
        quantity = rng.choice([1, 1, 1, 2, 3])
        # List price: the history predates whatever discounts run today.
        unit = to_cents(product.variant.unit_price(product))
        order_lines.append((product, quantity, unit))
    subtotal = sum((unit * quantity for _, quantity, unit in order_lines), ZERO)
    coupon = rng.choice(coupons) if coupons and rng.random() < 0.15 else None
    discount = _coupon_discount(coupon, subtotal) if coupon else ZERO
    threshold = Decimal(settings.FREE_SHIPPING_THRESHOLD) if settings.FREE_SHIPPING_THRESHOLD else None
    shipping = (
        ZERO if threshold is not None and subtotal - discount >= threshold else to_cents(settings.SHIPPING_FLAT_RATE)
    )
    source = f"coupon:{coupon.code}" if coupon else _pick_source(rng, sources)
    path = _status_path(rng, back)
    cart = Cart(status=Cart.Status.CHECKED_OUT, source=source, created_at=at - timedelta(minutes=20),
                coupon_code=coupon.code if coupon else None)  # fmt: skip
    carts.append(cart)
    order = Order(
        number=f"{PREFIX}{len(orders) + 1:06d}",
        email=rng.choice(EMAILS),
        status=path[-1][0] if path else OrderStatus.PENDING,
        shipping_address=ADDRESS,
        subtotal=subtotal,
        discount_total=discount,
        shipping_total=shipping,
        total=subtotal - discount + shipping,
        currency=settings.STORE_CURRENCY,
        coupon_code=coupon.code if coupon else None,
        cart=cart,
        source=source,
        created_at=at,
    )
    orders.append(order)
    for product, quantity, unit in order_lines:
        items.append(CartItem(cart=cart, variant=product.variant, quantity=quantity, created_at=cart.created_at))
        lines.append(
            OrderLine(
                order=order,
                product=product,
                variant=product.variant,
                product_slug=product.slug,
                sku=product.variant.sku,
                options=product.variant.options,
                name=product.name,
                unit_price=unit,
                quantity=quantity,
                line_total=unit * quantity,
            )
        )
    changes.append(OrderStatusChange(order=order, status=OrderStatus.PENDING, at=at, note="Demo history"))
    previous = OrderStatus.PENDING
    for status, delay in path:
        changes.append(
            OrderStatusChange(order=order, status=status, from_status=previous, at=at + delay, note="Demo history")
        )
        previous = status


def _save(orders, lines, changes, carts, items) -> None:
    """bulk_create, then put the back-dated timestamps in (auto_now_add fields ignore given values on insert)."""
    wanted = {id(obj): obj.created_at for obj in [*orders, *carts, *items]}
    wanted_at = {id(change): change.at for change in changes}
    Cart.objects.bulk_create(carts, batch_size=1000)
    CartItem.objects.bulk_create(items, batch_size=1000)
    Order.objects.bulk_create(orders, batch_size=1000)
    for line in lines:
        line.order_id = line.order.pk
    OrderLine.objects.bulk_create(lines, batch_size=1000)
    for change in changes:
        change.order_id = change.order.pk
    OrderStatusChange.objects.bulk_create(changes, batch_size=1000)
    for obj in [*orders, *carts, *items]:
        obj.created_at = wanted[id(obj)]
    for change in changes:
        change.at = wanted_at[id(change)]
    Cart.objects.bulk_update(carts, ["created_at"], batch_size=500)
    CartItem.objects.bulk_update(items, ["created_at"], batch_size=500)
    Order.objects.bulk_update(orders, ["created_at"], batch_size=500)
    OrderStatusChange.objects.bulk_update(changes, ["at"], batch_size=500)


def _views(rng: random.Random, today, catalog, items) -> int:
    """About six views for every time a product went into a cart, plus some window shopping."""
    per_day: dict[tuple, int] = {}
    for item in items:
        key = (periods.local_day(item.created_at), item.variant.product_id)
        per_day[key] = per_day.get(key, 0) + rng.randint(3, 9)
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        for product in rng.sample(catalog, k=min(len(catalog), 8)):
            per_day[(day, product.id)] = per_day.get((day, product.id), 0) + rng.randint(1, 6)
    ProductView.objects.bulk_create(
        [ProductView(day=day, product_id=pid, count=n) for (day, pid), n in per_day.items()], batch_size=1000
    )
    return sum(per_day.values())
