"""The product listing's filters and orderings (the contract's query parameters), as one django-filter FilterSet.

Used by the API and by the server-rendered listing (through ``catalog.selectors.product_list``), so both
accept exactly the same parameters. ``filter_products`` validates them with the FilterSet's own form fields
(built once, not per request) and turns the first bad value into a 400 whose ``attr`` is the parameter name;
``ProductFilterSet`` (a bound form, ``filterset.errors``) applies the very same ``apply_product_filters``.

Unknown ``category`` or ``brand`` slugs are a 400 (``invalid_choice``), not an empty list: a typo should
be visible to the client rather than look like an empty shelf.
"""

from collections.abc import Mapping
from functools import cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Subquery

from catalog.facets import PREFIX as ATTRIBUTE_PREFIX
from catalog.facets import attribute_filters, filter_by_attributes
from catalog.memo import remembered
from catalog.models import Brand, Category, Product, ProductAttributeValue
from catalog.search import search_products
from storefront.errors import InvalidInput

ORDERINGS = {
    "price": ("sale_price", "id"),
    "-price": ("-sale_price", "-id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "rating": (F("rating").asc(nulls_first=True), "id"),
    "-rating": (F("rating").desc(nulls_last=True), "-id"),
}
DEFAULT_ORDERING = ("-created_at", "-id")
BOOLEAN_CHOICES = [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")]


class SlugListField(forms.CharField):
    """A comma-separated list of slugs: ``brand=acme,globex``."""

    def to_python(self, value):
        value = super().to_python(value)
        return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip())) if value else []


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class ProductFilterSet(django_filters.FilterSet):
    """The listing's parameters and their validation (the form pages render); ``filter_queryset`` applies them
    with ``apply_product_filters``; prices are the stored listing price (``Product.sale_price``)."""

    category = django_filters.CharFilter(max_length=140)
    brand = SlugListFilter(max_length=2000)
    min_price = django_filters.NumberFilter(field_name="sale_price", lookup_expr="gte", max_digits=12, decimal_places=2)
    max_price = django_filters.NumberFilter(field_name="sale_price", lookup_expr="lte", max_digits=12, decimal_places=2)
    in_stock = django_filters.TypedChoiceFilter(choices=BOOLEAN_CHOICES, coerce=lambda value: value in ("true", "1"))
    min_rating = django_filters.NumberFilter(
        field_name="rating", lookup_expr="gte", min_value=0, max_value=5, max_digits=3, decimal_places=2
    )
    search = django_filters.CharFilter(max_length=200)
    ordering = django_filters.ChoiceFilter(choices=[(key, key) for key in ORDERINGS])

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        cleaned = resolve_names({**self.form.cleaned_data, "attributes": attribute_filters(self.data)})
        return apply_product_filters(queryset, cleaned)


@cache
def _param_fields() -> dict[str, forms.Field]:
    """The FilterSet's form fields, built once: a FilterSet deep-copies its filters and fields on every
    instantiation, a cost the API listing should not pay per request. ``Field.clean`` keeps no state."""
    return dict(ProductFilterSet(queryset=Product.objects.none()).form.fields)


def clean_product_params(params: Mapping) -> dict:
    """The listing parameters in ``params`` (a QueryDict), validated exactly as ``ProductFilterSet``'s form
    does. Raises InvalidInput (attr = the parameter) for the first bad value, in the form's field order."""
    cleaned = {}
    for name, field in _param_fields().items():
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(params, {}, name))
        except ValidationError as error:
            first = error.error_list[0]
            raise InvalidInput(" ".join(first.messages), code=first.code or "invalid", attr=name) from None
    cleaned["attributes"] = attribute_filters(params)  # the attr.<name> parameters (catalog.facets)
    return resolve_names(cleaned)


def resolve_names(cleaned: dict) -> dict:
    """``cleaned`` with its category and brand slugs as ids (``category_ids``: the subtree, ``brand_ids``),
    once per request however many querysets are built from it (facets build several). Raises InvalidInput
    (``invalid_choice``) for an unknown category, brand or attribute name."""
    if cleaned.get("category"):
        cleaned["category_ids"] = subtree_category_ids(cleaned["category"])
    if cleaned.get("brand"):
        cleaned["brand_ids"] = _brand_ids(cleaned["brand"])
    if cleaned.get("attributes"):
        _check_attribute_names(cleaned["attributes"])
    return cleaned


def _attribute_keys(params: Mapping) -> list[str]:
    return [key for key in params if key.startswith(ATTRIBUTE_PREFIX)]


def apply_product_filters(queryset: QuerySet, cleaned: Mapping) -> QuerySet:
    """``queryset`` (visible products) narrowed and ordered by cleaned parameters (``clean_product_params``:
    slugs resolved); runs no query itself."""
    # Search first: Wagtail's backends accept only FilterField filters on the queryset they search,
    # the rest (category path, sale price) is applied to the search's own queryset afterwards.
    text = (cleaned.get("search") or "").strip()
    ordering = cleaned.get("ordering")
    if text:
        queryset = search_products(queryset, text, rank=not ordering)
    elif not ordering:
        queryset = queryset.order_by(*DEFAULT_ORDERING)
    if ordering:
        queryset = queryset.order_by(*ORDERINGS[ordering])
    if cleaned.get("category"):
        queryset = queryset.filter(category_id__in=cleaned["category_ids"])
    if cleaned.get("brand"):
        queryset = queryset.filter(brand_id__in=cleaned["brand_ids"])
    if (value := cleaned.get("min_price")) is not None:
        queryset = queryset.filter(sale_price__gte=value)
    if (value := cleaned.get("max_price")) is not None:
        queryset = queryset.filter(sale_price__lte=value)
    if (value := cleaned.get("in_stock")) not in (None, ""):
        queryset = queryset.filter(in_stock=value)
    if (value := cleaned.get("min_rating")) is not None:
        queryset = queryset.filter(rating__gte=value)
    if attributes := cleaned.get("attributes"):
        queryset = filter_by_attributes(queryset, attributes)
    return queryset


def filter_products(queryset: QuerySet, params: Mapping) -> QuerySet:
    """``ProductFilterSet(params, queryset=queryset).qs`` without building a FilterSet: the API's hot path."""
    return apply_product_filters(queryset, clean_product_params(params))


# --- slug lookups, remembered per catalog version (catalog.memo) ---------------------------------------

_UNSEEN = object()


def subtree_category_ids(slug: str) -> list[int]:
    """The category and all its descendants (materialized path: one prefix match), as ids: the listing then
    filters on its own ``category_id`` column, without joining the category table."""
    memo = remembered.current()
    key = ("category", slug)
    ids = memo.get(key, _UNSEEN)
    if ids is _UNSEEN:
        path = Category.objects.filter(slug=slug).values("path")[:1]
        ids = memo[key] = list(Category.objects.filter(path__startswith=Subquery(path)).values_list("id", flat=True))
    if not ids:
        raise InvalidInput(f"Unknown category {slug!r}.", code="invalid_choice", attr="category")
    return ids


def _brand_ids(slugs: list[str]) -> list[int]:
    memo = remembered.current()
    ids = {slug: memo.get(("brand", slug), _UNSEEN) for slug in slugs}
    missing = [slug for slug, brand_id in ids.items() if brand_id is _UNSEEN]
    if missing:
        found = dict(Brand.objects.filter(slug__in=missing).values_list("slug", "id"))
        for slug in missing:
            ids[slug] = memo["brand", slug] = found.get(slug)
    unknown = [slug for slug in slugs if ids[slug] is None]
    if unknown:
        raise InvalidInput(f"Unknown brand {unknown[0]!r}.", code="invalid_choice", attr="brand")
    return [ids[slug] for slug in slugs]


def _check_attribute_names(filters: Mapping[str, list[str]]) -> None:
    """An attribute no product has is a 400 (``invalid_choice``), like an unknown brand: a typo shows."""
    memo = remembered.current()
    missing = [name for name in filters if ("attribute", name) not in memo]
    if missing:
        known = set(ProductAttributeValue.objects.filter(name__in=missing).values_list("name", flat=True).distinct())
        for name in missing:
            memo["attribute", name] = name in known
    unknown = [name for name in filters if not memo["attribute", name]]
    if unknown:
        attr = f"{ATTRIBUTE_PREFIX}{unknown[0]}"
        raise InvalidInput(f"No product has the attribute {unknown[0]!r}.", code="invalid_choice", attr=attr)
