import hashlib
import hmac
import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from payments import PurchasedItem
from payments.core import get_base_url
from payments.models import BasePayment

from catalog.models import DiscountKind, PromotionTerms, promotion_constraints
from storefront.money import to_cents
from storefront.validators import is_safe_link, validate_link

# --- Stock -------------------------------------------------------------------------------------------


class StockQuerySet(models.QuerySet):
    def low(self):
        """Rows at or below their low-stock threshold (out of stock included)."""
        return self.filter(quantity__lte=F("low_stock_threshold"))


class Stock(models.Model):
    """Units on hand for one variant. The CHECK constraint makes overselling impossible at the database."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    variant = models.OneToOneField("catalog.ProductVariant", on_delete=models.CASCADE, related_name="stock")
    quantity = models.IntegerField(default=0)
    low_stock_threshold = models.PositiveIntegerField(default=5)
    # Set when a stock.low alert went out, cleared when stock rises above the threshold: one alert per crossing.
    low_alerted = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StockQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_quantity_not_negative")]

    def __str__(self):
        return f"{self.variant.product.name} ({self.variant.sku})"

    @property
    def available(self) -> int:
        """Units that can be bought now (stock is taken when an order is placed, so this is the quantity)."""
        return self.quantity

    @property
    def is_low(self) -> bool:
        return self.quantity <= self.low_stock_threshold


class StockMovement(models.Model):
    """The stock ledger: one row for every change of a variant's quantity, never updated or deleted."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    class Reason(models.TextChoices):
        SALE = "sale", "Sale"
        CANCELLATION = "cancellation", "Order cancelled"
        REFUND = "refund", "Order refunded"
        ADJUSTMENT = "adjustment", "Manual adjustment"
        IMPORT = "import", "Import"

    # Reasons staff may give by hand; the others are written by order services only.
    MANUAL_REASONS = (Reason.ADJUSTMENT, Reason.IMPORT)

    # PROTECT: the ledger outlives nothing it records; a variant with history cannot be deleted.
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.PROTECT, related_name="stock_movements")
    delta = models.IntegerField()
    quantity_after = models.IntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=200, blank=True)
    order = models.ForeignKey(
        "commerce.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="stock_movements"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="stock_movement_delta_not_zero")]
        indexes = [models.Index(fields=["variant", "-created_at"], name="stock_movement_variant_idx")]

    def __str__(self):
        return f"{self.variant_id} {self.delta:+d} ({self.reason})"


# --- Carts -------------------------------------------------------------------------------------------


# What brought the shopper: "<kind>:<id>", e.g. "banner:12", "page:7", "coupon:WELCOME10", "campaign:spring".
SOURCE_KINDS = ("banner", "page", "coupon", "campaign")
SOURCE_PATTERN = r"^(" + "|".join(SOURCE_KINDS) + r"):[A-Za-z0-9_.-]{1,50}$"
validate_source = RegexValidator(SOURCE_PATTERN, "A source looks like banner:12, page:7, coupon:CODE or campaign:name.")


class Cart(models.Model):
    """A shopping cart, addressed by an unguessable UUID. Anonymous until a signed-in user uses it."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CHECKED_OUT = "checked_out", "Checked out"
        # A guest cart whose items moved into its owner's cart at sign-in; it answers with that cart.
        MERGED = "merged", "Merged"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="carts"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    coupon_code = models.CharField(max_length=64, null=True, blank=True)
    # First touch wins: the content that brought the shopper to this cart (see SOURCE_PATTERN).
    source = models.CharField(max_length=64, blank=True, default="", validators=[validate_source])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["user", "status", "-updated_at"], name="cart_user_status_idx")]

    def __str__(self):
        return str(self.id)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CartItem(models.Model):
    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_item_one_line_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.variant_id}"

    @property
    def product(self):
        return self.variant.product


# --- Orders ------------------------------------------------------------------------------------------


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


# The order state machine, exactly as the contract lists it. Every status change goes through this table.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.REFUNDED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
# Leaving these states for cancelled/refunded puts the goods back on the shelf (they never left the warehouse).
NOT_YET_SHIPPED = frozenset({OrderStatus.PENDING, OrderStatus.PAID})
# Revenue counts these (the contract's Reports section).
REVENUE_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED})


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


class OrderPaymentStatus(models.TextChoices):
    """Where the order's money stands; only ``commerce.services.payments`` (and the transitions) change it."""

    UNPAID = "unpaid", "Unpaid"
    AUTHORIZED = "authorized", "Authorized"
    PAID = "paid", "Paid"
    REFUNDED = "refunded", "Refunded"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    FAILED = "failed", "Failed"


class Order(models.Model):
    """A placed order. Money: ``subtotal`` is the lines at their sale prices (catalog discounts are inside the
    unit prices), ``discount_total`` is the coupon's discount only, ``total = subtotal - discount_total +
    shipping_total``; ``catalog_discount_total`` records the catalog markdowns for reports."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    Status = OrderStatus

    number = models.CharField(max_length=20, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    payment_status = models.CharField(
        max_length=20, choices=OrderPaymentStatus.choices, default=OrderPaymentStatus.UNPAID, editable=False
    )
    shipping_address = models.JSONField(default=dict)
    # Sum of the lines at their sale prices: catalog discounts are already inside each line's unit price.
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text="The coupon's discount on the subtotal: total = subtotal - discount_total + shipping_total. "
        "Catalog discounts are not in here (they are inside the unit prices; see catalog_discount_total).",
    )
    catalog_discount_total = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        editable=False,
        help_text="What catalog discounts took off the lines' list prices (sum of (price - sale price) x quantity), "
        "already inside the subtotal; for reports. A report's 'discounts' = discount_total + catalog_discount_total.",
    )
    shipping_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    coupon_code = models.CharField(max_length=64, null=True, blank=True)
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    # Copied from the cart at placement, so attribution survives the cart being purged.
    source = models.CharField(max_length=64, blank=True, default="", validators=[validate_source])
    # SHA-256 of the guest's access token; the raw token is returned once, at creation.
    access_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, discount_total__gte=0, shipping_total__gte=0, total__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(catalog_discount_total__gte=0), name="order_catalog_discount_not_negative"
            ),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="order_status_valid"),
            models.CheckConstraint(
                condition=Q(payment_status__in=OrderPaymentStatus.values), name="order_payment_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="order_status_created_idx"),
            models.Index(fields=["email"], name="order_email_idx"),
            models.Index(fields=["created_at"], name="order_created_idx"),
        ]

    def __str__(self):
        return self.number

    @staticmethod
    def hash_access_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def access_token_matches(self, raw: str | None) -> bool:
        """A guest order opens with its access token; orders of signed-in users have none."""
        if not raw or not self.access_token_hash:
            return False
        return hmac.compare_digest(self.access_token_hash, self.hash_access_token(raw))


class OrderLine(models.Model):
    """A snapshot of what was bought: it keeps its name, the variant's SKU and options, and the price when the
    product changes or is deleted."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_slug = models.CharField(max_length=220)
    sku = models.CharField(max_length=64)  # the variant's
    options = models.JSONField(default=dict, blank=True)  # the variant's, e.g. {"Size": "M"}
    name = models.CharField(max_length=200)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} x {self.sku}"


class OrderStatusChange(models.Model):
    """The order's audit trail: who moved it to which status, and when."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=OrderStatus.choices)
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '-'} -> {self.status}"


class Payment(BasePayment):
    """One attempt to pay an order through a provider (``variant``: an id of ``PAYMENT_PROVIDERS``).

    django-payments owns ``status`` and the provider's fields; ``captured_at`` is set once, by
    ``commerce.services.payments.record_payment_status``, when the capture was booked on the order.
    ``captured_amount`` is what is still refundable (django-payments lowers it on each refund);
    the refunds themselves are ``PaymentRefund`` rows.
    """

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    # Where the shopper goes after paying (success or failure): a link by the one rule, else the shop's order page.
    return_url = models.CharField(max_length=500, blank=True, validators=[validate_link])
    captured_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["token"], name="payment_token_unique")]
        indexes = [models.Index(fields=["order", "created"], name="payment_order_idx")]

    def __str__(self):
        return f"{self.variant} {self.status} ({self.order_id})"

    def get_purchased_items(self):
        for line in self.order.lines.all():
            yield PurchasedItem(
                name=line.name, quantity=line.quantity, price=line.unit_price, currency=self.currency, sku=line.sku
            )

    def _return_to(self) -> str:
        from urllib.parse import urljoin

        from django.urls import reverse

        target = self.return_url if is_safe_link(self.return_url) else reverse("order-detail", args=[self.order.number])
        return urljoin(get_base_url(), target)  # providers need absolute URLs; an absolute one stays as it is

    def get_success_url(self) -> str:
        return self._return_to()

    def get_failure_url(self) -> str:
        return self._return_to()


class PaymentRefund(models.Model):
    """The refund ledger: one row for every amount given back through a payment's provider, never changed."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_amount_positive")]

    def __str__(self):
        return f"{self.payment_id} -{self.amount}"


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key and the response it got, so a retry gets the same answer and no second order.

    The unique (scope, key) constraint serializes concurrent requests with one key: the row is inserted
    first, inside the placement's transaction, so a second request waits for the first to commit.
    """

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    scope = models.CharField(max_length=80)  # "user:<id>" or "anon:<cart id>"
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    # The JSON text as first sent (jsonb would reorder keys; a replay must be byte-for-byte the same).
    response = models.TextField(null=True)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique_per_scope")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created_idx")]

    def __str__(self):
        return f"{self.scope} {self.key}"


# --- Promotions --------------------------------------------------------------------------------------
# Catalog discounts (``catalog.models.Discount``) set prices and belong to the catalog; coupons take money off a
# cart and stay here. Both share the terms (kind, value, window) defined beside Discount.


COUPON_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{3,64}\Z")


def _coupon_code_valid(value: str) -> None:
    if not COUPON_CODE_PATTERN.match(value or ""):
        raise ValidationError("3 to 64 letters, digits, '-' or '_'.", code="invalid")


class Coupon(PromotionTerms):
    """A code a shopper enters for money off the cart subtotal (after catalog discounts, never below zero).

    Codes are unique without regard to case (a unique index on ``lower(code)``); shoppers may type them in
    any case. ``used_count`` counts the orders that used the coupon and were not cancelled; it only changes
    through ``commerce.services.promotions``, inside the order's transaction, never above ``usage_limit``.
    """

    Kind = DiscountKind

    code = models.CharField(max_length=64, validators=[_coupon_code_valid])
    name = models.CharField(max_length=120, blank=True, help_text="Shown on banners; the code when left empty.")
    min_subtotal = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text="The cart subtotal (after catalog discounts) must reach this.",
    )
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Uses in total (empty: unlimited)."
    )
    per_customer_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Uses per customer: per account, or per email address for guests (empty: unlimited).",
    )
    used_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="coupon_code_unique_ci",
                violation_error_message="A coupon with this code already exists.",
            ),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(used_count__lte=F("usage_limit")),
                name="coupon_used_within_limit",
            ),
            models.CheckConstraint(condition=Q(min_subtotal__gte=0), name="coupon_min_subtotal_not_negative"),
            *promotion_constraints("coupon"),
        ]

    def __str__(self):
        return self.code

    @property
    def display_name(self) -> str:
        return self.name or self.code

    @property
    def is_exhausted(self) -> bool:
        return self.usage_limit is not None and self.used_count >= self.usage_limit

    def discount_on(self, subtotal: Decimal) -> Decimal:
        """Money off ``subtotal``: a percentage rounded to cents by the one rule, or the fixed amount, never more
        than the subtotal itself."""
        off = subtotal * self.value / 100 if self.kind == DiscountKind.PERCENTAGE else self.value
        return min(to_cents(off), to_cents(subtotal))


class CouponRedemption(models.Model):
    """One use of a coupon by one order. Cancelling the order (or refunding it before shipment) releases the use:
    ``released_at`` is set and the coupon's ``used_count`` goes down; the row stays as history."""

    wagtail_reference_index_ignore = True  # a shop record, not content: Wagtail indexes no reference from it

    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE, related_name="redemptions")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="coupon_redemption")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(help_text="The order's email, lower-cased: how guests are told apart.")
    discount_total = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["coupon", "user"], name="coupon_redemption_user_idx"),
            models.Index(fields=["coupon", "email"], name="coupon_redemption_email_idx"),
        ]

    def __str__(self):
        return f"{self.coupon_id} on {self.order_id}"
