"""Shared catalog reads for the API, the server-rendered pages and other apps (cart lines, home teasers).

Querysets come with everything their read models need already joined or prefetched, so rendering a page
of N products costs the same number of queries for any N. The ``*_data`` functions build the contract's
JSON shapes (plain dicts) from those objects.

The API's product listing reads plain rows (``product_list_rows``, no joins, no model instances); what a
summary shows beside the row (brand and category names, the summary image) is read for the whole page at once,
and remembered until the catalog version moves (``catalog.memo``). Renditions come with their images the way
Wagtail's ``prefetch_renditions`` fetches them.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Value, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html

from catalog import facets, pricing
from catalog.facets import subtree_product_count
from catalog.filters import ProductFilterSet, apply_product_filters, clean_product_params, filter_products
from catalog.listing import listing_rows
from catalog.memo import remembered
from catalog.models import Brand, Category, Discount, Product, ProductImage, ProductVariant, Review
from catalog.variants import options_of
from storefront.errors import NotFound

# One rendition per use keeps what must be prefetched (and generated) small.
SUMMARY_IMAGE_SPEC = "max-600x600"
DETAIL_IMAGE_SPEC = "max-1200x1200"
LOGO_SPEC = "max-400x400"


def _renditions(*specs: str, lookup: str = "image__renditions") -> Prefetch:
    """Wagtail's ``prefetch_renditions(*specs)`` through a relation to the image (that method is on image
    querysets only): the renditions go where ``get_renditions`` looks for them first."""
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


def _first_images(product_ids: Iterable[int]) -> QuerySet[ProductImage]:
    """Each product's first image (lowest sort order) with its Wagtail image and summary rendition: two
    queries for any number of products (a window function picks the first, not one query each)."""
    return (
        ProductImage.objects.filter(product_id__in=list(product_ids))
        .order_by()
        .annotate(position=Window(RowNumber(), partition_by=F("product_id"), order_by=[F("sort_order"), F("id")]))
        .filter(position=1)
        .select_related("image")
        .prefetch_related(_renditions(SUMMARY_IMAGE_SPEC))
    )


def attach_first_images(products: list[Product]) -> None:
    """Set ``product.first_images`` (the first image, or nothing) on each product, in two queries."""
    pending = [p for p in products if not hasattr(p, "first_images")]
    if not pending:
        return
    by_product = {image.product_id: image for image in _first_images(p.id for p in pending)}
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


def product_list_rows(params: Mapping):
    """``product_list`` as summary rows (tuples, see ``SummaryRow``) for ``product_summaries``: a listing read
    without building a model instance per product (``catalog.listing``), for the paginator to count and slice.
    Raises InvalidInput like ``product_list``."""
    return listing_rows(params)


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


_UNREAD = object()


def brand_and_category_names(brand_ids: set[int], category_ids: set[int]) -> tuple[dict, dict]:
    """``({brand id: {slug, name}}, {category id: {slug, name}})``; what this process has not read under the
    current catalog version (``catalog.memo``) is read in one query (brands and categories together)."""
    memo = remembered.current()
    brands = {pk: memo.get(("brand", pk)) for pk in brand_ids}
    categories = {pk: memo.get(("category", pk)) for pk in category_ids}
    unread = [(Brand, "brand", [pk for pk, ref in brands.items() if ref is None]),
              (Category, "category", [pk for pk, ref in categories.items() if ref is None])]  # fmt: skip
    # One UNION ALL (ordering cleared: compound statements take none per part).
    parts = [
        model.objects.filter(pk__in=ids).order_by().annotate(kind=Value(kind)).values_list("kind", "pk", "slug", "name")
        for model, kind, ids in unread
        if ids
    ]
    if parts:
        for kind, pk, slug, name in parts[0].union(*parts[1:], all=True):
            ref = memo[kind, pk] = {"slug": slug, "name": name}
            (brands if kind == "brand" else categories)[pk] = ref
    return brands, categories


def summary_images(product_ids: list[int]) -> dict[int, dict | None]:
    """``{product id: image_data or None}``: each product's first image resized by SUMMARY_IMAGE_SPEC. What this
    process has not read under the current catalog version (``catalog.memo``) is read in two queries (a
    rendition not generated yet is made through Wagtail, with one more)."""
    memo = remembered.current()
    found = {pid: memo.get(("summary image", pid), _UNREAD) for pid in product_ids}
    unread = [pid for pid, image in found.items() if image is _UNREAD]
    if unread:
        images = {image.product_id: image for image in _first_images(unread)}
        for pid in unread:
            image = images.get(pid)
            data = image_data(image.image, SUMMARY_IMAGE_SPEC, image.alt_text) if image is not None else None
            found[pid] = memo["summary image", pid] = data
    # Copies: a caller may change its summary without changing what the next one gets.
    return {pid: dict(image) if image else None for pid, image in found.items()}


def product_images(product_id: int) -> tuple[list[dict], dict | None]:
    """A product's images resized by DETAIL_IMAGE_SPEC, in order, and its summary image (the first one's
    SUMMARY_IMAGE_SPEC rendition): two queries, unless this process read them under the current catalog
    version (``catalog.memo``)."""
    memo = remembered.current()
    if ("detail images", product_id) not in memo:
        memo["detail images", product_id] = _read_product_images(product_id)
    images, summary = memo["detail images", product_id]
    return [dict(image) for image in images], dict(summary) if summary else None


def _read_product_images(product_id: int) -> tuple[list[dict], dict | None]:
    images = list(
        ProductImage.objects.filter(product_id=product_id)
        .order_by("sort_order", "id")
        .select_related("image")
        .prefetch_related(_renditions(DETAIL_IMAGE_SPEC, SUMMARY_IMAGE_SPEC))
    )
    details = [image_data(image.image, DETAIL_IMAGE_SPEC, image.alt_text) for image in images]
    summary = image_data(images[0].image, SUMMARY_IMAGE_SPEC, images[0].alt_text) if images else None
    # An image whose file went missing is left out (image_data gave None), as in listings.
    return [image for image in details if image is not None], summary


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
