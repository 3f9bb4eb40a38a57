"""OpenAPI building blocks shared by every app's API: the contract's error answers, and the schema's scope."""

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ErrorResponse401Serializer,
    ErrorResponse403Serializer,
    ErrorResponse404Serializer,
    ErrorResponse429Serializer,
    ParseErrorResponseSerializer,
    ValidationErrorResponseSerializer,
)
from rest_framework import serializers

UNAUTHENTICATED = OpenApiResponse(ErrorResponse401Serializer, description="Not signed in.")
FORBIDDEN = OpenApiResponse(ErrorResponse403Serializer, description="Signed in without the needed permission.")
NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="Unknown, or not yours.")
THROTTLED = OpenApiResponse(ErrorResponse429Serializer, description="Too many requests; see Retry-After.")

_conflicts: dict[str, type[serializers.Serializer]] = {}


def bad_request(component_name: str, description: str = "Invalid input; `attr` names the field.") -> OpenApiResponse:
    """A 400: a validation error, or a body that is not JSON (parse_error)."""
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


def only_contract_endpoints(endpoints, **kwargs):
    """The served schema describes the /api/v1/ contract; Wagtail's own APIs document themselves."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
