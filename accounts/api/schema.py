"""OpenAPI descriptions of the error answers of the accounts endpoints (the contract's error shape)."""

from drf_spectacular.utils import OpenApiResponse

from storefront.api.schema import NOT_FOUND, THROTTLED, ErrorResponse401Serializer
from storefront.api.schema import bad_request as shared_bad_request

__all__ = ["NOT_FOUND", "THROTTLED", "UNAUTHENTICATED", "bad_request"]


def bad_request(component_name: str) -> OpenApiResponse:
    return shared_bad_request(
        component_name, "Invalid input (validation_error) or a body that is not JSON (client_error, parse_error)."
    )


UNAUTHENTICATED = OpenApiResponse(
    ErrorResponse401Serializer,
    description="Not signed in, or the credentials or token were refused. Carries WWW-Authenticate.",
)
THROTTLED = OpenApiResponse(THROTTLED.response, description="Too many attempts; see Retry-After.")
