"""Product variants: the one place that knows how a product's variants make up what it shows and sells.

- Every product has at least one variant; one without options has exactly one, with the product's SKU
  (``ensure_default_variant``, called by the product services and the admin after a save).
- A product's ``in_stock``, ``from_price`` (the lowest variant price over the variants in stock, else over
  all) and the listing's ``sale_price`` (``catalog.pricing``) are derived from its variants by ``summarize``:
  ``refresh_product`` stores them, called by the product services after a save and whenever a variant or its
  stock flag changes.
- ``generate_variants`` makes one variant per combination of option values (the admin's "generate variants").
- ``variant_for`` resolves what a cart line or a stock endpoint names: a variant SKU, or a product slug when the
  product has only one variant (else ``variant_required``).
"""

import itertools
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from catalog import pricing
from catalog.models import Category, Product, ProductVariant, options_error
from catalog.version import invalidate_catalog
from storefront.errors import InvalidInput, NotFound

VARIANT_REQUIRED = "variant_required"
MAX_VARIANTS = 100  # per product: an option grid beyond this is a catalog import, not an admin click


# --- the product's summary of its variants ----------------------------------------------------------


def summary_of(price: Decimal, variants: Iterable[tuple[Decimal | None, bool]]) -> tuple[bool, Decimal]:
    """``(in_stock, from_price)`` for a product at ``price`` from its variants' ``(price, in_stock)``."""
    variants = list(variants)
    in_stock = [own if own is not None else price for own, stocked in variants if stocked]
    every = [own if own is not None else price for own, _ in variants]
    return bool(in_stock), min(in_stock or every or [price])


def summarize(product: Product) -> None:
    """Set ``product.in_stock``, ``from_price`` and ``sale_price`` from its saved variants (an unsaved product:
    from its own price and flag) and the discounts running now."""
    if product.pk:
        product.in_stock, product.from_price = summary_of(
            product.price, product.variants.values_list("price", "in_stock")
        )
    else:
        product.from_price = product.price
    product.sale_price = pricing.stored_sale_price(product)


@transaction.atomic
def refresh_product(product_id: int) -> None:
    """Store a product's summary (``summarize``) after it or one of its variants changed. The product row is
    locked before the variants are read, so two sales flipping two variants of one product at once cannot both
    read the old flags."""
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        return  # being deleted
    before = (product.in_stock, product.from_price, product.sale_price)
    summarize(product)
    if before != (product.in_stock, product.from_price, product.sale_price):
        product.save(update_fields=["in_stock", "from_price", "sale_price", "updated_at"])


def set_variant_in_stock(*, variant_id: int, in_stock: bool) -> bool:
    """Set ``ProductVariant.in_stock`` (called by commerce's stock services when a variant's stock crosses zero)
    and the product's summary with it. A no-op when the flag already has that value. Returns whether it changed."""
    with transaction.atomic():
        changed = ProductVariant.objects.filter(pk=variant_id).exclude(in_stock=in_stock).update(in_stock=in_stock)
        if changed:
            product_id = ProductVariant.objects.filter(pk=variant_id).values_list("product_id", flat=True).first()
            refresh_product(product_id)
            invalidate_catalog()  # the variant's own flag is on the product's detail
    return bool(changed)


@transaction.atomic
def ensure_default_variant(product: Product, *, old_sku: str | None = None) -> None:
    """A product with no variant gets one (no options, the product's SKU); the one optionless variant of a product
    follows the product's SKU when it changes (``old_sku``)."""
    variants = list(product.variants.all()[:2])
    if not variants:
        ProductVariant.objects.create(product=product, sku=product.sku, options={}, sort_order=0)
        return
    only = variants[0] if len(variants) == 1 and not variants[0].options else None
    if only is not None and only.sku == old_sku and only.sku != product.sku:
        ProductVariant.objects.filter(pk=only.pk).update(sku=product.sku)


# --- options -----------------------------------------------------------------------------------------


def options_of(variants: Iterable[ProductVariant]) -> list[dict]:
    """The product's options, ``[{name, values}]``, in the order its variants (by sort order) first use them."""
    options: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in (variant.options or {}).items():
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    return [{"name": name, "values": values} for name, values in options.items()]


def clean_options(value, *, allowed: list[str] | tuple = (), attr: str = "options") -> dict:
    """``value`` if it is valid options (``models.options_error``, the one rule), else InvalidInput."""
    error = options_error(value, allowed)
    if error:
        raise InvalidInput(error, attr=attr)
    return value


def parse_option_grid(text: str) -> dict[str, list[str]]:
    """The admin's option grid, one option per line: ``Size: S, M, L`` -> ``{"Size": ["S", "M", "L"]}``."""
    grid: dict[str, list[str]] = {}
    for number, line in enumerate(filter(None, (line.strip() for line in text.splitlines())), start=1):
        name, sep, values = line.partition(":")
        values = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not name.strip() or not values:
            raise InvalidInput(f"Line {number}: write it as 'Size: S, M, L'.", attr="options")
        grid[name.strip()] = list(dict.fromkeys(values))
    if not grid:
        raise InvalidInput("Give at least one option, e.g. 'Size: S, M, L'.", attr="options")
    return grid


def combination_sku(product_sku: str, values: Iterable[str]) -> str:
    suffix = "-".join(re.sub(r"[^A-Z0-9]+", "", slugify(v).upper()) or "X" for v in values)
    return f"{product_sku}-{suffix}"[:64]


def check_grid(
    *, sku: str, grid: dict[str, list[str]], category: Category, product_id: int | None = None
) -> list[dict]:
    """The combinations of ``grid`` for a product with this SKU in ``category``, checked before anything is written
    (the admin's form asks too, so a refusal is a form error, not a failed save): at most MAX_VARIANTS, each valid
    options of the category, and no generated SKU another product's variant has. Raises InvalidInput."""
    allowed = category.allowed_options()
    clean_options({name: values[0] for name, values in grid.items() if values}, allowed=allowed)
    combinations = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    if len(combinations) > MAX_VARIANTS:
        raise InvalidInput(f"At most {MAX_VARIANTS} variants per product.", code="max_length", attr="options")
    for options in combinations:
        clean_options(options, allowed=allowed)
    taken = ProductVariant.objects.filter(sku__in=[combination_sku(sku, o.values()) for o in combinations])
    if product_id is not None:
        taken = taken.exclude(product_id=product_id)
    if taken.exists():
        raise InvalidInput("A generated SKU is already taken; rename the product's SKU first.", attr="options")
    return combinations


@transaction.atomic
def generate_variants(*, product: Product, grid: dict[str, list[str]]) -> list[ProductVariant]:
    """One variant per combination of ``grid``'s values that the product does not have yet, SKU
    ``<product SKU>-<values>``, at the product's price. A product's one optionless variant becomes the first
    combination (its stock and ledger stay with it). Returns the variants created or converted.

    Raises InvalidInput for a grid that is too big or malformed, or a generated SKU that is taken."""
    combinations = check_grid(sku=product.sku, grid=grid, category=product.category, product_id=product.pk)
    product = Product.objects.select_for_update().get(pk=product.pk)
    variants = list(product.variants.all())
    have = [variant.options for variant in variants]
    fresh = [options for options in combinations if options not in have]
    made = []
    next_order = max((v.sort_order or 0 for v in variants), default=0) + 1
    try:
        with transaction.atomic():
            if len(variants) == 1 and not variants[0].options and fresh:
                variant = variants[0]
                variant.options = fresh.pop(0)
                variant.sku = combination_sku(product.sku, variant.options.values())
                variant.sort_order = 0
                variant.save(update_fields=["options", "sku", "sort_order"])
                made.append(variant)
            for offset, options in enumerate(fresh):
                made.append(
                    ProductVariant.objects.create(
                        product=product,
                        sku=combination_sku(product.sku, options.values()),
                        options=options,
                        sort_order=next_order + offset,
                    )
                )
    except IntegrityError as exc:
        raise InvalidInput("A generated SKU is already taken; rename the product's SKU first.", attr="options") from exc
    refresh_product(product.pk)
    return made


# --- resolving what a client names -------------------------------------------------------------------


def variant_for(*, product_slug: str | None = None, sku: str | None = None, visible: bool = True) -> ProductVariant:
    """The variant named by its ``sku``, or by ``product_slug`` when that product has exactly one variant.

    Raises NotFound (attr ``variant``/``product``) for an unknown one (or one of a hidden product when
    ``visible``), InvalidInput variant_required when the product has several variants and none was chosen."""
    variants = ProductVariant.objects.select_related("product")
    if visible:
        variants = variants.filter(product__is_active=True, product__deleted_at__isnull=True)
    else:
        variants = variants.filter(product__deleted_at__isnull=True)
    if sku:
        variant = variants.filter(sku=sku).first()
        if variant is None or (product_slug and variant.product.slug != product_slug):
            raise NotFound("Variant not found.", attr="variant")
        return variant
    found = list(variants.filter(product__slug=product_slug or "").order_by("sort_order", "id")[:2])
    if not found:
        raise NotFound("Product not found.", attr="product")
    if len(found) > 1:
        raise InvalidInput(
            "This product comes in several variants: choose one (its SKU in 'variant').",
            code=VARIANT_REQUIRED,
            attr="variant",
        )
    return found[0]


def variant_or_404(key: str, *, visible: bool = False) -> ProductVariant:
    """What a stock endpoint's key names: a product slug (with one variant) first, else a variant SKU."""
    try:
        return variant_for(product_slug=key, visible=visible)
    except NotFound:
        pass
    try:
        return variant_for(sku=key, visible=visible)
    except NotFound:
        raise NotFound("No stock for this product or variant.") from None
