"""Shared catalog reads for the API, the server-rendered pages and other apps (cart lines, home teasers).

Querysets come with everything their read models need already joined or prefetched, so rendering a page
of N products costs the same number of queries for any N. The ``*_data`` functions build the contract's
JSON shapes (plain dicts) from those objects.

The API's product listing is its hot path: it reads plain rows (``product_list_rows``, no joins, no model
instances), and what a summary shows beside the row (brand and category names, the summary image) comes from
per-process memos that hold until the catalog version moves (``catalog.memo``).
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.rich_text import expand_db_html

from catalog import facets, pricing
from catalog.facets import subtree_product_count
from catalog.filters import ProductFilterSet, apply_product_filters, clean_product_params, filter_products
from catalog.listing import ProductListing
from catalog.memo import VersionedMemo
from catalog.models import Brand, Category, Discount, Product, ProductImage, ProductVariant, Review
from catalog.variants import options_of
from storefront.errors import NotFound

# One rendition per use keeps what must be prefetched (and generated) small.
SUMMARY_IMAGE_SPEC = "max-600x600"
DETAIL_IMAGE_SPEC = "max-1200x1200"
LOGO_SPEC = "max-400x400"


def _renditions(*specs: str, lookup: str = "image__renditions") -> Prefetch:
    """Prefetch the renditions of these specs where Wagtail's ``get_renditions`` looks for them first."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return Prefetch(lookup, queryset=renditions, to_attr="prefetched_renditions")


# --- products -------------------------------------------------------------------------------------


def public_products() -> QuerySet[Product]:
    """Products shoppers may see (active, not deleted)."""
    return Product.objects.visible()


def with_summary_relations(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Join what a summary shows (brand, category); ``product_summaries`` adds the images (at most one query).

    The description is deferred (summaries don't show it; it is the widest column): read it per product and
    you pay a query each, so use ``product_detail`` for that."""
    return queryset.select_related("brand", "category").defer("description")


def attach_first_images(products: list[Product]) -> None:
    """Set ``product.first_images`` (the first image, or nothing) on each product, with its summary rendition,
    in two queries for any number of products."""
    pending = [p for p in products if not hasattr(p, "first_images")]
    if not pending:
        return
    # One row per product: the image with the lowest sort order (a window function, not one query each).
    first = (
        ProductImage.objects.filter(product_id__in=[p.id for p in pending])
        .annotate(position=Window(RowNumber(), partition_by=F("product_id"), order_by=[F("sort_order"), F("id")]))
        .filter(position=1)
        .select_related("image")
        .prefetch_related(_renditions(SUMMARY_IMAGE_SPEC))
    )
    by_product = {image.product_id: image for image in first}
    for product in pending:
        image = by_product.get(product.id)
        product.first_images = [image] if image is not None else []


def product_filterset(params: Mapping) -> ProductFilterSet:
    """The listing FilterSet bound to ``params`` (a QueryDict), for pages that render its form."""
    return ProductFilterSet(params, queryset=public_products())


def product_list(params: Mapping) -> QuerySet[Product]:
    """Visible products filtered and ordered by the contract's listing parameters (see ``catalog.filters``).

    Raises InvalidInput (attr = the parameter) for a malformed value, an unknown ordering, or an unknown
    category/brand slug.
    """
    return with_summary_relations(filter_products(public_products(), params))


def product_facets(params: Mapping) -> dict[str, list[dict]]:
    """The facet counts of the listing ``params`` (``catalog.facets``): per brand, per category one level down,
    per attribute value. Raises InvalidInput like ``product_list``."""
    cleaned = clean_product_params(params)
    return facets.product_facets(lambda changed: apply_product_filters(public_products(), changed), cleaned)


def product_list_rows(params: Mapping) -> ProductListing:
    """``product_list`` as summary rows (tuples, see ``SummaryRow``) for ``product_summaries``: a listing read
    without building a model instance per product, from prepared SQL (``catalog.listing``). Supports ``count()``
    and slicing, as the paginator needs. Raises InvalidInput like ``product_list``."""
    return ProductListing(params)


def product_detail(slug: str, *, include_inactive: bool = False) -> Product:
    """A visible product with brand, category and stock in one query (``product_detail_data`` adds the
    images). Raises NotFound.

    ``include_inactive`` (staff write answers only) also finds an inactive, not deleted product."""
    # No sale_price annotation: the detail is priced in Python (``pricing.price_product``), not filtered on it.
    products = Product.objects.visible() if not include_inactive else Product.objects.filter(deleted_at__isnull=True)
    product = (
        products.select_related("brand", "category").prefetch_related(product_variants()).filter(slug=slug).first()
    )
    if product is None:
        raise NotFound("No product with this slug.")
    return product


def product_variants() -> Prefetch:
    """A product's variants in order, each with its stock row (commerce's, by relation name) and its image's
    detail rendition: two queries, three when a variant has an image of its own."""
    images = get_image_model().objects.prefetch_renditions(DETAIL_IMAGE_SPEC)
    variants = (
        ProductVariant.objects.select_related("stock")
        .prefetch_related(Prefetch("image", queryset=images))
        .order_by("sort_order", "id")
    )
    return Prefetch("variants", queryset=variants)


def products_by_slugs(slugs: Iterable[str]) -> list[Product]:
    """Visible products for these slugs, in the given order, ready for ``product_summaries``."""
    slugs = list(slugs)
    found = {p.slug: p for p in with_summary_relations(public_products().filter(slug__in=slugs))}
    return [found[slug] for slug in slugs if slug in found]


# --- read models ----------------------------------------------------------------------------------


def image_data(image, spec: str, alt: str = "") -> dict | None:
    """``{url, width, height, alt}`` for ``image`` resized by ``spec``; None when there is no image (or its
    file went missing, which must not break a listing)."""
    if image is None:
        return None
    try:
        rendition = image.get_renditions(spec)[spec]
    except SourceImageIOError:
        return None
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.description or image.title,
    }


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


# SUMMARY_COLUMNS (``catalog.listing``): what a summary shows of the product row itself, read as plain rows in
# listings (``SummaryRow``'s order). The brand and category names come from ``brand_and_category_names``, so
# the listing query joins nothing.


class SummaryRow(NamedTuple):
    """A product as its summary needs it; also what ``pricing.price_products`` reads (id, from_price, brand_id,
    category_id)."""

    id: int
    slug: str
    sku: str
    name: str
    from_price: Decimal
    brand_id: int | None
    category_id: int
    rating: Decimal | None
    review_count: int
    in_stock: bool


def summary_row(product: Product) -> SummaryRow:
    """The summary row of a product instance."""
    return SummaryRow(
        product.id,
        product.slug,
        product.sku,
        product.name,
        product.from_price,
        product.brand_id,
        product.category_id,
        product.rating,
        product.review_count,
        product.in_stock,
    )


def _ref(obj) -> dict:
    return {"slug": obj.slug, "name": obj.name}


def _summary(row: SummaryRow, price: pricing.ProductPrice, image: dict | None, brand: dict | None, category: dict):
    return {
        "id": row.id,
        "slug": row.slug,
        "sku": row.sku,
        "name": row.name,
        "price": _money(price.price),
        "sale_price": _money(price.sale_price),
        "currency": settings.STORE_CURRENCY,
        "brand": dict(brand) if brand is not None else None,
        "category": dict(category),
        "image": image,
        "rating": _money(row.rating) if row.rating is not None else None,
        "review_count": row.review_count,
        "in_stock": row.in_stock,
    }


def product_summaries(products: Iterable[Product] | Iterable[tuple]) -> list[dict]:
    """Summaries of many products: instances from ``with_summary_relations``, or rows from
    ``product_list_rows``. Priced together (one pricing pass) and with their images in one query."""
    products = list(products)
    if not products:
        return []
    if isinstance(products[0], Product):
        rows = [summary_row(product) for product in products]
        brands = {p.brand_id: _ref(p.brand) for p in products if p.brand_id is not None}
        categories = {p.category_id: _ref(p.category) for p in products}
    else:
        rows = [SummaryRow._make(product) for product in products]
        brands, categories = brand_and_category_names(
            {row.brand_id for row in rows if row.brand_id is not None}, {row.category_id for row in rows}
        )
    images = summary_images([row.id for row in rows])
    prices = pricing.price_products(rows)
    return [
        _summary(row, prices[row.id], images[row.id], brands.get(row.brand_id), categories[row.category_id])
        for row in rows
    ]


# Brand and category ``{slug, name}`` by id: renaming either moves the catalog version.
_names = VersionedMemo(max_entries=20_000)


def brand_and_category_names(brand_ids: set[int], category_ids: set[int]) -> tuple[dict, dict]:
    """``({brand id: {slug, name}}, {category id: {slug, name}})``; what this process has not read under the
    current catalog version is read in one query (brands and categories together)."""
    memo = _names.current()
    brands = {pk: memo.get(("brand", pk)) for pk in brand_ids}
    categories = {pk: memo.get(("category", pk)) for pk in category_ids}
    unread_brands = [pk for pk, ref in brands.items() if ref is None]
    unread_categories = [pk for pk, ref in categories.items() if ref is None]
    if unread_brands or unread_categories:
        # One UNION ALL (ordering cleared: compound statements take none per part).
        parts = [
            model.objects.filter(pk__in=ids)
            .order_by()
            .annotate(kind=Value(kind))
            .values_list("kind", "pk", "slug", "name")
            for model, kind, ids in ((Brand, "brand", unread_brands), (Category, "category", unread_categories))
            if ids
        ]
        for kind, pk, slug, name in parts[0].union(*parts[1:], all=True):
            ref = memo[kind, pk] = {"slug": slug, "name": name}
            (brands if kind == "brand" else categories)[pk] = ref
    return brands, categories


# --- summary images without model instances --------------------------------------------------------


@cache
def _static_rendition_key(spec: str) -> str | None:
    """The ``focal_point_key`` of every rendition of ``spec`` when it does not depend on the image (no
    operation varies with the focal point, e.g. ``max-``): then the rendition can be joined in SQL."""
    if any(getattr(operation, "vary_fields", ()) for operation in Filter(spec).operations):
        return None
    return ""


def _rendition_relation(spec: str) -> FilteredRelation:
    """A product image's rendition of ``spec``, to join (when its focal point key is static, else nothing
    matches and Wagtail finds the rendition)."""
    key = _static_rendition_key(spec)
    if key is None:  # focal_point_key is never NULL: this joins nothing
        return FilteredRelation("image__renditions", condition=Q(image__renditions__focal_point_key__isnull=True))
    return FilteredRelation(
        "image__renditions", condition=Q(image__renditions__filter_spec=spec, image__renditions__focal_point_key=key)
    )


@cache
def _rendition_storage():
    return get_image_model().get_rendition_model()._meta.get_field("file").storage


# Summary images per product id: they change only with a save that moves the catalog version (a product
# image, an image), so listings read them from the database once per version and process.
_summary_images = VersionedMemo(max_entries=20_000)
_UNREAD = object()


def summary_images(product_ids: list[int]) -> dict[int, dict | None]:
    """``{product id: image_data or None}``: each product's first image resized by SUMMARY_IMAGE_SPEC.

    What this process has not read under the current catalog version is read in one query: the first images
    joined with their renditions, as rows. A rendition not generated yet (a new image) is made through
    Wagtail, with one more query."""
    memo = _summary_images.current()
    found = {product_id: memo.get(product_id, _UNREAD) for product_id in product_ids}
    unread = [product_id for product_id, image in found.items() if image is _UNREAD]
    if unread:
        read = _read_summary_images(unread)
        for product_id in unread:
            found[product_id] = memo[product_id] = read.get(product_id)
    # Copies: a caller may change its summary without changing what the next one gets.
    return {product_id: dict(image) if image else None for product_id, image in found.items()}


def _read_summary_images(product_ids: list[int]) -> dict[int, dict | None]:
    rows = (
        ProductImage.objects.filter(product_id__in=product_ids)
        .order_by()
        .annotate(position=Window(RowNumber(), partition_by=F("product_id"), order_by=[F("sort_order"), F("id")]))
        .filter(position=1)
        .annotate(rendition=_rendition_relation(SUMMARY_IMAGE_SPEC))
        .values_list(
            "product_id",
            "image_id",
            "alt_text",
            "image__description",
            "image__title",
            "rendition__file",
            "rendition__width",
            "rendition__height",
        )
    )
    rows = _with_originals(list(rows), 1, lambda _, row: not row[5])
    return {product_id: _rendition_data(SUMMARY_IMAGE_SPEC, *row) for product_id, *row in rows}


def _with_originals(rows: list[tuple], image_id_at: int, missing) -> list[tuple]:
    """``rows`` with the Wagtail image (or None) appended to each: read in one query, only for the rows where
    ``missing(position, row)`` says a rendition it needs was not joined (not generated yet, or not joinable)."""
    wanted = {row[image_id_at] for position, row in enumerate(rows) if missing(position, row)}
    originals = get_image_model().objects.in_bulk(wanted) if wanted else {}
    return [(*row, originals.get(row[image_id_at])) for row in rows]


def _rendition_data(spec, image_id, alt, description, title, file, width, height, original) -> dict | None:
    """``image_data`` from a row of an image joined with its rendition of ``spec``; through Wagtail (which
    makes the rendition) when the join found none."""
    alt = alt or description or title
    if file and _static_rendition_key(spec) is not None:
        return {"url": _rendition_storage().url(file), "width": width, "height": height, "alt": alt}
    return image_data(original, spec, alt)


# A product's images (DETAIL_IMAGE_SPEC) for its detail, per product id, remembered like the summary images.
_detail_images = VersionedMemo(max_entries=5_000)


def product_images(product_id: int) -> tuple[list[dict], dict | None]:
    """A product's images resized by DETAIL_IMAGE_SPEC, in order, and its summary image: what this process has
    not read under the current catalog version is read in one query (images joined with both renditions)."""
    details, summaries = _detail_images.current(), _summary_images.current()
    images, summary = details.get(product_id), summaries.get(product_id, _UNREAD)
    if images is None or summary is _UNREAD:
        images, summary = _read_product_images(product_id)
        details[product_id], summaries[product_id] = images, summary
    return [dict(image) for image in images], dict(summary) if summary else None


def _read_product_images(product_id: int) -> tuple[list[dict], dict | None]:
    rows = (
        ProductImage.objects.filter(product_id=product_id)
        .order_by("sort_order", "id")
        .annotate(detail=_rendition_relation(DETAIL_IMAGE_SPEC), summary=_rendition_relation(SUMMARY_IMAGE_SPEC))
        .values_list(
            "image_id",
            "alt_text",
            "image__description",
            "image__title",
            "summary__file",
            "summary__width",
            "summary__height",
            "detail__file",
            "detail__width",
            "detail__height",
        )
    )
    # Every image needs its detail rendition; the first one also its summary rendition.
    rows = _with_originals(list(rows), 0, lambda position, row: not row[7] or (position == 0 and not row[4]))
    images = [_rendition_data(DETAIL_IMAGE_SPEC, *row[:4], *row[-4:]) for row in rows]
    summary = _rendition_data(SUMMARY_IMAGE_SPEC, *rows[0][:7], rows[0][-1]) if rows else None
    # An image whose file went missing is left out (image_data gave None), as in listings.
    return [image for image in images if image is not None], summary


def product_detail_data(product: Product) -> dict:
    """The contract's product detail. ``product`` comes from ``product_detail``."""
    price = pricing.price_product(product)
    variants = variant_data(product)
    images, summary_image = product_images(product.id)
    discount = price.discount
    return {
        **_summary(
            summary_row(product),
            price,
            summary_image,
            _ref(product.brand) if product.brand_id is not None else None,
            _ref(product.category),
        ),
        "description": expand_db_html(product.description),
        "images": images,
        "attributes": product.attributes or {},
        "available": sum(variant["available"] for variant in variants),
        "options": options_of(product.variants.all()),
        "variants": variants,
        "discount": (
            {"name": discount.name, "kind": discount.kind, "value": _money(discount.value)} if discount else None
        ),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


def variant_data(product: Product) -> list[dict]:
    """The detail's ``variants``: each priced like a cart line, with what can be bought of it now."""
    variants = list(product.variants.all())
    for variant in variants:
        variant.product = product  # the one already read: pricing reads its brand and category ids
    prices = pricing.price_variants(variants)
    return [
        {
            "sku": variant.sku,
            "options": dict(variant.options or {}),
            "price": _money(prices[variant.id].price),
            "sale_price": _money(prices[variant.id].sale_price),
            "available": _available(variant),
            "in_stock": variant.in_stock,
            "image": image_data(variant.image, DETAIL_IMAGE_SPEC) if variant.image_id else None,
        }
        for variant in variants
    ]


def _available(variant: ProductVariant) -> int:
    try:
        stock = variant.stock  # select_related fetched it, or its absence
    except ObjectDoesNotExist:
        return 0  # commerce creates the stock row with the variant; until then nothing can be bought
    return max(stock.available, 0)


# --- categories -----------------------------------------------------------------------------------


def with_product_counts(categories: QuerySet[Category]) -> QuerySet[Category]:
    """``categories`` each annotated with ``product_count``: the visible products in it and its descendants,
    counted inside the same query (for lists, details and home-page teasers alike)."""
    return categories.annotate(product_count=subtree_product_count(Product.objects.visible()))


def category_list() -> QuerySet[Category]:
    """All categories in tree order (depth first), each annotated with its ``parent_slug`` and ``product_count``."""
    # Treebeard: the parent's path is this path minus one step, an indexed lookup inside the same query.
    parent = Category.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Category.steplen)
    ).values("slug")[:1]
    return with_product_counts(Category.objects.annotate(parent_slug=Subquery(parent)).order_by("path"))


def category_detail(slug: str) -> Category:
    category = with_product_counts(Category.objects.filter(slug=slug)).first()
    if category is None:
        raise NotFound("No category with this slug.")
    return category


def category_data(category: Category, *, parent: str | None, product_count: int) -> dict:
    return {
        "slug": category.slug,
        "name": category.name,
        "parent": parent,
        "description": category.description,
        "product_count": product_count,
    }


def category_list_data(categories: Iterable[Category]) -> list[dict]:
    """List items of categories from ``category_list()``."""
    return [category_data(c, parent=c.parent_slug, product_count=c.product_count) for c in categories]


def category_detail_data(category: Category) -> dict:
    """The detail of a category from ``category_detail()``."""
    ancestors = list(category.get_ancestors().values("slug", "name")) if category.depth > 1 else []
    children = list(category.get_children().values("slug", "name"))
    return {
        **category_data(
            category, parent=ancestors[-1]["slug"] if ancestors else None, product_count=category.product_count
        ),
        "ancestors": ancestors,
        "children": children,
    }


# --- brands ---------------------------------------------------------------------------------------


def brand_list() -> QuerySet[Brand]:
    logos = get_image_model().objects.prefetch_related(_renditions(LOGO_SPEC, lookup="renditions"))
    return Brand.objects.order_by("name", "id").prefetch_related(Prefetch("logo", queryset=logos))


def brand_detail(slug: str) -> Brand:
    brand = brand_list().filter(slug=slug).first()
    if brand is None:
        raise NotFound("No brand with this slug.")
    return brand


def brand_data(brand: Brand) -> dict:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "description": brand.description,
        "logo": image_data(brand.logo, LOGO_SPEC, brand.name),
    }


# --- reviews --------------------------------------------------------------------------------------


def approved_reviews(product_slug: str) -> QuerySet[Review]:
    """Approved reviews of a visible product, newest first. Raises NotFound for an unknown/hidden product."""
    product_id = Product.objects.visible().filter(slug=product_slug).values_list("id", flat=True).first()
    if product_id is None:
        raise NotFound("No product with this slug.")
    return (
        Review.objects.filter(product_id=product_id, status=Review.Status.APPROVED)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


def author_name(user) -> str:
    """How a reviewer is shown: first name and last initial, never the email address."""
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if first:
        return f"{first} {last[0]}." if last else first
    return "Customer"


def review_data(review: Review) -> dict:
    return {
        "id": review.id,
        "rating": review.rating,
        "title": review.title,
        "body": review.body,
        "author_name": author_name(review.user),
        "created_at": review.created_at,
    }


# --- Discounts ------------------------------------------------------------------------------------


def _with_scope_slugs(discounts: QuerySet[Discount]) -> QuerySet[Discount]:
    """Discounts with their scope's slugs prefetched (three queries for any number of discounts)."""
    return discounts.prefetch_related(
        Prefetch("categories", queryset=Category.objects.only("id", "slug").order_by("slug")),
        Prefetch("brands", queryset=Brand.objects.only("id", "slug").order_by("slug")),
        Prefetch(
            "products", queryset=Product.objects.filter(deleted_at__isnull=True).only("id", "slug").order_by("slug")
        ),
    )


def active_discounts(*, at=None) -> QuerySet[Discount]:
    """Discounts pricing the catalog now: published, switched on, inside their window; soonest ending first."""
    at = at or timezone.now()
    discounts = Discount.objects.active(at).order_by(F("ends_at").asc(nulls_last=True), "-priority", "id")
    return _with_scope_slugs(discounts)


def all_discounts() -> QuerySet[Discount]:
    """Every discount (drafts, switched off, past and future ones), newest first: for staff."""
    return _with_scope_slugs(Discount.objects.order_by("-created_at", "-id"))


def discount_or_404(discount_id: int) -> Discount:
    discount = _with_scope_slugs(Discount.objects.filter(pk=discount_id)).first()
    if discount is None:
        raise NotFound("Discount not found.")
    return discount
