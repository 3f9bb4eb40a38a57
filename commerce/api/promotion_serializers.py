"""Shapes of /api/v1/discounts/ and /api/v1/coupons/. Output serializers read the models (scopes prefetched by
``commerce.selectors``); input serializers check types and accept only what staff may set (``used_count``,
ids and timestamps are the server's: sent anyway, they are ignored)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from commerce.models import COUPON_CODE_PATTERN, DiscountKind

MAX_SCOPE = 500
# The same choice set as the product detail's discount.kind: one DiscountKindEnum in the schema.
KINDS = [(kind, kind) for kind in DiscountKind.values]


def _money():
    return serializers.DecimalField(max_digits=10, decimal_places=2)


def _slugs(many_field: str):
    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def read(self, discount) -> list[str]:
        return [obj.slug for obj in getattr(discount, many_field).all()]

    return read


@extend_schema_serializer(component_name="PromotionDiscount")  # "Discount" is the product detail's {name, kind, value}
class DiscountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    value = _money()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    categories = serializers.SerializerMethodField(help_text="Category slugs (their subcategories are included).")
    brands = serializers.SerializerMethodField(help_text="Brand slugs.")
    products = serializers.SerializerMethodField(help_text="Product slugs. All three empty: the whole catalog.")
    priority = serializers.IntegerField(help_text="Breaks ties between discounts giving the same price.")
    is_active = serializers.BooleanField()

    get_categories = _slugs("categories")
    get_brands = _slugs("brands")
    get_products = _slugs("products")


class SlugListField(serializers.ListField):
    child = serializers.SlugField(max_length=220)

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_SCOPE, required=False, **kwargs)


@extend_schema_serializer(component_name="PromotionDiscountInput")
class DiscountInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=KINDS)
    value = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    categories = SlugListField(help_text="Category slugs (subcategories included).")
    brands = SlugListField(help_text="Brand slugs.")
    products = SlugListField(help_text="Product slugs. All three empty: the whole catalog.")
    priority = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)
    is_active = serializers.BooleanField(required=False)


class DiscountListQuerySerializer(serializers.Serializer):
    all = serializers.BooleanField(
        required=False, default=False, help_text="Staff: every discount (drafts, switched off, past, upcoming)."
    )


class CouponSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    value = _money()
    min_subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    usage_limit = serializers.IntegerField(allow_null=True)
    per_customer_limit = serializers.IntegerField(allow_null=True)
    used_count = serializers.IntegerField(read_only=True, help_text="Orders that used it and were not cancelled.")
    created_at = serializers.DateTimeField()


class CouponWriteSerializer(serializers.Serializer):
    code = serializers.RegexField(
        COUPON_CODE_PATTERN, max_length=64, help_text="3-64 letters, digits, '-' or '_'; unique in any case."
    )
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=KINDS)
    value = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    min_subtotal = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    usage_limit = serializers.IntegerField(min_value=1, max_value=2_000_000_000, required=False, allow_null=True)
    per_customer_limit = serializers.IntegerField(min_value=1, max_value=2_000_000_000, required=False, allow_null=True)


class CouponUpdateSerializer(CouponWriteSerializer):
    """A coupon's terms; its code cannot change (carts and orders refer to it)."""

    code = None
