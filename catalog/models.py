import re
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from treebeard.mp_tree import MP_Node
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from storefront.windows import ends_after_start_q, in_window, window_q


class Category(MP_Node):
    """A node of the category tree. Materialized paths make "this category and its descendants" one
    indexed prefix query (``path__startswith``) instead of a recursion."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    # The option names (e.g. ["Size", "Colour"]) variants of products here may have; inherited by subcategories
    # that name none themselves. Empty all the way up: any names.
    option_types = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def allowed_options(self) -> list[str]:
        """The option names variants in this category may use: its own, else its nearest ancestor's (empty:
        any). One query for the ancestors when it names none itself."""
        if self.option_types:
            return list(self.option_types)
        if self.depth and self.depth > 1:
            for ancestor in reversed(self.get_ancestors().only("option_types")):
                if ancestor.option_types:
                    return list(ancestor.option_types)
        return []


class Brand(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def visible(self):
        """What shoppers may see: active and not deleted."""
        return self.filter(is_active=True, deleted_at__isnull=True)


class Product(index.Indexed, ClusterableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    sku = models.CharField("SKU", max_length=64, unique=True)
    description = RichTextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    # A small name -> value map (colour, size, material) that the listing can filter on.
    attributes = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept current by commerce's stock services, so listings filter on it without joining stock.
    in_stock = models.BooleanField(default=False, editable=False)
    # Kept current by review moderation, so reads never aggregate reviews.
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    review_count = models.PositiveIntegerField(default=0, editable=False)
    # The listing price: ``from_price`` after discounts, stored so listings filter and sort on it by index. Set
    # by the product services (``catalog.variants.summarize``) and by ``pricing.refresh_sale_prices`` (a task)
    # when discounts change, start or end.
    sale_price = models.DecimalField(max_digits=10, decimal_places=2, default=0, editable=False)
    # The lowest variant price, over the variants in stock (else over all): what summaries show as ``price`` and
    # what ``sale_price`` is computed from. Kept by ``catalog.variants.refresh_product`` on every variant or stock
    # change; equal to ``price`` while no variant has a price of its own.
    from_price = models.DecimalField(max_digits=10, decimal_places=2, default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=10),
        index.AutocompleteField("name"),
        index.SearchField("sku_terms", boost=5),
        index.SearchField("description"),
        index.RelatedFields("brand", [index.SearchField("name", boost=3)]),
        index.RelatedFields("category", [index.SearchField("name", boost=2)]),
        index.FilterField("is_active"),
        index.FilterField("deleted_at"),
        index.FilterField("category_id"),
        index.FilterField("brand_id"),
        index.FilterField("in_stock"),
        index.FilterField("price"),
    ]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_not_negative")]
        indexes = [
            models.Index(fields=["category", "price"], name="product_category_price_idx"),
            models.Index(fields=["created_at"], name="product_created_idx"),
            models.Index(fields=["price"], name="product_price_idx"),
            models.Index(fields=["name"], name="product_name_idx"),
            models.Index(fields=["category", "sale_price", "id"], name="product_category_sale_idx"),
            models.Index(fields=["sale_price", "id"], name="product_sale_price_idx"),
            # The search index joins products on ``object_id = id::varchar(50)`` (Wagtail's generic relation):
            # this lets a selective search walk from the matching index entries to their products by index.
            models.Index(Cast("id", output_field=models.CharField(max_length=50)), name="product_id_text_idx"),
        ]

    def __str__(self):
        return self.name

    def sku_terms(self) -> str:
        """The SKU as search words: "KT-100" is indexed as "KT 100" and "KT100", so either spelling finds it
        (PostgreSQL's parser would otherwise read "-100" as a negative number)."""
        spaced = re.sub(r"[\W_]+", " ", self.sku).strip()
        return f"{spaced} {spaced.replace(' ', '')}"

    @property
    def is_visible(self) -> bool:
        return self.is_active and self.deleted_at is None

    def mark_deleted(self) -> None:
        self.deleted_at = timezone.now()


# The bounds of a product attribute (services, the admin form and the attribute rows keep to them).
ATTRIBUTE_NAME_MAX = 64
ATTRIBUTE_VALUE_MAX = 200


class ProductAttributeValue(models.Model):
    """One ``name: value`` pair of a product's ``attributes`` or of its variants' options, as a row: what the
    listing's ``attr.<name>`` filters and facet counts read by index (on any database). Rewritten whenever a
    product or one of its variants is saved (``catalog.facets.store_attribute_values``); ``value`` is
    ``facets.attribute_text``."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attribute_values")
    name = models.CharField(max_length=ATTRIBUTE_NAME_MAX)
    value = models.CharField(max_length=ATTRIBUTE_VALUE_MAX)

    wagtail_reference_index_ignore = True  # derived rows, not content

    class Meta:
        # One row per value: a product's attribute has one, a variant option as many as the variants use.
        constraints = [models.UniqueConstraint(fields=["product", "name", "value"], name="attribute_value_unique")]
        indexes = [models.Index(fields=["name", "value", "product"], name="attribute_value_lookup_idx")]

    def __str__(self):
        return f"{self.name}: {self.value}"


OPTION_NAME_MAX = 40
OPTION_VALUE_MAX = 60
OPTIONS_MAX = 3


def options_error(options, allowed: list[str] | tuple = ()) -> str | None:
    """What is wrong with a variant's options (None: nothing): up to OPTIONS_MAX names, each with a text value,
    within the bounds, and only names of ``allowed`` when given (``Category.allowed_options``). The one rule for
    the admin's form (``ProductVariant.clean``) and ``catalog.variants``."""
    if not isinstance(options, dict) or len(options) > OPTIONS_MAX:
        return f'Up to {OPTIONS_MAX} options as {{"Size": "M", "Colour": "Red"}}.'
    for name, value in options.items():
        if not isinstance(value, str) or not name.strip() or not value.strip():
            return f'"{name}" needs a value in quotes, like {{"Size": "M"}}.'
        if len(name) > OPTION_NAME_MAX or len(value) > OPTION_VALUE_MAX:
            return f"Names are at most {OPTION_NAME_MAX} characters, values {OPTION_VALUE_MAX}."
        if allowed and name not in allowed:
            return f'"{name}" is not an option of this category; its options are {", ".join(allowed)}.'
    return None


class ProductVariant(Orderable):
    """What is bought: one combination of the product's options (``{"Size": "M", "Colour": "Red"}``), with its own
    SKU, optional price and image, and its own stock row and ledger (commerce). A product without options has
    exactly one variant, with empty options and the product's SKU."""

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    options = models.JSONField(default=dict, blank=True, help_text="Option name -> value, e.g. Size: M.")
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to sell at the product's price.",
    )
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Kept current by commerce's stock services (like Product.in_stock), so pricing never joins stock.
    in_stock = models.BooleanField(default=False, editable=False)

    wagtail_reference_index_ignore = True

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="variant_price_not_negative"
            ),
            # On the options' text (jsonb's is normalized): a JSON column in ``fields`` would break formset checks.
            models.UniqueConstraint(
                "product", Cast("options", output_field=models.TextField()), name="variant_options_unique_per_product"
            ),
        ]

    def __str__(self):
        return f"{self.sku} {self.label}".strip()

    def clean(self):
        super().clean()
        error = options_error(self.options)  # the category's option types: ProductAdminForm (it knows the category)
        if error:
            raise ValidationError({"options": error})

    @property
    def label(self) -> str:
        """ "Size: M, Colour: Red" (empty for a product without options)."""
        return ", ".join(f"{name}: {value}" for name, value in (self.options or {}).items())

    def unit_price(self, product: Product | None = None) -> Decimal:
        """The variant's list price: its own, else the product's."""
        return self.price if self.price is not None else (product or self.product).price


class ProductImage(Orderable):
    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(max_length=250, blank=True, help_text="Describes the image for screen readers.")

    def __str__(self):
        return f"{self.product} #{self.sort_order}"


class Review(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["product", "user"], name="review_one_per_user_per_product"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["product", "status", "-created_at"], name="review_product_status_idx")]

    def __str__(self):
        return f"{self.rating}* {self.title}"


class DiscountKind(models.TextChoices):
    """A percentage or a fixed amount off: catalog discounts and commerce's coupons both use it."""

    PERCENTAGE = "percentage", "Percentage"
    FIXED = "fixed", "Fixed amount"


def promotion_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The database's half of ``PromotionTerms``' rules, named ``<prefix>_...`` (one set per concrete model)."""
    return [
        models.CheckConstraint(condition=Q(value__gt=0), name=f"{prefix}_value_positive"),
        models.CheckConstraint(
            condition=~Q(kind=DiscountKind.PERCENTAGE) | Q(value__lte=100), name=f"{prefix}_percentage_at_most_100"
        ),
        models.CheckConstraint(
            condition=ends_after_start_q(),
            name=f"{prefix}_ends_after_start",
        ),
    ]


class PromotionTerms(models.Model):
    """What discounts and coupons share: a kind, a value and a window, checked to the second on every read.

    Abstract, here beside ``Discount`` so that commerce's ``Coupon`` takes it from the catalog (commerce depends on
    the catalog, never the reverse)."""

    kind = models.CharField(max_length=12, choices=DiscountKind.choices, default=DiscountKind.PERCENTAGE)
    value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Percent off (1-100) or an amount off in the store's currency.",
    )
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Valid from this moment (empty: at once).")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Valid until this moment (empty: no end).")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == DiscountKind.PERCENTAGE and self.value is not None and self.value > 100:
            errors["value"] = "A percentage cannot exceed 100."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must come after the start."
        if errors:
            raise ValidationError(errors)

    def is_valid_at(self, at) -> bool:
        return in_window(self.starts_at, self.ends_at, at)


class DiscountQuerySet(models.QuerySet):
    def active(self, at):
        """Discounts that price products at ``at``: published (live), switched on, inside their window."""
        return self.filter(window_q(at), live=True, is_active=True)


class Discount(DraftStateMixin, RevisionMixin, PreviewableMixin, PromotionTerms, ClusterableModel):
    """A catalog discount: percentage or fixed amount off each product in its scope, inside its window.

    Scope: the products listed, the products of the brands listed, and of the categories listed *and their
    descendants*; all three empty means the whole catalog. ``catalog.pricing`` applies, per product, the one
    active discount giving the lowest price (never two); ``priority`` only breaks ties between discounts
    giving the same price (higher first, then the older discount).

    Drafts: the row holds the published version; a merchandiser's unpublished changes wait in revisions (the
    scope M2Ms are ParentalManyToManyFields so they travel with the revision). The sale's schedule is the
    ``starts_at``/``ends_at`` window, applied on every read to the second: no publishing job is involved.

    It was commerce's until #13; it came here with its rows, revisions and permissions (catalog migration 0005).
    """

    Kind = DiscountKind

    name = models.CharField(max_length=120, help_text="Shown to shoppers, e.g. 'Summer sale'.")
    categories = ParentalManyToManyField(
        "catalog.Category", blank=True, related_name="discounts", help_text="Includes their subcategories."
    )
    brands = ParentalManyToManyField("catalog.Brand", blank=True, related_name="discounts")
    products = ParentalManyToManyField("catalog.Product", blank=True, related_name="discounts")
    priority = models.SmallIntegerField(
        default=0, help_text="Only breaks ties: when two discounts give the same price, the higher priority is shown."
    )
    is_active = models.BooleanField(default=True, help_text="Switch the discount off without deleting it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="discount")

    objects = DiscountQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "id"]
        constraints = promotion_constraints("discount")
        indexes = [models.Index(fields=["live", "is_active", "ends_at"], name="discount_current_idx")]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "catalog/previews/discount.html"

    def get_preview_context(self, request, mode_name):
        from catalog.pricing import preview_discount

        return {**super().get_preview_context(request, mode_name), "preview": preview_discount(self)}
