"""OpenAPI descriptions of the commerce endpoints' error answers (the contract's error shape)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from storefront.api.schema import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, bad_request, conflict

__all__ = [
    "FORBIDDEN",
    "IDEMPOTENCY_KEY",
    "NOT_FOUND",
    "ORDER_TOKEN",
    "ORDER_TOKEN_HEADER",
    "UNAUTHENTICATED",
    "bad_request",
    "conflict",
]

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A client-chosen string (1-255 characters). Retries with the same key and body return the first "
    "response and place no second order; the same key with another body is a 409 `idempotency_key_reused`. "
    "Keys are per caller (user, or guest cart) and kept for 24 hours.",
)
ORDER_TOKEN_HEADER = OpenApiParameter(
    "X-Order-Token",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A guest order's `access_token` (from the answer that created it). Preferred to `?token=`: "
    "headers stay out of URLs, browser history and access logs.",
)
ORDER_TOKEN = OpenApiParameter(
    "token",
    OpenApiTypes.STR,
    description="A guest order's `access_token`, as a query parameter (the `X-Order-Token` header wins if both "
    "are sent).",
)
