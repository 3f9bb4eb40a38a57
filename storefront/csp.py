"""Content-Security-Policy headers: django-csp's middleware, with the Report-Only policy kept to the pages
that are excluded from the enforced one.

``CONTENT_SECURITY_POLICY`` is enforced everywhere but its ``EXCLUDE_URL_PREFIXES`` (the Wagtail and Django
admins, Swagger UI: they need inline scripts and styles). Those pages get ``CONTENT_SECURITY_POLICY_REPORT_ONLY``
instead, so the browser reports what a strict policy would block there without blocking it. Elsewhere the
Report-Only header would only repeat the enforced one, so it is left off, through django-csp's own exemption.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings


def is_excluded(path: str) -> bool:
    """True for paths the enforced policy leaves out."""
    return path.startswith(tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ())))


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        if not is_excluded(request.path_info):
            response._csp_exempt_ro = True  # what @csp_exempt(REPORT_ONLY=True) sets
        return super().process_response(request, response)
