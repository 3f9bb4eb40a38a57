"""Server-rendered pages of the content app that Wagtail's page routing does not serve."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, PreviewableMixin

from home.previews import preview_draft
from storefront.errors import DomainError


@never_cache
@require_GET
@csp_replace({"frame-ancestors": [SELF]})  # shown in the Wagtail admin's preview panel, an iframe
def preview(request):
    """The default headless-preview client: renders the draft behind ``?content_type=&token=`` with the
    page's own template, as the live page would look (a snippet's: with its preview template)."""
    try:
        draft = preview_draft(content_type=request.GET.get("content_type", ""), token=request.GET.get("token", ""))
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    request.is_preview = True
    request.preview_mode = ""
    # A snippet: its template preview, not its serve_preview (which would send the editor here again).
    response = draft.serve(request) if isinstance(draft, Page) else PreviewableMixin.serve_preview(draft, request, "")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
