"""OpenAPI descriptions of the catalog endpoints' error answers and listing parameters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer, ValidationErrorResponseSerializer

from catalog.filters import ORDERINGS
from storefront.api.schema import FORBIDDEN, UNAUTHENTICATED, bad_request, conflict

INVALID_QUERY = OpenApiResponse(
    ValidationErrorResponseSerializer,
    description="A malformed or unknown parameter value; `attr` names the parameter.",
)
NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="Unknown (or hidden) object.")
PAGE_NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="A page beyond the last one.")


REVIEW_EXISTS = conflict("Review", ["review_exists"], "You already reviewed this product.")
__all__ = ["FORBIDDEN", "UNAUTHENTICATED", "bad_request"]

PRODUCT_LIST_PARAMETERS = [
    OpenApiParameter(
        "category",
        OpenApiTypes.STR,
        description="A category slug; includes its descendants. An unknown slug is a 400 (`invalid_choice`).",
    ),
    OpenApiParameter(
        "brand",
        OpenApiTypes.STR,
        description="One or more brand slugs, comma-separated (any of them). An unknown slug is a 400 "
        "(`invalid_choice`).",
    ),
    OpenApiParameter("min_price", OpenApiTypes.DECIMAL, description="Lowest `sale_price` (inclusive)."),
    OpenApiParameter("max_price", OpenApiTypes.DECIMAL, description="Highest `sale_price` (inclusive)."),
    OpenApiParameter("in_stock", OpenApiTypes.STR, enum=["true", "false"], description="Only products (not) in stock."),
    OpenApiParameter("min_rating", OpenApiTypes.DECIMAL, description="Lowest average rating (0 to 5)."),
    OpenApiParameter(
        "search",
        OpenApiTypes.STR,
        description="Full-text search over name, SKU, description, brand and category; every word must match. "
        "Without `ordering`, results are ranked best match first (name matches outrank description matches).",
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=list(ORDERINGS),
        description="Sort order; `price` sorts on `sale_price`. Default: newest first (or relevance with `search`). "
        "Any other value is a 400.",
    ),
    # The pagination's own parameters, as drf-spectacular describes them for a paginated list (this answer's
    # schema is a serializer of its own, for its ``facets``).
    OpenApiParameter("page", OpenApiTypes.INT, description="A page number within the paginated result set."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Number of results to return per page."),
    OpenApiParameter(
        "facets",
        OpenApiTypes.STR,
        enum=["true", "false"],
        description="`true` adds `facets` (counts per brand, category and attribute value) to the answer.",
    ),
]
