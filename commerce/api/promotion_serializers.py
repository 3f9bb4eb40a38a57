"""Shapes of /api/v1/coupons/. Output serializers read the models; input serializers check types and accept only
what staff may set (``used_count``, ids and timestamps are the server's: sent anyway, they are ignored). The
discounts' shapes are the catalog's (``catalog.api.discount_serializers``)."""

from decimal import Decimal

from rest_framework import serializers

from catalog.api.discount_serializers import KINDS, money
from commerce.models import COUPON_CODE_PATTERN


class CouponSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    value = money()
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
