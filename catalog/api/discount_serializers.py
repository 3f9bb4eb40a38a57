"""Shapes of /api/v1/discounts/. Output serializers read the models (scopes prefetched by ``catalog.selectors``);
input serializers check types and accept only what staff may set (ids and timestamps are the server's: sent
anyway, they are ignored). ``KINDS`` and ``money`` are shared with commerce's coupon shapes."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from catalog.models import DiscountKind

MAX_SCOPE = 500
# The same choice set as the product detail's discount.kind and the coupons' kind: one KindEnum in the schema.
KINDS = [(kind, kind) for kind in DiscountKind.values]


def money():
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
    value = money()
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
