"""Product full-text search through Wagtail's search framework (``WAGTAILSEARCH_BACKENDS``).

The database backends (PostgreSQL full-text on PostgreSQL, FTS5 on SQLite) hand back a real QuerySet, so
search composes with the other filters, ordering, prefetching and pagination in SQL. Any other backend
(Elasticsearch/OpenSearch: a settings switch) answers with ranked ids, of which the best
``SEARCH_RESULTS_LIMIT`` are kept and ordered by rank in SQL.
"""

from django.db import connections
from django.db.models import BigIntegerField, Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend, get_search_backends
from wagtail.search.index import insert_or_update_object

from catalog.models import Product

RANK = "search_rank"
SEARCH_RESULTS_LIMIT = 1000


def search_products(queryset: QuerySet, text: str, *, rank: bool) -> QuerySet:
    """``queryset`` narrowed to the products matching every word of ``text``.

    With ``rank`` the result is ordered best match first (a name match outranks a description match, as
    the name is boosted in ``Product.search_fields``); otherwise the caller orders it. ``queryset`` may
    carry only filters on ``Product.search_fields`` FilterFields (apply other filters afterwards).
    """
    backend = get_search_backend()
    results = backend.search(text, queryset, operator="and", order_by_relevance=rank)
    if hasattr(results, "get_queryset"):
        # Database backends: the search is a WHERE clause (and a rank expression) on this very queryset.
        if rank and queryset.db and connections[queryset.db].vendor == "postgresql":
            return _ranked_by_index_entry(results)
        return results.get_queryset()
    ids = [obj.pk for obj in results[:SEARCH_RESULTS_LIMIT]]
    narrowed = queryset.filter(pk__in=ids)
    if not rank or not ids:
        return narrowed
    position = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return narrowed.annotate(**{RANK: position}).order_by(RANK)


def _ranked_by_index_entry(results) -> QuerySet:
    """Wagtail's PostgreSQL ranking, with its tie-break (``-pk``) read from the index entry's ``object_id``
    (the same number) instead of the product row: the whole order then comes from the index entries, so
    PostgreSQL joins only the products of the page, not every match (a common word matches thousands)."""
    ranked = results.annotate_score(RANK).get_queryset()
    tie_break = Cast("index_entries__object_id", output_field=BigIntegerField())
    return ranked.order_by(F(RANK).desc(), tie_break.desc())


def reindex_products(queryset: QuerySet) -> None:
    """Refresh the search documents of these products (their brand or category name changed)."""
    products = list(queryset.select_related("brand", "category"))
    if not products:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.get_index_for_model(Product).add_items(Product, products)


def index_product(product: Product) -> None:
    """Index one product now (the save signal does it after commit; tests and bulk loaders call this)."""
    insert_or_update_object(product)
