import logging
import re

from django.urls import Resolver404, resolve

from reports import periods
from reports.counters import view_counter

logger = logging.getLogger(__name__)

# The product detail in the API and the shop's product page.
PRODUCT_VIEWS = frozenset({"catalog-api:product-detail", "shop-product"})
# The API's and the shop's product paths with one segment after the prefix: only these can be a product
# page, so other requests (listings) skip URL resolving, a sizeable part of what a cached listing costs.
DETAIL_SHAPE = re.compile(r"^/(?:api/v1/)?products/[^/]+/$")
COUNTED_STATUSES = (200, 304)  # a 304 is a browser showing the page again from its cache


class ProductViewCounterMiddleware:
    """Counts a view of a product (a Redis increment, no database write) for each successful GET of its
    page or API detail.

    A middleware rather than the views: anonymous API reads are answered from the catalog's response cache by
    ``CatalogCacheMiddleware`` before routing, so it must sit before that one to see every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code in COUNTED_STATUSES
            and DETAIL_SHAPE.match(request.path_info)
        ):
            self._count(request.path_info)
        return response

    @staticmethod
    def _count(path: str) -> None:
        try:
            match = resolve(path)
        except Resolver404:
            return
        if match.view_name not in PRODUCT_VIEWS:
            return
        try:
            view_counter().increment(day=periods.today(), slug=match.kwargs["slug"])
        except Exception:  # a counter outage must never break the page being shown
            logger.warning("product view not counted", exc_info=True)
