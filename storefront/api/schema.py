"""OpenAPI building blocks shared by every app's API: the contract's error answers, and the schema's scope."""

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from drf_standardized_errors import openapi
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ErrorResponse403Serializer,
    ErrorResponse404Serializer,
    ErrorResponse429Serializer,
    ValidationErrorResponseSerializer,
)
from inflection import camelize
from rest_framework import permissions, serializers


def _error_response(name: str, codes: list[str]) -> type[serializers.Serializer]:
    """``{"type": "client_error", "errors": [{"code": one of codes, "detail", "attr"}]}`` as a named component."""
    error = type(
        f"{name}Error",
        (serializers.Serializer,),
        {
            "code": serializers.ChoiceField(choices=[(code, code) for code in codes]),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True),
        },
    )
    return type(
        f"{name}Response",
        (serializers.Serializer,),
        {"type": serializers.ChoiceField(choices=ClientErrorEnum.choices), "errors": error(many=True)},
    )


# Every code a 401 can carry: DRF's two, simplejwt's (a bad, expired or revoked token; a token whose user is gone
# or inactive; a malformed Authorization header) and a failed sign-in.
ErrorResponse401Serializer = _error_response(
    "Unauthenticated",
    [
        "not_authenticated",
        "authentication_failed",
        "no_active_account",
        "token_not_valid",
        "bad_authorization_header",
        "user_not_found",
        "user_inactive",
    ],
)
# A 400 that is not about one field: a body that is not JSON (or nests too deep), a NUL byte or lone surrogate in
# the body (``attr`` names where), a NUL byte in the URL, a malformed request. Any operation can answer it.
ErrorResponse400ClientSerializer = _error_response(
    "BadRequest", ["parse_error", "invalid_characters", "null_characters_not_allowed", "bad_request"]
)
ErrorResponse413Serializer = _error_response("RequestTooLarge", ["request_too_large"])
ErrorResponse414Serializer = _error_response("UriTooLong", ["uri_too_long"])
EXTRA_ERROR_SCHEMAS = {
    "401": ErrorResponse401Serializer,
    "413": ErrorResponse413Serializer,
    "414": ErrorResponse414Serializer,
}


class AutoSchema(openapi.AutoSchema):
    """drf-standardized-errors' schema, plus what our edge and permissions really do.

    - Public reads (``public_reads`` on the view, or no permission at all) are documented as needing no auth.
    - A 401 lists simplejwt's codes; a body over the size limit is a 413 (operations with a body), an overlong
      URL a 414 (every operation): both answered by ``storefront.edge``.
    """

    def get_auth(self):
        auths = super().get_auth()
        public = getattr(self.view, "public_reads", False) and self.method in permissions.SAFE_METHODS
        if (public or not self.view.get_permissions()) and {} not in auths:
            auths.append({})
        return auths

    def _should_add_error_response(self, responses, status_code):
        if status_code == "400" and status_code not in responses:
            return self.view.get_exception_handler() is openapi.standardized_errors_handler  # the edge's 400s
        return super()._should_add_error_response(responses, status_code)

    def _get_http400_serializer(self):
        return _bad_request_serializer(
            f"{camelize(self.get_operation_id())}ErrorResponse400",
            self._get_serializer_for_validation_error_response()
            if self._should_add_validation_error_response()
            else None,
        )

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        if status_code == "400":
            serializer = self._with_client_errors(serializer)
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _with_client_errors(self, response):
        """Any 400 may also be the edge's (a NUL byte, a body that is not JSON): a 400 a view documents with one
        serializer gains that alternative, as the generated ones have it (_get_http400_serializer)."""
        described = isinstance(response, OpenApiResponse)
        inner = response.response if described else response
        if inner is None or isinstance(inner, PolymorphicProxySerializer):
            return response
        wrapped = _bad_request_serializer(f"{camelize(self.get_operation_id())}ErrorResponse400", inner)
        return (
            OpenApiResponse(wrapped, description=response.description, examples=response.examples)
            if described
            else wrapped
        )

    def _get_allowed_error_status_codes(self):
        codes = [*super()._get_allowed_error_status_codes(), "414"]
        return [*codes, "413"] if self.method in ("POST", "PUT", "PATCH") else codes

    def _get_error_response_serializer(self, status_code):
        return EXTRA_ERROR_SCHEMAS.get(status_code) or super()._get_error_response_serializer(status_code)


UNAUTHENTICATED = OpenApiResponse(ErrorResponse401Serializer, description="Not signed in.")
FORBIDDEN = OpenApiResponse(ErrorResponse403Serializer, description="Signed in without the needed permission.")
NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="Unknown, or not yours.")
THROTTLED = OpenApiResponse(ErrorResponse429Serializer, description="Too many requests; see Retry-After.")

_conflicts: dict[str, type[serializers.Serializer]] = {}


def _bad_request_serializer(component_name: str, validation_error) -> PolymorphicProxySerializer:
    choices = {"client_error": ErrorResponse400ClientSerializer}
    if validation_error is not None:
        choices = {"validation_error": validation_error, **choices}
    return PolymorphicProxySerializer(
        component_name=component_name, serializers=choices, resource_type_field_name="type"
    )


def bad_request(component_name: str, description: str = "Invalid input; `attr` names the field.") -> OpenApiResponse:
    """A 400: a validation error, or a request that is malformed as a whole (see ErrorResponse400ClientSerializer)."""
    return OpenApiResponse(
        _bad_request_serializer(component_name, ValidationErrorResponseSerializer), description=description
    )


def conflict(name: str, codes: list[str], description: str) -> OpenApiResponse:
    """A 409 answer whose error ``code`` is one of ``codes``."""
    if name not in _conflicts:
        _conflicts[name] = _error_response(f"{name}Conflict", codes)
    return OpenApiResponse(_conflicts[name], description=description)


def only_contract_endpoints(endpoints, **kwargs):
    """The served schema describes the contract: /api/v1/ and Wagtail's content API at /api/v2/ (described by
    home.api.v2_schema); not the admin's own APIs."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(("/api/v1/", "/api/v2/"))]
