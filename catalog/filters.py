"""The product listing's filters and orderings (the contract's query parameters), as one django-filter FilterSet.

Used by the API and by the server-rendered listing (through ``catalog.selectors.product_list``), so both
accept exactly the same parameters. Bad values are reported by the form (``filterset.errors``); the
selector turns the first one into a 400 whose ``attr`` is the parameter name.

Unknown ``category`` or ``brand`` slugs are a 400 (``invalid_choice``), not an empty list: a typo should
be visible to the client rather than look like an empty shelf.
"""

import django_filters
from django import forms
from django.db.models import F, QuerySet

from catalog.models import Brand, Category
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
    """Filters on a product queryset that has been annotated by ``pricing.with_sale_price``."""

    category = django_filters.CharFilter(method="filter_category", max_length=140)
    brand = SlugListFilter(method="filter_brand", max_length=2000)
    min_price = django_filters.NumberFilter(field_name="sale_price", lookup_expr="gte", max_digits=12, decimal_places=2)
    max_price = django_filters.NumberFilter(field_name="sale_price", lookup_expr="lte", max_digits=12, decimal_places=2)
    in_stock = django_filters.TypedChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=lambda value: value in ("true", "1"), method="filter_in_stock"
    )
    min_rating = django_filters.NumberFilter(
        field_name="rating", lookup_expr="gte", min_value=0, max_value=5, max_digits=3, decimal_places=2
    )
    search = django_filters.CharFilter(method="filter_search", max_length=200)
    ordering = django_filters.ChoiceFilter(choices=[(key, key) for key in ORDERINGS], method="filter_ordering")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Search first: Wagtail's backends accept only FilterField filters on the queryset they search,
        # the rest (category path, sale price) is applied to the search's own queryset afterwards.
        text = self.form.cleaned_data.get("search")
        ordering = self.form.cleaned_data.get("ordering")
        if text and text.strip():
            queryset = search_products(queryset, text.strip(), rank=not ordering)
        elif not ordering:
            queryset = queryset.order_by(*DEFAULT_ORDERING)
        for name, value in self.form.cleaned_data.items():
            if name == "search":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        path = Category.objects.filter(slug=value).values_list("path", flat=True).first()
        if path is None:
            self._reject(name, f"Unknown category {value!r}.")
        # Materialized path: the category and all its descendants in one indexed prefix match.
        return queryset.filter(category__path__startswith=path)

    def filter_brand(self, queryset, name, value):
        if not value:
            return queryset
        ids = dict(Brand.objects.filter(slug__in=value).values_list("slug", "id"))
        unknown = [slug for slug in value if slug not in ids]
        if unknown:
            self._reject(name, f"Unknown brand {unknown[0]!r}.")
        return queryset.filter(brand_id__in=ids.values())

    def filter_in_stock(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(in_stock=value)

    def filter_search(self, queryset, name, value):
        return queryset  # applied in filter_queryset

    def filter_ordering(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.order_by(*ORDERINGS[value])

    def _reject(self, name: str, detail: str):
        raise InvalidInput(detail, code="invalid_choice", attr=name)
