"""Report query parameters (validated) and answers (money as strings with 2 places)."""

from datetime import timedelta

from rest_framework import serializers

from reports import periods
from reports.selectors import PRODUCT_ORDERINGS

DEFAULT_DAYS = 30
MAX_DAYS = {"day": 366, "week": 3 * 366, "month": 10 * 366}
MAX_LIMIT = 100  # larger is clamped, as page_size is
MONEY = {"max_digits": 16, "decimal_places": 2}


class RangeParams(serializers.Serializer):
    """``from`` and ``to`` (YYYY-MM-DD, store-local days, both included); by default the last 30 days."""

    start = serializers.DateField(required=False, help_text="First day (YYYY-MM-DD), included.")
    end = serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD), included; default today.")
    max_days = MAX_DAYS["day"]

    def get_fields(self):
        # "from" is a Python keyword; the query parameters are named as the contract names them.
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        fields["to"] = fields.pop("end")
        return fields

    def max_days_for(self, attrs) -> int:
        return self.max_days

    def validate(self, attrs):
        end = attrs.pop("to", None) or periods.today()
        start = attrs.pop("from", None) or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise serializers.ValidationError({"to": "`to` must not be before `from`."}, code="invalid_range")
        limit = self.max_days_for(attrs)
        if (end - start).days + 1 > limit:
            raise serializers.ValidationError({"to": f"At most {limit} days for this report."}, code="range_too_large")
        return {**attrs, "start": start, "end": end}


class SalesParams(RangeParams):
    interval = serializers.ChoiceField(choices=periods.INTERVALS, default="day")

    def max_days_for(self, attrs) -> int:
        return MAX_DAYS[attrs["interval"]]


class LimitParams(RangeParams):
    limit = serializers.IntegerField(required=False, default=10, min_value=1, help_text="At most 100 (clamped).")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        return {**attrs, "limit": min(attrs["limit"], MAX_LIMIT)}


class ProductParams(LimitParams):
    ordering = serializers.ChoiceField(choices=list(PRODUCT_ORDERINGS), default="revenue")


class FunnelParams(LimitParams):
    product = serializers.SlugField(required=False, help_text="Only this product (slug).")


# --- answers ------------------------------------------------------------------------------------------


class SalesFiguresSerializer(serializers.Serializer):
    orders = serializers.IntegerField()
    items = serializers.IntegerField()
    revenue = serializers.DecimalField(**MONEY)
    discounts = serializers.DecimalField(**MONEY)
    average_order_value = serializers.DecimalField(**MONEY)


class SalesRowSerializer(SalesFiguresSerializer):
    period = serializers.DateField(help_text="The period's first day: the day, the week's Monday, the month's 1st.")


class SalesReportSerializer(serializers.Serializer):
    currency = serializers.CharField()
    interval = serializers.ChoiceField(choices=periods.INTERVALS)
    rows = SalesRowSerializer(many=True)
    totals = SalesFiguresSerializer()


class ProductRowSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    units_sold = serializers.IntegerField()
    revenue = serializers.DecimalField(**MONEY)
    orders = serializers.IntegerField(help_text="Counted orders containing the product.")


class StockRowSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    sku = serializers.CharField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    low_stock_threshold = serializers.IntegerField()


class InventoryReportSerializer(serializers.Serializer):
    currency = serializers.CharField()
    total_units = serializers.IntegerField()
    stock_value = serializers.DecimalField(**MONEY, help_text="Units on hand at list price.")
    low_stock = StockRowSerializer(many=True, help_text="0 < quantity <= low_stock_threshold.")
    out_of_stock = StockRowSerializer(many=True, help_text="quantity = 0.")


class FunnelFiguresSerializer(serializers.Serializer):
    views = serializers.IntegerField()
    carts = serializers.IntegerField()
    orders = serializers.IntegerField()
    view_to_cart = serializers.FloatField(allow_null=True)
    cart_to_order = serializers.FloatField(allow_null=True)
    view_to_order = serializers.FloatField(allow_null=True)


class FunnelProductSerializer(FunnelFiguresSerializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class FunnelReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    overall = FunnelFiguresSerializer()
    products = FunnelProductSerializer(many=True)


class SourceRowSerializer(serializers.Serializer):
    source = serializers.CharField(help_text='"banner:12", "page:7", "coupon:CODE", "campaign:x"; "" is direct.')
    kind = serializers.CharField()
    carts = serializers.IntegerField()
    orders = serializers.IntegerField()
    revenue = serializers.DecimalField(**MONEY)
    conversion = serializers.FloatField(allow_null=True, help_text="orders / carts; null without carts.")


class CouponRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    carts = serializers.IntegerField()
    orders = serializers.IntegerField()
    revenue = serializers.DecimalField(**MONEY)
    discounts = serializers.DecimalField(**MONEY)
    conversion = serializers.FloatField(allow_null=True)


class AttributionReportSerializer(serializers.Serializer):
    currency = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    sources = SourceRowSerializer(many=True)
    coupons = CouponRowSerializer(many=True)
