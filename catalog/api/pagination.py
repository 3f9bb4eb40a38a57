from django.core.paginator import Paginator

from catalog.cache import cached_count
from storefront.api.pagination import PageNumberPagination


class _CountedList:
    """A queryset whose ``count()`` comes from the cache: Django's Paginator asks it, then slices it."""

    ordered = True  # our listings always have an explicit ordering

    def __init__(self, queryset, count):
        self._queryset = queryset
        self._count = count

    def count(self):
        return self._count()

    def __getitem__(self, key):
        return self._queryset[key]

    def __len__(self):  # pragma: no cover - Paginator uses count()
        return self.count()


class CatalogPagination(PageNumberPagination):
    """The project pagination (24 by default, clamped to 100) with the total cached per catalog version and
    normalized query, so browsing pages of one listing does not repeat its ``COUNT(*)``."""

    django_paginator_class = Paginator

    def paginate_queryset(self, queryset, request, view=None):
        counted = _CountedList(queryset, lambda: cached_count(request, queryset.count))
        return super().paginate_queryset(counted, request, view=view)


class ProductPagination(CatalogPagination):
    """The catalog pagination, plus the listing's ``facets`` when the view computed them (the answer's schema:
    ``serializers.PaginatedProductSummaryListSerializer``)."""

    facets: dict | None = None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.facets is not None:
            response.data["facets"] = self.facets
        return response
