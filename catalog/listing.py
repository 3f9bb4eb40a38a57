"""The API's product listing rows: a ``values_list`` queryset of the summary columns (no joins, no model
instances) that Django's Paginator counts and slices.

One case gets a plan of its own, because it is a real plan win on a big catalog: **price order across a
subtree.** ``category=`` means the category and its descendants, an ``IN`` list, and PostgreSQL cannot read an
``IN`` list in the order of the (category, sale price) index: it would price-sort every product of the subtree.
Ordered by price, a page is instead merged from each category's first rows in index order (``UNION ALL`` of
per-category ``LIMIT``s, then a sort of those few): ``MergedPriceRows``. Building and compiling that statement
costs a few milliseconds per request, more than sorting a small subtree, so only subtrees of more than
MERGE_ABOVE products are merged.
"""

from collections.abc import Mapping

from django.db import connections
from django.db.models import QuerySet

from catalog.filters import ORDERINGS, apply_product_filters, clean_product_params
from catalog.memo import remembered
from catalog.models import Product

# What a summary shows of the product row itself, in ``selectors.SummaryRow``'s order.
SUMMARY_COLUMNS = (
    "id",
    "slug",
    "sku",
    "name",
    "from_price",
    "brand_id",
    "category_id",
    "rating",
    "review_count",
    "in_stock",
)
PRICE_ORDERINGS = ("price", "-price")
MAX_MERGED_CATEGORIES = 64  # beyond this many subtree categories, one sort is cheaper than that many index reads
# Products in the subtree. Bench (1k catalog, a 350-product subtree): merged 276 req/s, plain 545; the merge pays
# off on big subtrees (100k catalog), where the plain query sorts tens of thousands of rows per page.
MERGE_ABOVE = 5_000


def listing_rows(params: Mapping) -> "QuerySet | MergedPriceRows":
    """The rows of the listing ``params`` (validated: raises InvalidInput for a bad parameter)."""
    cleaned = clean_product_params(params)
    rows = apply_product_filters(Product.objects.visible(), cleaned).values_list(*SUMMARY_COLUMNS)
    categories = _merged_categories(cleaned, rows.db)
    return MergedPriceRows(rows, cleaned, categories) if categories else rows


def _merged_categories(cleaned: Mapping, db: str) -> list[int] | None:
    if cleaned.get("ordering") not in PRICE_ORDERINGS or cleaned.get("search") or not cleaned.get("category"):
        return None
    if not connections[db].features.supports_slicing_ordering_in_compound:
        return None
    ids = cleaned["category_ids"]
    if not 1 < len(ids) <= MAX_MERGED_CATEGORIES:
        return None
    return ids if _subtree_size(cleaned["category"], ids) > MERGE_ABOVE else None


def _subtree_size(slug: str, ids: list[int]) -> int:
    """How many products the subtree holds (any state: the size of the sort a plain query would do), remembered
    under the catalog version (``catalog.memo``)."""
    memo = remembered.current()
    key = ("subtree size", slug)
    if key not in memo:
        memo[key] = Product.objects.filter(category_id__in=ids).count()
    return memo[key]


class MergedPriceRows:
    """A price-ordered listing over several categories: counted as usual, each page merged from the
    categories' own first rows."""

    ordered = True  # for the Paginator

    def __init__(self, rows: QuerySet, cleaned: Mapping, category_ids: list[int]):
        self.rows = rows
        self.cleaned = cleaned
        self.category_ids = category_ids

    def count(self) -> int:
        return self.rows.count()

    def __len__(self):  # pragma: no cover - the paginator uses count()
        return self.count()

    def __getitem__(self, key: slice | int) -> list[tuple] | tuple:
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        if stop is None:
            return list(self.rows[start:])
        # Every part yields the ordering column, so the merged rows can be sorted on it.
        base = apply_product_filters(Product.objects.visible(), {**self.cleaned, "category": None})
        parts = [
            base.filter(category_id=category_id).values_list(*SUMMARY_COLUMNS, "sale_price")[:stop]
            for category_id in self.category_ids
        ]
        merged = parts[0].union(*parts[1:], all=True).order_by(*ORDERINGS[self.cleaned["ordering"]])[start:stop]
        return [row[: len(SUMMARY_COLUMNS)] for row in merged]
