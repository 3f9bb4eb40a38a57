"""OpenAPI descriptions of the error answers of the accounts endpoints (the contract's error shape)."""

from drf_spectacular.utils import OpenApiResponse
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import serializers

from storefront.api.schema import THROTTLED
from storefront.api.schema import bad_request as shared_bad_request

# Every code a 401 from these endpoints can carry: DRF's two and simplejwt's.
AUTH_ERROR_CODES = [
    ("not_authenticated", "No credentials were sent"),
    ("authentication_failed", "The credentials were not accepted"),
    ("no_active_account", "Wrong email or password, or the account is inactive"),
    ("token_not_valid", "The token is malformed, expired, revoked or of the wrong type"),
    ("user_not_found", "The token's user no longer exists"),
    ("user_inactive", "The token's user is inactive"),
]


class AuthError401Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=AUTH_ERROR_CODES)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class AuthErrorResponse401Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = AuthError401Serializer(many=True)


def bad_request(component_name: str) -> OpenApiResponse:
    return shared_bad_request(
        component_name, "Invalid input (validation_error) or a body that is not JSON (client_error, parse_error)."
    )


UNAUTHENTICATED = OpenApiResponse(
    AuthErrorResponse401Serializer,
    description="Not signed in, or the credentials or token were refused. Carries WWW-Authenticate.",
)
THROTTLED = OpenApiResponse(THROTTLED.response, description="Too many attempts; see Retry-After.")
