"""Content-Security-Policy headers: django-csp's middleware, with the Report-Only policy kept to the pages
that are excluded from the enforced one.

``CONTENT_SECURITY_POLICY`` is enforced everywhere but its ``EXCLUDE_URL_PREFIXES`` (the Wagtail and Django
admins, Swagger UI: they need inline scripts and styles). Those pages get ``CONTENT_SECURITY_POLICY_REPORT_ONLY``
instead, so the browser reports what a strict policy would block there without blocking it. Elsewhere the
Report-Only header would only repeat the enforced one, so it is left off, through django-csp's own exemption.

A response that no view changed the policy of (no ``@csp_update``/``@csp_replace``) and whose request used no nonce
gets the policy as the settings give it: that header is built once (django-csp builds it for every response,
about a fifth of what a cached answer costs) and again only when the settings change.
"""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


def is_excluded(path: str) -> bool:
    """True for paths the enforced policy leaves out."""
    return path.startswith(tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ())))


@cache
def settings_policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@receiver(setting_changed, dispatch_uid="storefront-csp-settings")
def _forget_policies(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policy.cache_clear()


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        excluded = is_excluded(request.path_info)
        if not excluded:
            response._csp_exempt_ro = True  # what @csp_exempt(REPORT_ONLY=True) sets
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in PER_RESPONSE):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp leaves them
        header, report_only = (HEADER_REPORT_ONLY, True) if excluded else (HEADER, False)
        exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
        policy = settings_policy(report_only)
        if policy and not exempt and header not in response:
            response[header] = policy
        # As django-csp does: a nonce asked for after the header is written raises instead of going unused.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
