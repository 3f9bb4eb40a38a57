"""Catalog API shapes.

Output serializers describe the contract's JSON (for the OpenAPI schema and for reading); the dicts
themselves are built by the read models in ``catalog.selectors``, which the pages and other apps share, so
every place shows a product the same way. Input serializers check types only; the rules live in the services.
"""

from rest_framework import serializers

from catalog import selectors


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Absolute, on the host the request reached (storefront.api.renderers).")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()


class RefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ProductSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField()
    sku = serializers.CharField()
    name = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    sale_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    brand = RefSerializer(allow_null=True)
    category = RefSerializer()
    image = ImageSerializer(allow_null=True)
    rating = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True, help_text="Average rating.")
    review_count = serializers.IntegerField()
    in_stock = serializers.BooleanField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What the filter takes: a slug, or an attribute's value.")
    label = serializers.CharField(required=False, help_text="The brand's or category's name (those facets only).")
    count = serializers.IntegerField(help_text="Products this value shows, under the other filters.")


class PaginatedProductSummaryListSerializer(serializers.Serializer):
    """A page of the product listing (the schema of ``catalog.api.pagination.ProductPagination``'s answer)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, required=False)
    previous = serializers.URLField(allow_null=True, required=False)
    results = ProductSummarySerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        required=False,
        help_text="With `facets=true` only: `brand`, `category` (one level below the chosen one) and one entry per "
        "attribute name, each a list of values with their product counts, most frequent first.",
    )


class DiscountSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=[("percentage", "percentage"), ("fixed", "fixed")])
    value = serializers.DecimalField(max_digits=10, decimal_places=2)


class OptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField())


class VariantSerializer(serializers.Serializer):
    sku = serializers.CharField(help_text="What carts and stock endpoints name the variant by.")
    options = serializers.DictField(
        child=serializers.CharField(), help_text="Option name -> value; {} without options."
    )
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    sale_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    available = serializers.IntegerField(help_text="Units of this variant that can be bought now.")
    in_stock = serializers.BooleanField()
    image = ImageSerializer(allow_null=True)


class ProductDetailSerializer(ProductSummarySerializer):
    description = serializers.CharField(help_text="Rich text (HTML).")
    images = ImageSerializer(many=True)
    attributes = serializers.DictField(child=serializers.JSONField())
    available = serializers.IntegerField(help_text="Units that can be bought now (all variants together).")
    options = OptionSerializer(many=True, help_text="The options a shopper chooses (empty without variants).")
    variants = VariantSerializer(many=True, help_text="At least one; a product without options has exactly one.")
    discount = DiscountSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, instance):
        return selectors.product_detail_data(instance)


class ProductWriteSerializer(serializers.Serializer):
    """Staff input for POST/PATCH. Server-owned fields (id, rating, review_count, in_stock, timestamps) are not
    accepted here, so a client sending them changes nothing."""

    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=220, required=False, help_text="Defaults to the slugified name.")
    sku = serializers.CharField(max_length=64)
    description = serializers.CharField(required=False, allow_blank=True, help_text="Rich text (HTML).")
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    category = serializers.SlugField(help_text="Category slug.")
    brand = serializers.SlugField(required=False, allow_null=True, help_text="Brand slug, or null.")
    attributes = serializers.DictField(child=serializers.JSONField(), required=False)
    is_active = serializers.BooleanField(required=False)


class CategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    parent = serializers.SlugField(allow_null=True, help_text="Slug of the parent category.")
    description = serializers.CharField()
    product_count = serializers.IntegerField(help_text="Visible products in this category and its descendants.")


class CategoryDetailSerializer(CategorySerializer):
    ancestors = RefSerializer(many=True, help_text="From the root down to the parent.")
    children = RefSerializer(many=True)


class BrandSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    logo = ImageSerializer(allow_null=True)


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField()
    body = serializers.CharField()
    author_name = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReviewCreatedSerializer(ReviewSerializer):
    status = serializers.ChoiceField(
        choices=[("pending", "pending"), ("approved", "approved")],
        help_text="`pending` until a moderator approves it (unless reviews are auto-approved).",
    )


class ReviewInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10_000)
