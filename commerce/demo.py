"""Demo stock levels and orders for seed_demo: idempotent, deterministic, through the real services."""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from catalog.models import Brand, Category, Discount, Product, ProductVariant
from catalog.pricing import refresh_sale_prices
from catalog.services import create_discount
from commerce.models import Coupon, OrderStatusChange, Stock, StockMovement
from commerce.selectors import coupon_by_code
from commerce.services.carts import add_to_cart, create_cart
from commerce.services.orders import place_order, transition_order
from commerce.services.promotions import CODE_ALPHABET, CODE_LENGTH, create_coupon
from commerce.services.stock import ensure_stock, set_stock_level

BATCH = 2000
DEMO_NOTE = "Demo order"
STOCK_NOTE = "Demo stock levels"
ADDRESS = {"name": "Alice Martin", "line1": "12 Market Street", "city": "Springfield", "postal_code": "12345",
           "country": "US"}  # fmt: skip
# (shopper email or None for a guest, statuses to walk through after "pending")
ORDERS = [
    ("alice@example.com", ["paid", "shipped", "delivered"]),
    ("alice@example.com", ["paid", "shipped"]),
    ("alice@example.com", []),
    ("bob@example.com", ["paid"]),
    ("bob@example.com", ["cancelled"]),
    ("carol@example.com", ["paid", "refunded"]),
    (None, ["paid", "shipped"]),
    (None, []),
]


def seed(*, products: int, log: Callable[[str], None]) -> None:
    rng = random.Random(2026)
    catalog = list(Product.objects.visible().order_by("id"))
    variants = list(ProductVariant.objects.filter(product__in=catalog).order_by("product_id", "sort_order", "id"))
    for variant in variants:
        ensure_stock(variant=variant)
    shaped = _shape_stock(variants, rng)
    placed = _place_orders(variants, rng)
    low = Stock.objects.low().count()
    log(f"stock: {len(variants)} rows ({shaped} reshaped, {low} low or out); orders: {placed} created")
    seed_promotions(log=log)


def write_demo_stock(levels: list[tuple[ProductVariant, int]]) -> None:
    """The stock rows of new demo variants (``catalog.demo`` plans the quantities), in bulk, each with its ledger
    entry; variants that have a row already keep it."""
    variants = [variant for variant, _ in levels]
    has_stock = set(Stock.objects.filter(variant__in=variants).values_list("variant_id", flat=True))
    fresh = [(variant, quantity) for variant, quantity in levels if variant.pk not in has_stock]
    Stock.objects.bulk_create([Stock(variant=variant, quantity=n) for variant, n in fresh], batch_size=BATCH)
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                variant=variant,
                delta=quantity,
                quantity_after=quantity,
                reason=StockMovement.Reason.IMPORT,
                note="Demo data",
            )
            for variant, quantity in fresh
            if quantity
        ],
        batch_size=BATCH,
    )


def _shape_stock(variants: list[ProductVariant], rng: random.Random) -> int:
    """Once: a few variants out of stock, a few low, the rest with their seeded levels."""
    if StockMovement.objects.filter(note=STOCK_NOTE).exists():
        return 0  # already shaped on an earlier run
    picks = rng.sample(variants, k=min(len(variants), max(3, len(variants) // 20)))
    for index, variant in enumerate(picks):
        quantity = 0 if index % 2 == 0 else rng.randint(1, 3)
        set_stock_level(variant=variant, quantity=quantity, low_stock_threshold=4, note=STOCK_NOTE)
    return len(picks)


def _place_orders(variants: list[ProductVariant], rng: random.Random) -> int:
    if OrderStatusChange.objects.filter(note=DEMO_NOTE).exists() or not variants:
        return 0
    users = {user.email: user for user in get_user_model().objects.filter(email__in=[e for e, _ in ORDERS if e])}
    plenty = set(Stock.objects.filter(variant__in=variants, quantity__gte=10).values_list("variant_id", flat=True))
    buyable = [variant for variant in variants if variant.id in plenty]
    if not buyable:
        return 0
    created = 0
    for email, steps in ORDERS:
        user = users.get(email) if email else None
        if email and user is None:
            continue  # accounts demo not seeded
        caller = user or AnonymousUser()
        cart = create_cart(user=caller)
        for variant in rng.sample(buyable, k=min(len(buyable), rng.randint(1, 3))):
            add_to_cart(cart_id=cart.id, user=caller, variant_sku=variant.sku, quantity=rng.randint(1, 2))
        order = place_order(
            cart_id=cart.id,
            email=email or "guest@example.com",
            shipping_address=ADDRESS,
            user=caller,
        ).order
        OrderStatusChange.objects.filter(order=order).update(note=DEMO_NOTE)
        for status in steps:
            order = transition_order(order=order, status=status, note=DEMO_NOTE)
        created += 1
    return created


# --- promotions -------------------------------------------------------------------------------------

SALE_NAME = "Mid-season sale"
BRAND_DISCOUNT_NAME = "Brand week"
WELCOME_CODE = "WELCOME10"
SINGLE_USE_PREFIX = "DEMO-"
SINGLE_USE_COUNT = 10


def seed_promotions(*, log: Callable[[str], None]) -> None:
    """A running 20% sale on one mid-level category, 15% off one brand (most products stay at their price), the
    WELCOME10 coupon (10% from 30.00, once per customer) and ten single-use codes. Made once; reruns change nothing.
    """
    now = timezone.now()
    made = []
    sale_scope = Category.objects.filter(depth=2).order_by("path").first()
    if sale_scope is not None and not Discount.objects.filter(name=SALE_NAME).exists():
        create_discount(name=SALE_NAME, kind="percentage", value=Decimal("20"), starts_at=now - timedelta(days=1),
                        ends_at=now + timedelta(days=10), categories=[sale_scope.slug])  # fmt: skip
        made.append(f"20% off {sale_scope.name}")
    brand = Brand.objects.order_by("name", "id").first()
    if brand is not None and not Discount.objects.filter(name=BRAND_DISCOUNT_NAME).exists():
        create_discount(name=BRAND_DISCOUNT_NAME, kind="percentage", value=Decimal("15"), priority=1,
                        ends_at=now + timedelta(days=5), brands=[brand.slug])  # fmt: skip
        made.append(f"15% off {brand.name}")
    if coupon_by_code(WELCOME_CODE) is None:
        create_coupon(code=WELCOME_CODE, name="Welcome: 10% off", kind="percentage", value=Decimal("10"),
                      min_subtotal=Decimal("30.00"), per_customer_limit=1)  # fmt: skip
        made.append(WELCOME_CODE)
    if not Coupon.objects.filter(code__startswith=SINGLE_USE_PREFIX).exists():
        rng = random.Random(2026)  # the same codes on every fresh database
        for _ in range(SINGLE_USE_COUNT):
            code = SINGLE_USE_PREFIX + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            create_coupon(code=code, name="Demo single-use", kind="fixed", value=Decimal("5.00"), usage_limit=1)
        made.append(f"{SINGLE_USE_COUNT} single-use {SINGLE_USE_PREFIX}... codes")
    if made:
        refresh_sale_prices()  # now, not when a worker gets to it: the demo listings sort on them at once
    log(f"promotions: {', '.join(made) if made else 'already there'}")
