"""Shared reads for carts, orders and stock. Prices are always recomputed through catalog.pricing."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from catalog.models import ProductImage
from catalog.pricing import price_variants
from commerce.models import Cart, CartItem, Coupon, CouponRedemption, Order, Stock, StockMovement
from commerce.permissions import may_read_order, scope_orders, sees_all_orders
from storefront.errors import NotFound
from storefront.money import ZERO, to_cents

# --- Carts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PricedLine:
    item: CartItem
    unit_price: Decimal  # the sale price: catalog discounts included
    line_total: Decimal
    list_price: Decimal | None = None  # the variant's price before catalog discounts


@dataclass(frozen=True)
class PricedCart:
    cart: Cart
    lines: list[PricedLine]
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal
    currency: str
    # What catalog discounts took off the lines (already inside ``subtotal``): for the order's record.
    catalog_discount_total: Decimal = ZERO

    @property
    def item_count(self) -> int:
        return sum(line.item.quantity for line in self.lines)


def cart_items(*, images: bool = True) -> Prefetch:
    """A cart's lines with their variants and products (and their images, which only a shown cart needs)."""
    items = CartItem.objects.select_related("variant__product").order_by("id")
    if images:
        pictures = ProductImage.objects.select_related("image").order_by("sort_order", "id")
        items = items.prefetch_related(Prefetch("variant__product__images", queryset=pictures))
    return Prefetch("items", queryset=items)


def carts_with_items() -> QuerySet[Cart]:
    """Carts with their lines, products and first images prefetched: a constant number of queries per cart."""
    return Cart.objects.prefetch_related(cart_items())


def price_cart(cart: Cart, *, fresh: bool = False) -> PricedCart:
    """The cart at today's prices. Lines of products that are no longer sold (deleted, inactive) are left out,
    so what the shopper sees is exactly what placing the order would charge. ``fresh``: discounts read from the
    database, not this process's snapshot (which may lag another process's change by a second): for placement."""
    items = [item for item in cart.items.all() if item.variant.product.is_visible]
    prices = price_variants([item.variant for item in items], fresh=fresh)
    lines = []
    for item in items:
        price = prices[item.variant_id]
        lines.append(
            PricedLine(
                item=item,
                unit_price=price.sale_price,
                line_total=to_cents(price.sale_price * item.quantity),
                list_price=price.price,
            )
        )
    subtotal = to_cents(sum((line.line_total for line in lines), ZERO))
    discount_total = cart_discount(cart=cart, subtotal=subtotal)
    return PricedCart(
        cart=cart,
        lines=lines,
        subtotal=subtotal,
        discount_total=discount_total,
        total=to_cents(subtotal - discount_total),
        currency=settings.STORE_CURRENCY,
        catalog_discount_total=to_cents(
            sum(((line.list_price - line.unit_price) * line.item.quantity for line in lines), ZERO)
        ),
    )


def cart_discount(*, cart: Cart, subtotal: Decimal) -> Decimal:
    """The discount of the cart's coupon on ``subtotal`` (after catalog discounts), as placing the order now would
    grant it: nothing when the coupon is gone, outside its window, below its minimum or used up (placing the
    order then fails with the reason, rather than charging a total the shopper was not shown)."""
    if not cart.coupon_code:
        return ZERO
    coupon = coupon_by_code(cart.coupon_code)
    if coupon is None or not coupon.is_valid_at(timezone.now()) or coupon.is_exhausted:
        return ZERO
    if subtotal < coupon.min_subtotal:
        return ZERO
    return coupon.discount_on(subtotal)


# --- Promotions --------------------------------------------------------------------------------------


def coupon_by_code(code: str, *, lock: bool = False) -> Coupon | None:
    """The coupon with this code in any case (an index lookup on ``lower(code)``); ``lock`` locks its row."""
    if not code:
        return None
    rows = Coupon.objects.select_for_update() if lock else Coupon.objects.all()
    return rows.alias(code_lower=Lower("code")).filter(code_lower=code.strip().lower()).first()


def coupon_or_404(code: str) -> Coupon:
    coupon = coupon_by_code(code)
    if coupon is None:
        raise NotFound("Coupon not found.")
    return coupon


def coupons() -> QuerySet[Coupon]:
    return Coupon.objects.order_by("-created_at", "-id")


def coupon_redemptions(coupon: Coupon) -> QuerySet[CouponRedemption]:
    return coupon.redemptions.select_related("order", "user").order_by("-created_at", "-id")


def shipping_for(*, merchandise_total: Decimal) -> Decimal:
    """Flat-rate shipping (SHIPPING_FLAT_RATE), free from FREE_SHIPPING_THRESHOLD on (an empty threshold: never)."""
    threshold = settings.FREE_SHIPPING_THRESHOLD
    if threshold not in (None, "") and merchandise_total >= Decimal(threshold):
        return ZERO
    return to_cents(Decimal(settings.SHIPPING_FLAT_RATE))


# --- Orders ------------------------------------------------------------------------------------------


def orders_with_details() -> QuerySet[Order]:
    return Order.objects.prefetch_related("lines", "status_changes", "payments")


def order_for(*, number: str, user, token: str | None = None, linked: bool = False) -> Order:
    """The order if the caller may read it (``commerce.permissions.may_read_order``), else NotFound."""
    order = orders_with_details().filter(number=number).first()
    if order is not None and may_read_order(user=user, order=order, token=token, linked=linked):
        return order
    raise NotFound("Order not found.")


def orders_visible_to(user, *, status: str | None = None, email: str | None = None) -> QuerySet[Order]:
    """The caller's orders; staff with the order permission see everyone's and may filter by status and email."""
    orders = scope_orders(orders_with_details(), user=user)
    if not sees_all_orders(user):
        return orders
    if status:
        orders = orders.filter(status=status)
    if email:
        orders = orders.filter(email__iexact=email.strip())
    return orders


# --- Stock -------------------------------------------------------------------------------------------


def stock_rows(*, low: bool | None = None) -> QuerySet[Stock]:
    """Stock of variants of products that are not deleted, by product name then variant order; ``low`` keeps rows
    at/below their threshold."""
    rows = Stock.objects.select_related("variant__product").filter(variant__product__deleted_at__isnull=True)
    if low is True:
        rows = rows.low()
    elif low is False:
        rows = rows.exclude(pk__in=Stock.objects.low().values("pk"))
    return rows.order_by("variant__product__name", "variant__product_id", "variant__sort_order", "variant_id")


def movements_for(*, variant_id: int) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(variant_id=variant_id).select_related("order").order_by("-created_at", "-id")
