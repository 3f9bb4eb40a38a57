"""Every API error leaves in the contract's shape: {"type", "errors": [{"code", "detail", "attr"}]}."""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes

from storefront.errors import DomainError


class DomainAPIException(exceptions.APIException):
    def __init__(self, error: DomainError):
        self.status_code = error.status_code
        self.attr = error.attr
        super().__init__(detail=error.detail, code=error.code)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"
    default_detail = "The request body is too large."


class BadRequest(exceptions.APIException):
    status_code = 400
    default_code = "bad_request"
    default_detail = "Malformed request."


class StorefrontExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc):
        # Raised while reading a body: one without a declared length (chunked) that outgrew the limit, or too
        # many form fields. Django would answer these with a 400 page; inside DRF they would be a 500.
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, SuspiciousOperation):
            return BadRequest()
        if isinstance(exc, DomainError):
            if exc.status_code == 400:
                detail = exceptions.ErrorDetail(exc.detail, code=exc.code)
                return exceptions.ValidationError({exc.attr: [detail]} if exc.attr else [detail])
            return DomainAPIException(exc)
        return super().convert_known_exceptions(exc)

    def format_exception(self, exc):
        data = super().format_exception(exc)
        if getattr(exc, "attr", None):  # a domain error, or the parser naming where a body went wrong
            data["errors"][0]["attr"] = exc.attr
        return data


def error_body(error_type: str, code: str, detail: str, attr: str | None = None) -> dict:
    return {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": attr}]}


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def unknown_endpoint(request, *args, **kwargs):
    """Catch-all for /api/...: an unknown path is a JSON 404, not Django's HTML page."""
    raise exceptions.NotFound()


def server_error(request, *args, **kwargs):
    """Django's handler500 for API paths outside DRF (Wagtail API v2, middleware): same shape, no traceback."""
    return JsonResponse(error_body("server_error", "error", "Server Error (500)"), status=500)


def not_found(request, exception=None):
    return JsonResponse(error_body("client_error", "not_found", "Not found."), status=404)
