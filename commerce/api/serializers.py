"""Commerce API shapes. Output serializers read the priced cart / order objects; input serializers check types
and accept only what a client may set (prices, totals, status and stock sent by a client are never read)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from payments import PaymentStatus
from rest_framework import serializers

from catalog.api.serializers import ImageSerializer
from catalog.selectors import SUMMARY_IMAGE_SPEC, image_data
from commerce.models import SOURCE_PATTERN, OrderPaymentStatus, OrderStatus, StockMovement
from commerce.payment_config import PROVIDER_KIND_CHOICES
from storefront.addresses import ShippingAddressSerializer
from storefront.validators import validate_link

MAX_QUANTITY = 10_000
MAX_NOTE_LENGTH = 200  # StockMovement.note
# Bounds of one stock input: far above any real shelf, far below the quantity column's 2^31 - 1 (the service checks
# the resulting quantity too).
MAX_STOCK_UNITS = 1_000_000_000


# --- shared ---------------------------------------------------------------------------------------


def money():
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)


# --- carts ----------------------------------------------------------------------------------------


class CartProductSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    sku = serializers.CharField()
    name = serializers.CharField()
    image = serializers.SerializerMethodField()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, product) -> dict | None:
        first = getattr(product, "first_images", [])
        return image_data(first[0].image, SUMMARY_IMAGE_SPEC, first[0].alt_text) if first else None


class VariantRefSerializer(serializers.Serializer):
    sku = serializers.CharField()
    options = serializers.DictField(
        child=serializers.CharField(), help_text="Option name -> value; {} without options."
    )


class CartItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    product = CartProductSerializer(source="item.variant.product")
    variant = VariantRefSerializer(source="item.variant")
    quantity = serializers.IntegerField(source="item.quantity")
    unit_price = money()
    line_total = money()


class CartSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="cart.id")
    items = CartItemSerializer(source="lines", many=True)
    coupon = serializers.CharField(source="cart.coupon_code", allow_null=True)
    subtotal = money()
    discount_total = money()
    total = money()
    currency = serializers.CharField()
    item_count = serializers.IntegerField()


class CartSourceField(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            SOURCE_PATTERN,
            max_length=64,
            required=False,
            default="",
            help_text="What brought the shopper, for attribution reports: banner:<id>, page:<id>, coupon:<code> "
            "or campaign:<name>. The first one a cart receives is kept.",
            **kwargs,
        )


class CartCreateInputSerializer(serializers.Serializer):
    source = CartSourceField()


class CartItemInputSerializer(serializers.Serializer):
    product = serializers.CharField(
        max_length=220, required=False, help_text="The product's slug: enough when it has one variant."
    )
    variant = serializers.CharField(max_length=64, required=False, help_text="The variant's SKU.")
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)
    source = CartSourceField()

    def validate(self, attrs):
        if not attrs.get("product") and not attrs.get("variant"):
            raise serializers.ValidationError({"product": ["Give the product's slug or the variant's SKU."]})
        return attrs


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY, help_text="0 removes the line.")


class CouponInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)


# --- orders ---------------------------------------------------------------------------------------


class OrderCreateInputSerializer(serializers.Serializer):
    cart = serializers.UUIDField(help_text="The id of the cart to order.")
    email = serializers.EmailField(
        required=False, allow_null=True, help_text="Required for guests; defaults to the user's email."
    )
    shipping_address = ShippingAddressSerializer()


class OrderLineSerializer(serializers.Serializer):
    product_slug = serializers.CharField()
    sku = serializers.CharField(help_text="The variant's SKU, as bought.")
    name = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField(), help_text="The variant's options, as bought.")
    quantity = serializers.IntegerField()
    unit_price = money()
    line_total = money()


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    at = serializers.DateTimeField()
    from_status = serializers.CharField(help_text="The status before (empty for the first entry).")


class OrderPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.CharField(source="variant", help_text="The id of a provider of `/payments/providers/`.")
    status = serializers.ChoiceField(choices=PaymentStatus.CHOICES)
    amount = serializers.DecimalField(source="total", max_digits=9, decimal_places=2, read_only=True)
    currency = serializers.CharField()
    created_at = serializers.DateTimeField(source="created")


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    payment_status = serializers.ChoiceField(choices=OrderPaymentStatus.choices)
    payments = OrderPaymentSerializer(many=True, help_text="Payment attempts, oldest first.")
    email = serializers.EmailField()
    items = OrderLineSerializer(source="lines", many=True)
    subtotal = money()
    discount_total = money()
    shipping_total = money()
    total = money()
    currency = serializers.CharField()
    coupon = serializers.CharField(source="coupon_code", allow_null=True)
    shipping_address = ShippingAddressSerializer()
    created_at = serializers.DateTimeField()
    status_history = StatusChangeSerializer(source="status_changes", many=True)


class OrderCreatedSerializer(OrderSerializer):
    access_token = serializers.CharField(
        required=False,
        help_text="Guest orders only, returned at creation: send it as the `X-Order-Token` header (or `?token=`) to "
        "read or cancel the order.",
    )


class OrderTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderCancelInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    email = serializers.CharField(max_length=254, required=False, help_text="Staff: orders of this email address.")


# --- payments -------------------------------------------------------------------------------------


class PaymentProviderSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=PROVIDER_KIND_CHOICES,
        help_text="`redirect`: the shopper is sent to `next_action.url` to pay; `manual`: bank transfer or cash on "
        "delivery, the order waits unpaid until the shop marks it paid.",
    )


class PaymentCreateInputSerializer(serializers.Serializer):
    provider = serializers.CharField(max_length=50, help_text="The id of a provider of `/payments/providers/`.")
    return_url = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_link],
        help_text="Where the shopper comes back to after paying or failing to (http(s) URL or a site path); "
        "default: the shop's order page.",
    )


class NextActionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("redirect", "redirect")])
    url = serializers.URLField(help_text="Send the shopper here to pay.")


class PaymentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PaymentStatus.CHOICES)
    next_action = NextActionSerializer(allow_null=True, help_text="null for manual providers: nothing to do online.")


class PaymentRefundInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: all that is left of the payment.",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# --- stock ----------------------------------------------------------------------------------------


class StockProductSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    sku = serializers.CharField()
    name = serializers.CharField()


class StockSerializer(serializers.Serializer):
    product = StockProductSerializer(source="variant.product")
    variant = VariantRefSerializer()
    quantity = serializers.IntegerField()
    available = serializers.IntegerField()
    low_stock_threshold = serializers.IntegerField()
    is_low = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class StockUpdateInputSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_STOCK_UNITS, required=False)
    low_stock_threshold = serializers.IntegerField(min_value=0, max_value=MAX_STOCK_UNITS, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class StockAdjustInputSerializer(serializers.Serializer):
    """The contract's ``reason`` is free text; the ledger keeps it as the movement's ``note``, under the kind
    ``adjustment`` (or ``import``, when that is the whole reason, as older clients send it)."""

    delta = serializers.IntegerField(min_value=-MAX_STOCK_UNITS, max_value=MAX_STOCK_UNITS)
    reason = serializers.CharField(
        max_length=MAX_NOTE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, in your words (e.g. `stock count`, `2 broken`); kept in the ledger as the movement's `note`.",
    )
    note = serializers.CharField(
        max_length=MAX_NOTE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="More detail, kept with the reason.",
    )

    def validate_delta(self, value: int) -> int:
        if value == 0:
            raise serializers.ValidationError("The change must not be zero.", code="invalid")
        return value

    def validate(self, attrs: dict) -> dict:
        """Into the service's terms: ``reason`` the movement's kind, ``note`` the words (at most 200 characters)."""
        text, note = attrs["reason"].strip(), attrs["note"].strip()
        kind = StockMovement.Reason.ADJUSTMENT
        if text in StockMovement.MANUAL_REASONS:
            kind, text = StockMovement.Reason(text), ""
        words = "; ".join(part for part in (text, note) if part)
        if len(words) > MAX_NOTE_LENGTH:
            raise serializers.ValidationError(
                {"note": f"The reason and the note together must fit in {MAX_NOTE_LENGTH} characters."}
            )
        return {"delta": attrs["delta"], "reason": kind, "note": words}


class StockListQuerySerializer(serializers.Serializer):
    low = serializers.BooleanField(required=False, allow_null=True, default=None)


class StockMovementSerializer(serializers.Serializer):
    delta = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=StockMovement.Reason.choices)
    order = serializers.CharField(source="order.number", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    quantity_after = serializers.IntegerField()
    note = serializers.CharField()
