"""State-changing catalog operations: products, categories, brands, reviews and their moderation, stock flag,
discounts.

Each service is one transaction and raises ``storefront.errors`` domain errors (nothing is stored when it
raises). Product changes publish ``product.created/updated/deleted`` through the outbox, so subscribers hear
of them only after the commit. What the public catalog shows changing bumps the catalog cache version, also
after the commit (model saves via ``catalog.handlers``; moderation and the stock flag here).
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from catalog import pricing
from catalog.models import (
    ATTRIBUTE_NAME_MAX,
    ATTRIBUTE_VALUE_MAX,
    Brand,
    Category,
    Discount,
    Product,
    ProductVariant,
    Review,
)
from catalog.variants import ensure_default_variant, generate_variants, refresh_product, summarize
from catalog.version import invalidate_catalog
from storefront.errors import Conflict, InvalidInput, NotFound
from storefront.events import publish
from storefront.money import to_cents


class _Unset:
    def __repr__(self):
        return "UNSET"


UNSET: Final = _Unset()  # "not given" for partial updates, distinct from an explicit None

MAX_PRICE = Decimal("99999999.99")  # what Product.price (10 digits, 2 places) can hold
MAX_ATTRIBUTES = 50
REVIEW_EXISTS = "review_exists"

# --- validation helpers ---------------------------------------------------------------------------


def _required_text(value: str, *, attr: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("This field may not be blank.", code="blank", attr=attr)
    if len(value) > max_length:
        raise InvalidInput(f"Ensure this field has no more than {max_length} characters.", code="max_length", attr=attr)
    return value


def _slug(value: str, *, attr: str = "slug", max_length: int = 140) -> str:
    value = _required_text(value, attr=attr, max_length=max_length)
    try:
        validate_slug(value)
    except ValidationError as exc:
        raise InvalidInput("Enter a valid slug (letters, numbers, underscores or hyphens).", attr=attr) from exc
    return value


def _price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise InvalidInput("A valid number is required.", attr="price") from exc
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise InvalidInput(f"Enter a price between 0 and {MAX_PRICE}.", attr="price")
    if price != price.quantize(Decimal("0.01")):
        raise InvalidInput(
            "Ensure that there are no more than 2 decimal places.", code="max_decimal_places", attr="price"
        )
    return to_cents(price)


def _rich_text(value: str | None) -> str:
    # The same whitelist as the admin's editor: API input cannot smuggle scripts or event handlers into pages.
    return EditorHTMLConverter().to_database_format(value) if value else ""


def _attributes(value: Any) -> dict:
    if not isinstance(value, dict):
        raise InvalidInput("Expected an object of name: value pairs.", attr="attributes")
    if len(value) > MAX_ATTRIBUTES:
        raise InvalidInput(f"At most {MAX_ATTRIBUTES} attributes.", attr="attributes")
    cleaned = {}
    for name, item in value.items():
        name = str(name).strip()
        if not name or len(name) > ATTRIBUTE_NAME_MAX:
            raise InvalidInput(f"Attribute names are 1 to {ATTRIBUTE_NAME_MAX} characters.", attr="attributes")
        # Scalars only: a flat map is what listings filter on.
        if isinstance(item, bool | int | float) or (isinstance(item, str) and len(item) <= ATTRIBUTE_VALUE_MAX):
            cleaned[name] = item
        else:
            raise InvalidInput(
                f"Attribute {name!r} must be a string (≤ {ATTRIBUTE_VALUE_MAX} characters), number or boolean.",
                attr="attributes",
            )
    return cleaned


def _category(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise InvalidInput(f"Unknown category {slug!r}.", code="does_not_exist", attr="category")
    return category


def _brand(slug: str | None) -> Brand | None:
    if slug is None:
        return None
    brand = Brand.objects.filter(slug=slug).first()
    if brand is None:
        raise InvalidInput(f"Unknown brand {slug!r}.", code="does_not_exist", attr="brand")
    return brand


_UNIQUE_FIELD = re.compile(r"\b(sku|slug)\b")


def _save_unique(instance, *, fields: tuple[str, ...]) -> None:
    """Save ``instance`` in a savepoint; a unique violation on one of ``fields`` becomes a 400 on that field.

    The pre-check gives the friendly answer; the constraint catches two writers racing for one value.
    """
    model = type(instance)
    for field in fields:
        value = getattr(instance, field)
        if model._default_manager.filter(**{field: value}).exclude(pk=instance.pk).exists():
            raise InvalidInput(
                f"{model._meta.verbose_name} with this {field} already exists.", code="unique", attr=field
            )
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        match = _UNIQUE_FIELD.search(str(exc))
        field = match.group(1) if match and match.group(1) in fields else fields[0]
        raise InvalidInput(
            f"{model._meta.verbose_name} with this {field} already exists.", code="unique", attr=field
        ) from exc


def _visible_product(slug: str) -> Product:
    product = Product.objects.visible().filter(slug=slug).first()
    if product is None:
        raise NotFound("No product with this slug.")
    return product


def product_event_payload(product: Product) -> dict:
    return {"id": product.id, "slug": product.slug, "sku": product.sku}


# --- products -------------------------------------------------------------------------------------


@transaction.atomic
def create_product(
    *,
    name: str,
    sku: str,
    price: Decimal | str,
    category: str,
    slug: str | None = None,
    brand: str | None = None,
    description: str = "",
    attributes: dict | None = None,
    is_active: bool = True,
) -> Product:
    """Create a product (``category``/``brand`` are slugs; ``slug`` defaults to the slugified name).

    Guarantees: slug and SKU are unique (a race loser gets the same 400 as a plain duplicate), the price is
    0..99,999,999.99 in cents; ``product.created`` is published after commit. Raises InvalidInput with the
    offending field in ``attr``.
    """
    name = _required_text(name, attr="name", max_length=200)
    product = Product(
        name=name,
        slug=_slug(slug if slug is not None else slugify(name), max_length=220),
        sku=_required_text(sku, attr="sku", max_length=64),
        price=_price(price),
        category=_category(category),
        brand=_brand(brand),
        description=_rich_text(description),
        attributes=_attributes(attributes if attributes is not None else {}),
        is_active=is_active,
    )
    _check_variant_sku(product.sku)
    summarize(product)  # its from_price and listing sale price
    _save_unique(product, fields=("slug", "sku"))
    ensure_default_variant(product)
    publish("product.created", product_event_payload(product))
    return product


def _check_variant_sku(sku: str, *, product: Product | None = None) -> None:
    """A product's SKU is its optionless variant's too: it may not be another product's variant SKU."""
    taken = ProductVariant.objects.filter(sku=sku)
    if product is not None:
        taken = taken.exclude(product=product)
    if taken.exists():
        raise InvalidInput("A variant with this SKU already exists.", code="unique", attr="sku")


@transaction.atomic
def update_product(
    *,
    slug: str,
    name: str | _Unset = UNSET,
    new_slug: str | _Unset = UNSET,
    sku: str | _Unset = UNSET,
    price: Decimal | str | _Unset = UNSET,
    category: str | _Unset = UNSET,
    brand: str | _Unset | None = UNSET,
    description: str | _Unset = UNSET,
    attributes: dict | _Unset = UNSET,
    is_active: bool | _Unset = UNSET,
) -> Product:
    """Change the given fields of the (not deleted) product ``slug``; fields left UNSET keep their value.

    Guarantees: the row is locked for the change, unique slug/SKU as in ``create_product``;
    ``product.updated`` (with the changed field names) is published after commit when anything changed.
    Raises NotFound for an unknown or deleted product, InvalidInput for bad values.
    """
    product = Product.objects.select_for_update().filter(slug=slug, deleted_at__isnull=True).first()
    if product is None:
        raise NotFound("No product with this slug.")
    changes = {}
    if name is not UNSET:
        changes["name"] = _required_text(name, attr="name", max_length=200)
    if new_slug is not UNSET:
        changes["slug"] = _slug(new_slug, max_length=220)
    if sku is not UNSET:
        changes["sku"] = _required_text(sku, attr="sku", max_length=64)
    if price is not UNSET:
        changes["price"] = _price(price)
    if category is not UNSET:
        changes["category"] = _category(category)
    if brand is not UNSET:
        changes["brand"] = _brand(brand)
    if description is not UNSET:
        changes["description"] = _rich_text(description)
    if attributes is not UNSET:
        changes["attributes"] = _attributes(attributes)
    if is_active is not UNSET:
        changes["is_active"] = bool(is_active)

    changed = [field for field, value in changes.items() if _current(product, field) != _comparable(value)]
    if not changed:
        return product
    old_sku = product.sku
    for field in changed:
        setattr(product, field, changes[field])
    if "sku" in changed:
        _check_variant_sku(product.sku, product=product)
    if PRICED_FIELDS & set(changed):
        summarize(product)  # the row is locked: no variant change can slip in between
    _save_unique(product, fields=("slug", "sku"))
    if "sku" in changed:
        ensure_default_variant(product, old_sku=old_sku)
    publish("product.updated", {**product_event_payload(product), "changed": sorted(changed)})
    return product


# What a product's summary prices depend on, besides its variants and the discounts (``catalog.variants``).
PRICED_FIELDS = {"price", "brand", "category"}


def _current(product: Product, field: str):
    # Compare foreign keys by id: reading product.category would cost a query.
    return getattr(product, f"{field}_id") if field in ("category", "brand") else getattr(product, field)


def _comparable(value):
    return value.pk if isinstance(value, Category | Brand) else value


@transaction.atomic
def delete_product(*, slug: str) -> Product:
    """Soft-delete the product: it disappears from every public list, page, search and cart add; order
    lines that reference it stay intact. Publishes ``product.deleted`` after commit.
    Raises NotFound for an unknown or already deleted product.
    """
    product = Product.objects.select_for_update().filter(slug=slug, deleted_at__isnull=True).first()
    if product is None:
        raise NotFound("No product with this slug.")
    product.mark_deleted()
    product.save(update_fields=["deleted_at", "updated_at"])
    publish("product.deleted", product_event_payload(product))
    return product


@transaction.atomic
def sync_variants(product: Product, *, old_sku: str | None = None, grid: dict[str, list[str]] | None = None) -> None:
    """After the admin saved a product and its inline variants: a product left without variants gets its
    optionless one, that one follows a changed SKU, and ``grid`` (the "generate variants" field) adds the
    missing combinations. Raises InvalidInput for a grid that cannot be generated."""
    ensure_default_variant(product, old_sku=old_sku)
    if grid:
        generate_variants(product=product, grid=grid)
    refresh_product(product.pk)


def record_product_saved(product: Product, *, created: bool) -> None:
    """Publish ``product.created``/``product.updated`` for a product saved outside these services (the
    Wagtail admin's create/edit views call this from their hooks). Delivered after the caller's commit."""
    publish("product.created" if created else "product.updated", product_event_payload(product))


def record_product_deleted(product: Product) -> None:
    """Publish ``product.deleted`` for a product removed outside these services (the admin's delete hook)."""
    publish("product.deleted", product_event_payload(product))


# --- categories and brands ------------------------------------------------------------------------


@transaction.atomic
def create_category(
    *, name: str, slug: str | None = None, parent: str | None = None, description: str = ""
) -> Category:
    """Create a category at the root or under the category ``parent`` (a slug). Raises InvalidInput."""
    name = _required_text(name, attr="name", max_length=120)
    node = Category(name=name, slug=_slug(slug if slug is not None else slugify(name)), description=description)
    if Category.objects.filter(slug=node.slug).exists():
        raise InvalidInput("A category with this slug already exists.", code="unique", attr="slug")
    if parent is None:
        return Category.add_root(instance=node)
    parent_node = Category.objects.select_for_update().filter(slug=parent).first()
    if parent_node is None:
        raise InvalidInput(f"Unknown category {parent!r}.", code="does_not_exist", attr="parent")
    return parent_node.add_child(instance=node)


@transaction.atomic
def update_category(
    *, slug: str, name: str | _Unset = UNSET, new_slug: str | _Unset = UNSET, description: str | _Unset = UNSET
) -> Category:
    """Rename or describe a category (moving it in the tree is the admin's job). Raises NotFound/InvalidInput."""
    category = Category.objects.select_for_update().filter(slug=slug).first()
    if category is None:
        raise NotFound("No category with this slug.")
    if name is not UNSET:
        category.name = _required_text(name, attr="name", max_length=120)
    if new_slug is not UNSET:
        category.slug = _slug(new_slug)
    if description is not UNSET:
        category.description = description
    _save_unique(category, fields=("slug",))
    return category


@transaction.atomic
def move_category(*, category: Category, parent: Category | None) -> Category:
    """Move ``category`` (with its subtree) under ``parent``, or to the top level. Discounts scoped to a category
    cover its descendants, so the products that moved in or out of a discount's scope change listing price: the
    stored sale prices are refreshed after commit (``catalog.pricing``)."""
    if parent is not None and parent.path.startswith(category.path):
        raise InvalidInput("A category cannot be moved under itself or one of its subcategories.", attr="parent")
    current = category.get_parent(update=True)
    if (current and current.pk) == (parent and parent.pk):
        return category
    if parent is None:
        category.move(Category.get_last_root_node(), "last-sibling")
    else:
        category.move(Category.objects.get(pk=parent.pk), "last-child")
    category.refresh_from_db()
    invalidate_catalog()  # treebeard moves by queryset updates: no save signal tells the caches
    pricing.request_refresh()
    return category


@transaction.atomic
def create_brand(*, name: str, slug: str | None = None, description: str = "", logo=None) -> Brand:
    """Create a brand (``logo`` is a Wagtail image or None). Raises InvalidInput on a duplicate slug."""
    name = _required_text(name, attr="name", max_length=120)
    brand = Brand(
        name=name, slug=_slug(slug if slug is not None else slugify(name)), description=description, logo=logo
    )
    _save_unique(brand, fields=("slug",))
    return brand


@transaction.atomic
def update_brand(
    *,
    slug: str,
    name: str | _Unset = UNSET,
    new_slug: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    logo: Any = UNSET,
) -> Brand:
    """Change a brand's fields. Raises NotFound/InvalidInput."""
    brand = Brand.objects.select_for_update().filter(slug=slug).first()
    if brand is None:
        raise NotFound("No brand with this slug.")
    if name is not UNSET:
        brand.name = _required_text(name, attr="name", max_length=120)
    if new_slug is not UNSET:
        brand.slug = _slug(new_slug)
    if description is not UNSET:
        brand.description = description
    if logo is not UNSET:
        brand.logo = logo
    _save_unique(brand, fields=("slug",))
    return brand


# --- reviews --------------------------------------------------------------------------------------


@transaction.atomic
def submit_review(*, product_slug: str, user, rating: int, title: str, body: str) -> Review:
    """A signed-in customer reviews a visible product, once.

    Guarantees: rating is 1..5, title and body are not blank; a second review of the same product by the
    same user is a Conflict (``review_exists``) decided by the database's unique constraint, so two racing
    submissions store one review. The review waits for moderation unless CATALOG_REVIEWS_AUTO_APPROVE is on.
    Raises NotFound (unknown/hidden product), InvalidInput, Conflict; nothing is stored when it raises.
    """
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput("Rating must be a whole number from 1 to 5.", code="invalid", attr="rating")
    title = _required_text(title, attr="title", max_length=200)
    body = _required_text(body, attr="body", max_length=10_000)
    product = _visible_product(product_slug)
    auto_approve = getattr(settings, "CATALOG_REVIEWS_AUTO_APPROVE", False)
    review = Review(
        product=product,
        user=user,
        rating=rating,
        title=title,
        body=body,
        status=Review.Status.APPROVED if auto_approve else Review.Status.PENDING,
    )
    try:
        with transaction.atomic():
            review.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict("You have already reviewed this product.", code=REVIEW_EXISTS) from exc
    if auto_approve:
        _refresh_rating(product.pk)
    return review


def _moderate(review_id: int, status: str) -> Review:
    review = Review.objects.select_related("product").filter(pk=review_id).first()
    if review is None:
        raise NotFound("No review with this id.")
    # Lock the product first: concurrent moderations of one product then recompute one after the other.
    Product.objects.select_for_update().filter(pk=review.product_id).first()
    review.refresh_from_db(fields=["status"])
    if review.status == status:
        return review
    was_approved = review.status == Review.Status.APPROVED
    review.status = status
    review.save(update_fields=["status", "updated_at"])
    if was_approved or status == Review.Status.APPROVED:
        _refresh_rating(review.product_id)
    return review


def _refresh_rating(product_id: int) -> None:
    """Recompute one product's rating and review count from its approved reviews (caller holds the lock)."""
    aggregate = Review.objects.filter(product_id=product_id, status=Review.Status.APPROVED).aggregate(
        average=Avg("rating"), count=Count("id")
    )
    average = aggregate["average"]
    Product.objects.filter(pk=product_id).update(
        rating=to_cents(average) if average is not None else None,
        review_count=aggregate["count"],
        updated_at=timezone.now(),
    )
    invalidate_catalog()


@transaction.atomic
def approve_review(*, review_id: int) -> Review:
    """Publish a review: it shows in the product's reviews and counts in its rating (updated in this
    transaction). Idempotent. Raises NotFound."""
    return _moderate(review_id, Review.Status.APPROVED)


@transaction.atomic
def reject_review(*, review_id: int) -> Review:
    """Reject a review; if it was approved, the product's rating and count drop it. Idempotent. Raises NotFound."""
    return _moderate(review_id, Review.Status.REJECTED)


# --- discounts ------------------------------------------------------------------------------------
# Saving a discount moves the catalog version and queues the stored sale prices' refresh (catalog.discount_receivers).


def validate_model(instance, *, exclude: list[str] | None = None) -> None:
    """``instance.full_clean()``, its ValidationError as the domain's InvalidInput (the first message; attr = its
    field). Also for commerce's coupons, which share the discounts' terms."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            first, attr = errors[0], (None if field == "__all__" else field)
        else:
            first, attr = error.error_list[0], None
        raise InvalidInput(" ".join(first.messages), code=first.code or "invalid", attr=attr) from error


DISCOUNT_FIELDS = ("name", "kind", "value", "starts_at", "ends_at", "priority", "is_active")
SCOPE_MODELS = {"categories": Category, "brands": Brand, "products": Product}


def _scope_objects(name: str, slugs: list[str]) -> list:
    """Catalog objects for ``slugs``; an unknown slug is an InvalidInput on ``name``."""
    model = SCOPE_MODELS[name]
    rows = model.objects.filter(slug__in=slugs)
    if model is Product:
        rows = rows.filter(deleted_at__isnull=True)
    found = {obj.slug: obj for obj in rows}
    for index, slug in enumerate(slugs):
        if slug not in found:
            raise InvalidInput(
                f"Unknown {model._meta.verbose_name} {slug!r}.", code="invalid_choice", attr=f"{name}.{index}"
            )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _save_discount(discount: Discount, scopes: dict[str, list[str]]) -> Discount:
    for name, value in scopes.items():
        getattr(discount, name).set(_scope_objects(name, value))
    validate_model(discount)
    discount.save()  # a ClusterableModel: the scope M2Ms are written with it
    return discount


@transaction.atomic
def create_discount(**fields) -> Discount:
    """A new, published discount. ``categories``/``brands``/``products`` are slug lists (all empty: the whole
    catalog). Prices change at once (inside its window). Raises InvalidInput (attr = field) for bad values."""
    scopes = {name: fields.pop(name) for name in SCOPE_MODELS if name in fields}
    discount = Discount(**{name: value for name, value in fields.items() if name in DISCOUNT_FIELDS})
    return _save_discount(discount, scopes)


@transaction.atomic
def update_discount(*, discount: Discount, **fields) -> Discount:
    """Change a published discount's terms and/or scope (given as slug lists). Prices change at once."""
    discount = Discount.objects.select_for_update().get(pk=discount.pk)
    scopes = {name: fields.pop(name) for name in SCOPE_MODELS if name in fields}
    for name, value in fields.items():
        if name in DISCOUNT_FIELDS:
            setattr(discount, name, value)
    return _save_discount(discount, scopes)


@transaction.atomic
def delete_discount(*, discount: Discount) -> None:
    discount.delete()
