"""Shared reads for carts, orders and stock. Prices are always recomputed through catalog.pricing."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from catalog.models import ProductImage
from catalog.pricing import price_products
from commerce.models import Cart, CartItem, Order, Stock, StockMovement
from storefront.errors import NotFound
from storefront.money import ZERO, to_cents

# --- Carts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PricedLine:
    item: CartItem
    unit_price: Decimal
    line_total: Decimal


@dataclass(frozen=True)
class PricedCart:
    cart: Cart
    lines: list[PricedLine]
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal
    currency: str

    @property
    def item_count(self) -> int:
        return sum(line.item.quantity for line in self.lines)


def carts_with_items() -> QuerySet[Cart]:
    """Carts with their lines, products and first images prefetched: a constant number of queries per cart."""
    images = ProductImage.objects.select_related("image").order_by("sort_order", "id")
    items = CartItem.objects.select_related("product").prefetch_related(Prefetch("product__images", queryset=images))
    return Cart.objects.prefetch_related(Prefetch("items", queryset=items.order_by("id")))


def price_cart(cart: Cart) -> PricedCart:
    """The cart at today's prices. Lines of products that are no longer sold (deleted, inactive) are left out,
    so what the shopper sees is exactly what placing the order would charge."""
    items = [item for item in cart.items.all() if item.product.is_visible]
    prices = price_products([item.product for item in items])
    lines = []
    for item in items:
        unit_price = prices[item.product_id].sale_price
        lines.append(PricedLine(item=item, unit_price=unit_price, line_total=to_cents(unit_price * item.quantity)))
    subtotal = to_cents(sum((line.line_total for line in lines), ZERO))
    discount_total = cart_discount(cart=cart, subtotal=subtotal)
    return PricedCart(
        cart=cart,
        lines=lines,
        subtotal=subtotal,
        discount_total=discount_total,
        total=to_cents(subtotal - discount_total),
        currency=settings.STORE_CURRENCY,
    )


def cart_discount(*, cart: Cart, subtotal: Decimal) -> Decimal:
    """The coupon's discount on this subtotal. No coupon can be applied until promotions exist."""
    return ZERO


def shipping_for(*, merchandise_total: Decimal) -> Decimal:
    """Flat-rate shipping (SHIPPING_FLAT_RATE), free from FREE_SHIPPING_THRESHOLD on (an empty threshold: never)."""
    threshold = settings.FREE_SHIPPING_THRESHOLD
    if threshold not in (None, "") and merchandise_total >= Decimal(threshold):
        return ZERO
    return to_cents(Decimal(settings.SHIPPING_FLAT_RATE))


# --- Orders ------------------------------------------------------------------------------------------


def orders_with_details() -> QuerySet[Order]:
    return Order.objects.prefetch_related("lines", "status_changes")


def order_for(*, number: str, user, token: str | None = None) -> Order:
    """The order if the caller may see it: staff, its owner, or a guest holding its access token. Else NotFound."""
    order = orders_with_details().filter(number=number).first()
    if order is not None:
        if user is not None and user.is_authenticated and (user.is_staff or order.user_id == user.pk):
            return order
        if order.user_id is None and order.access_token_matches(token):
            return order
    raise NotFound("Order not found.")


def orders_visible_to(user, *, status: str | None = None, email: str | None = None) -> QuerySet[Order]:
    """The caller's orders; staff see everyone's and may filter by status and email."""
    orders = orders_with_details()
    if not user.is_staff:
        return orders.filter(user=user)
    if status:
        orders = orders.filter(status=status)
    if email:
        orders = orders.filter(email__iexact=email.strip())
    return orders


# --- Stock -------------------------------------------------------------------------------------------


def stock_rows(*, low: bool | None = None) -> QuerySet[Stock]:
    """Stock of products that are not deleted, by product name; ``low`` keeps rows at/below their threshold."""
    rows = Stock.objects.select_related("product").filter(product__deleted_at__isnull=True)
    if low is True:
        rows = rows.low()
    elif low is False:
        rows = rows.exclude(pk__in=Stock.objects.low().values("pk"))
    return rows.order_by("product__name", "product_id")


def movements_for(*, product_id: int) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(product_id=product_id).select_related("order").order_by("-created_at", "-id")
