"""The edge: requests no view should ever see are answered here, once, in the contract's error shape.

PostgreSQL cannot store or even compare text holding a NUL byte (psycopg raises ValueError: a 500), so a NUL in
the path or the query string is a 400 before routing. A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413
and an overlong URL a 414, instead of an exception deep in a view. JSON bodies are checked by
``storefront.api.parsers.JSONParser`` (depth, NUL bytes, lone surrogates), and errors raised while reading a
body are mapped by the API's exception handler (``storefront.api.errors``).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from storefront.api.errors import error_body

# Longer than any URL the shop builds (gunicorn's limit_request_line is set above it, in site/gunicorn.conf.py).
MAX_URL_LENGTH = 4096


def rejection(request, status: int, code: str, detail: str) -> HttpResponse:
    """An error answer in the contract's shape for the API, a short plain-text one for pages."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body("client_error", code, detail), status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _declared_body_too_big(request) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False  # uploaded files are streamed to disk, not held in memory; Django limits the other fields
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django's own reading rejects it
    return length > limit


class EdgeGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) + len(request.path_info) > MAX_URL_LENGTH:
            return rejection(request, 414, "uri_too_long", f"The URL is longer than {MAX_URL_LENGTH} characters.")
        if _has_nul(request):
            return rejection(request, 400, "null_characters_not_allowed", "Null characters are not allowed.")
        if _declared_body_too_big(request):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return rejection(request, 413, "request_too_large", f"The request body is larger than {limit} bytes.")
        return self.get_response(request)
