"""OpenAPI descriptions of the commerce endpoints' error answers (the contract's error shape)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ErrorResponse401Serializer,
    ErrorResponse403Serializer,
    ErrorResponse404Serializer,
    ParseErrorResponseSerializer,
    ValidationErrorResponseSerializer,
)
from rest_framework import serializers

_conflicts: dict[str, type[serializers.Serializer]] = {}


def bad_request(component_name: str, description: str = "Invalid input; `attr` names the field.") -> OpenApiResponse:
    return OpenApiResponse(
        PolymorphicProxySerializer(
            component_name=component_name,
            serializers={
                "validation_error": ValidationErrorResponseSerializer,
                "client_error": ParseErrorResponseSerializer,
            },
            resource_type_field_name="type",
        ),
        description=description,
    )


def conflict(name: str, codes: list[str], description: str) -> OpenApiResponse:
    """A 409 answer whose error ``code`` is one of ``codes``."""
    if name not in _conflicts:
        error = type(
            f"{name}ConflictError",
            (serializers.Serializer,),
            {
                "code": serializers.ChoiceField(choices=[(code, code) for code in codes]),
                "detail": serializers.CharField(),
                "attr": serializers.CharField(allow_null=True),
            },
        )
        _conflicts[name] = type(
            f"{name}ConflictResponse",
            (serializers.Serializer,),
            {"type": serializers.ChoiceField(choices=ClientErrorEnum.choices), "errors": error(many=True)},
        )
    return OpenApiResponse(_conflicts[name], description=description)


UNAUTHENTICATED = OpenApiResponse(ErrorResponse401Serializer, description="Not signed in.")
FORBIDDEN = OpenApiResponse(ErrorResponse403Serializer, description="Signed in without the needed permission.")
NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="Unknown, or not yours.")

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A client-chosen string (1-255 characters). Retries with the same key and body return the first "
    "response and place no second order; the same key with another body is a 409 `idempotency_key_reused`. "
    "Keys are per caller (user, or guest cart) and kept for 24 hours.",
)
ORDER_TOKEN = OpenApiParameter(
    "token", OpenApiTypes.STR, description="A guest order's `access_token` (from the answer that created it)."
)
