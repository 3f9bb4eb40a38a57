"""The API's product listing rows: the catalog's hot path, kept cheap in two ways.

* **Prepared SQL.** A listing's SQL depends only on its query parameters, the catalog version (slugs become
  ids) and the discount snapshot (how prices are read). The ORM builds and compiles it once per process,
  parameters and page; later requests only run it. Prepared queries live in a ``VersionedMemo`` (emptied
  when the catalog version moves) under the snapshot they were built with. Searches are not prepared: a
  search backend other than the database answers with ids that change without the catalog version moving.
* **Price order across a subtree.** ``category=`` means the category and its descendants, an ``IN`` list,
  and PostgreSQL cannot read an ``IN`` list in the order of the (category, sale price) index: it would
  price-sort every product of the subtree. Ordered by price, the page is instead merged from each
  category's first rows in index order (``UNION ALL`` of per-category ``LIMIT``s, then a sort of those few).
"""

from collections.abc import Mapping

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from catalog.filters import ORDERINGS, apply_product_filters, clean_product_params, listing_params, subtree_category_ids
from catalog.memo import VersionedMemo
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
MAX_PAGES = 8  # compiled page queries kept per listing
MAX_MERGED_CATEGORIES = 64  # beyond this many subtree categories, one sort is cheaper than that many index reads

# Bounded (entries x pages) so a crawler walking every filter and page cannot grow a process much: the hot
# listings and their first pages fit, the long tail is built again (about 20 KiB a listing and page).
_prepared = VersionedMemo(max_entries=256)


def _visible_rows() -> QuerySet:
    return Product.objects.visible()


class _Prepared:
    """One listing (validated parameters): its queryset, and its compiled page queries by (start, stop)."""

    def __init__(self, cleaned: dict):
        self.cleaned = cleaned
        self.queryset = apply_product_filters(_visible_rows(), cleaned).values_list(*SUMMARY_COLUMNS)
        self.merged_categories = self._merged_categories()
        self.pages: dict[tuple[int, int | None], tuple] = {}

    def _merged_categories(self) -> list[int] | None:
        cleaned = self.cleaned
        if cleaned.get("ordering") not in PRICE_ORDERINGS or cleaned.get("search") or not cleaned.get("category"):
            return None
        if not connections[self.queryset.db].features.supports_slicing_ordering_in_compound:
            return None
        ids = subtree_category_ids(cleaned["category"])
        return ids if 1 < len(ids) <= MAX_MERGED_CATEGORIES else None

    def page_query(self, start: int, stop: int | None) -> QuerySet:
        if self.merged_categories is None or stop is None:
            return self.queryset[start:stop]
        ordering = ORDERINGS[self.cleaned["ordering"]]
        # Every part yields the ordering column, so the merged rows can be sorted on it.
        base = apply_product_filters(_visible_rows(), {**self.cleaned, "category": None})
        parts = [
            base.filter(category_id=category_id).values_list(*SUMMARY_COLUMNS, "sale_price")[:stop]
            for category_id in self.merged_categories
        ]
        return parts[0].union(*parts[1:], all=True).order_by(*ordering)[start:stop]

    def rows(self, start: int, stop: int | None) -> list[tuple]:
        compiled = self.pages.get((start, stop))
        if compiled is None:
            if len(self.pages) >= MAX_PAGES:  # a crawler walking every page must not grow this without bound
                self.pages.clear()
            query = self.page_query(start, stop)
            compiler = query.query.get_compiler(using=query.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:  # e.g. a search without matches: nothing to run
                sql, params = None, None
            compiled = self.pages[start, stop] = (query.db, sql, params, compiler)
        db, sql, params, compiler = compiled
        if sql is None:
            return []
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        # Django's own conversion of the raw values (SQLite decimals and booleans, for instance).
        rows = compiler.results_iter(results=[fetched], tuple_expected=True)
        width = len(SUMMARY_COLUMNS)
        return [row[:width] for row in rows]


class ProductListing:
    """Listing rows for the paginator: ``count()`` and slices of ``SUMMARY_COLUMNS`` tuples."""

    ordered = True

    def __init__(self, params: Mapping):
        search = (params.get("search") or "").strip()
        key = listing_params(params)
        memo = {} if search else _prepared.current()
        prepared = memo.get(key)
        if prepared is None:
            prepared = _Prepared(clean_product_params(params))  # raises InvalidInput for a bad parameter
            memo[key] = prepared
        self._prepared = prepared

    def count(self) -> int:
        return self._prepared.queryset.count()

    def __getitem__(self, key: slice) -> list[tuple]:
        return self._prepared.rows(key.start or 0, key.stop)

    def __iter__(self):
        return iter(self[0:None])

    def __len__(self):  # pragma: no cover - the paginator uses count()
        return self.count()
