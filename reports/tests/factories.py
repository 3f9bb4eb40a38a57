"""Report test data: orders written directly with a chosen status and creation time (no placement service)."""

import itertools
from datetime import datetime
from decimal import Decimal

from commerce.models import Cart, CartItem, Order, OrderLine, OrderStatusChange

_numbers = itertools.count(1)


def make_order(
    *,
    status: str,
    created_at: datetime,
    lines: list[tuple],  # (product, quantity, unit_price)
    discount: str = "0.00",
    catalog_discount: str = "0.00",
    shipping: str = "0.00",
    coupon_code: str | None = None,
    source: str = "",
) -> Order:
    subtotal = sum((Decimal(str(price)) * quantity for _, quantity, price in lines), Decimal("0.00"))
    order = Order.objects.create(
        number=f"T{next(_numbers):08d}",
        email="shopper@example.com",
        status=status,
        subtotal=subtotal,
        discount_total=Decimal(discount),
        catalog_discount_total=Decimal(catalog_discount),
        shipping_total=Decimal(shipping),
        total=subtotal - Decimal(discount) + Decimal(shipping),
        currency="USD",
        coupon_code=coupon_code,
        source=source,
    )
    Order.objects.filter(pk=order.pk).update(created_at=created_at)  # auto_now_add ignores a given value
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=product,
            product_slug=product.slug,
            sku=product.sku,
            name=product.name,
            unit_price=Decimal(str(price)),
            quantity=quantity,
            line_total=Decimal(str(price)) * quantity,
        )
        for product, quantity, price in lines
    )
    order.refresh_from_db()
    return order


def record_status_change(order: Order, *, status: str, at: datetime) -> None:
    """A later status change, as the order services record it (status and audit row)."""
    change = OrderStatusChange.objects.create(order=order, status=status, from_status=order.status)
    OrderStatusChange.objects.filter(pk=change.pk).update(at=at)
    Order.objects.filter(pk=order.pk).update(status=status)


def make_cart(*, products: list, created_at: datetime, source: str = "", coupon_code: str | None = None) -> Cart:
    cart = Cart.objects.create(source=source, coupon_code=coupon_code)
    Cart.objects.filter(pk=cart.pk).update(created_at=created_at)
    for product in products:
        item = CartItem.objects.create(cart=cart, variant=product.variants.get(), quantity=1)
        CartItem.objects.filter(pk=item.pk).update(created_at=created_at)
    return cart
