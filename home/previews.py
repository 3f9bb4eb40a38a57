"""Headless preview: from a wagtail-headless-preview token back to the draft page it was made for.

Used by /api/v2/page_preview/ (for a separate frontend) and by /preview/ (our own server-rendered
preview, the default client URL), so both show exactly the same draft.
"""

from django.apps import apps
from django.core.signing import BadSignature
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from storefront.errors import InvalidInput, NotFound


def preview_page(*, content_type: str, token: str) -> Page:
    """The unsaved draft page stored under ``token`` for the page type ``content_type`` ("app_label.model").

    Raises InvalidInput when a parameter is missing or malformed, NotFound when the type is not previewable
    or the token is forged, unknown or garbage-collected.
    """
    if not content_type:
        raise InvalidInput("This parameter is required.", code="required", attr="content_type")
    if not token:
        raise InvalidInput("This parameter is required.", code="required", attr="token")
    app_label, _, model_name = content_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as exc:
        raise NotFound("No such page type.", attr="content_type") from exc
    if not (issubclass(model, Page) and issubclass(model, HeadlessPreviewMixin)):
        raise NotFound("No such page type.", attr="content_type")
    try:
        page = model.get_page_from_preview_token(token)  # checks the signature before the lookup
    except BadSignature as exc:
        raise NotFound("Unknown or expired preview.", attr="token") from exc
    if page is None:
        raise NotFound("Unknown or expired preview.", attr="token")
    return page


def garbage_collect_previews() -> None:
    """Delete preview drafts older than a day (the package's own rule); safe to run any time, twice."""
    PagePreview.garbage_collect()
