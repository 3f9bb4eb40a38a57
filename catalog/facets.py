"""Attribute filters and facet counts of the product listing (the contract's "Faceted filters").

``?attr.<name>=<value>[,<value>...]`` keeps the products whose attribute ``name`` has one of the values
(several ``attr.`` parameters: all of them hold). ``?facets=true`` adds, for the current filter, the number
of products per brand, per category one level below the chosen one (top-level categories when none is
chosen) and per value of every attribute. Brand and attribute counts are *disjunctive*: each is counted with
every filter but its own, so a shopper sees how many products each other value would add to their choice.

Both read ``ProductAttributeValue`` rows (name, value, product; indexed), which mirror ``Product.attributes``
and the options of the product's variants (a shirt in S and M has a row for each: ``attr.Size=M`` finds it):
one portable design for PostgreSQL and the SQLite of ``make run``.
"""

import json
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Count, Exists, F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr

from catalog.models import ATTRIBUTE_NAME_MAX, ATTRIBUTE_VALUE_MAX, Category, Product, ProductAttributeValue
from storefront.errors import InvalidInput

PREFIX = "attr."
MAX_FILTERED_ATTRIBUTES = 10
MAX_VALUES_PER_ATTRIBUTE = 20
MAX_FACET_VALUES = 50  # per facet, most frequent first: a free-text attribute must not flood the answer
BUILT_IN = ("brand", "category")  # facet names of their own; an attribute named so is filterable, not faceted
BOOLEAN_TEXT = {"true": True, "1": True, "false": False, "0": False}


def attribute_text(value) -> str:
    """An attribute's value as filters and facets name it: strings as they are, numbers and booleans as JSON
    writes them (``true``, ``42``, ``1.5``)."""
    return value if isinstance(value, str) else json.dumps(value)


def attribute_rows(product: Product, options: Iterable[Mapping] = ()) -> list[ProductAttributeValue]:
    """The ``ProductAttributeValue`` rows that say what the product's ``attributes`` and its variants' ``options``
    say (unsaved). Services and the admin keep attributes within the rows' bounds; anything saved around them is
    cut to fit, first name winning, so a save never fails on its rows; an option named like an attribute adds
    its values to the attribute's."""
    rows = {}
    for name, value in (product.attributes or {}).items():
        if isinstance(value, str | bool | int | float):
            name = str(name)[:ATTRIBUTE_NAME_MAX]
            if not any(key[0] == name for key in rows):
                rows[name, attribute_text(value)[:ATTRIBUTE_VALUE_MAX]] = None
    for variant_options in options:
        for name, value in variant_options.items():
            rows[str(name)[:ATTRIBUTE_NAME_MAX], attribute_text(value)[:ATTRIBUTE_VALUE_MAX]] = None
    return [ProductAttributeValue(product=product, name=name, value=value) for name, value in rows]


def store_attribute_values(product: Product) -> None:
    """Rewrite the product's rows from its attributes and its saved variants' options."""
    with transaction.atomic():
        options = product.variants.values_list("options", flat=True) if product.pk else []
        ProductAttributeValue.objects.filter(product=product).delete()
        ProductAttributeValue.objects.bulk_create(attribute_rows(product, options))


def attribute_filters(params: Mapping) -> dict[str, list[str]]:
    """``{name: [values]}`` from the ``attr.<name>`` parameters of ``params`` (a QueryDict or a dict).

    Raises InvalidInput (attr = the parameter) for an empty or overlong name or value, or too many of them."""
    getlist = getattr(params, "getlist", lambda key: [params[key]])
    filters: dict[str, list[str]] = {}
    for key in params:
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :]
        if not name or len(name) > ATTRIBUTE_NAME_MAX:
            raise InvalidInput(f"Attribute names are 1 to {ATTRIBUTE_NAME_MAX} characters.", attr=key)
        values = list(dict.fromkeys(part.strip() for raw in getlist(key) for part in raw.split(",") if part.strip()))
        if not values:
            raise InvalidInput("Give at least one value.", code="required", attr=key)
        if len(values) > MAX_VALUES_PER_ATTRIBUTE or any(len(value) > ATTRIBUTE_VALUE_MAX for value in values):
            message = f"At most {MAX_VALUES_PER_ATTRIBUTE} values of at most {ATTRIBUTE_VALUE_MAX} characters."
            raise InvalidInput(message, code="max_length", attr=key)
        filters[name] = values
    if len(filters) > MAX_FILTERED_ATTRIBUTES:
        raise InvalidInput(f"At most {MAX_FILTERED_ATTRIBUTES} attribute filters.", code="max_length", attr=PREFIX)
    return dict(sorted(filters.items()))


def filter_by_attributes(queryset: QuerySet, filters: Mapping[str, list[str]]) -> QuerySet:
    for name, values in filters.items():
        having = ProductAttributeValue.objects.filter(product_id=OuterRef("pk"), name=name, value__in=values)
        queryset = queryset.filter(Exists(having))
    return queryset


def wants_facets(params: Mapping) -> bool:
    raw = params.get("facets")
    if raw in (None, ""):
        return False
    if raw not in BOOLEAN_TEXT:
        raise InvalidInput("Expected true or false.", code="invalid", attr="facets")
    return BOOLEAN_TEXT[raw]


def product_facets(matching, cleaned: dict) -> dict[str, list[dict]]:
    """The facets of the listing ``cleaned`` (validated parameters). ``matching(cleaned)`` is the queryset of
    the products a listing with those parameters shows: brand, category and attribute counts are four
    queries, whatever the page size and the number of attributes."""

    def ids(**changes):
        # An explicit ordering spares a search its ranking, which counts do not need (order_by() drops it).
        return matching({**cleaned, "ordering": "name", **changes}).order_by().values("pk")

    brands = (
        Product.objects.filter(pk__in=ids(brand=[]), brand__isnull=False)
        .values("brand__slug", "brand__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "brand__name")[:MAX_FACET_VALUES]
    )
    facets = {
        "brand": [{"value": b["brand__slug"], "label": b["brand__name"], "count": b["count"]} for b in brands],
        "category": _category_facet(ids(), cleaned.get("category")),
    }
    for name, values in _attribute_facets(ids, cleaned.get("attributes") or {}).items():
        if name not in BUILT_IN:
            facets[name] = values
    return facets


def subtree_product_count(products: QuerySet) -> Coalesce:
    """For a category queryset: how many of ``products`` are in the category or its descendants (one scalar
    subquery per category; the one home of "a category's products include its descendants'")."""
    in_subtree = products.filter(category__path__startswith=OuterRef("path")).order_by()
    # COUNT as a plain function, not an aggregate: no GROUP BY, so the subquery is one scalar per category.
    return Coalesce(Subquery(in_subtree.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def _category_facet(product_ids, chosen_slug: str | None) -> list[dict]:
    """The chosen category's children (top-level categories when none is chosen), each with the matching
    products in its subtree: the products grouped by the branch of the tree they sit in (one pass over them),
    then the branches' names (a few rows by their unique path)."""
    depth = Value(1)
    if chosen_slug:  # one level below the chosen category: a scalar subquery, run once
        depth = Subquery(Category.objects.filter(slug=chosen_slug).values("depth")[:1]) + 1
    branch = Substr("category__path", 1, depth * Category.steplen)  # treebeard: steplen characters a level
    counts = dict(
        Product.objects.filter(pk__in=product_ids, category__depth__gte=depth)
        .values_list(branch)
        .annotate(count=Count("pk"))
        .order_by()
    )
    branches = Category.objects.filter(path__in=list(counts)).values_list("path", "slug", "name")
    items = [{"value": slug, "label": name, "count": counts[path]} for path, slug, name in branches]
    return sorted(items, key=lambda item: (-item["count"], item["label"]))


def _attribute_facets(ids, chosen: Mapping[str, list[str]]) -> dict[str, list[dict]]:
    """``{name: [{value, count}]}``: names not filtered on, counted under the whole filter, and each filtered
    name under the filter without its own values; one ``UNION ALL`` query."""
    columns = ("name", "value")
    parts = [
        ProductAttributeValue.objects.filter(product__in=ids())
        .exclude(name__in=list(chosen))
        .values(*columns)
        .annotate(count=Count("product_id"))
        .order_by()
    ]
    for name in chosen:
        others = {key: values for key, values in chosen.items() if key != name}
        parts.append(
            ProductAttributeValue.objects.filter(product__in=ids(attributes=others), name=name)
            .values(*columns)
            .annotate(count=Count("product_id"))
            .order_by()
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    facets: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda row: (row["name"], -row["count"], row["value"])):
        values = facets.setdefault(row["name"], [])
        if len(values) < MAX_FACET_VALUES:
            values.append({"value": row["value"], "count": row["count"]})
    return facets
