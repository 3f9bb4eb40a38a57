"""Headless preview: from a wagtail-headless-preview token back to the draft it was made for.

Pages: used by /api/v2/page_preview/ (for a separate frontend) and by /preview/ (our own server-rendered
preview, the default client URL), so both show exactly the same draft.

Snippets (navigation, footer, banners, guarantees): wagtail-headless-preview's mixin is for pages only (it stores
``Page.to_json()``, names the parent page and reads ``Page.content_type``), so ``HeadlessSnippetPreviewMixin`` does
the same for them: while the preview client is a separate frontend (an absolute HEADLESS_PREVIEW_URL), the admin's
preview stores the snippet's form state under a signed token in the package's table (collected with the pages')
and redirects to the client with ``?content_type=home.banner&token=...``; /api/v2/snippet_preview/ answers it in
the shape /api/v1/cms/ shows. With the default client (this site's /preview/ path) the admin renders the
snippet's own preview template, as before.
"""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signing import BadSignature, TimestampSigner
from django.shortcuts import redirect
from django.utils.http import urlencode
from wagtail.models import Page, PreviewableMixin, Site
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview, get_client_root_url_from_site

from storefront.errors import InvalidInput, NotFound


def _previewable_model(content_type: str, token: str, *, base: type, what: str):
    if not content_type:
        raise InvalidInput("This parameter is required.", code="required", attr="content_type")
    if not token:
        raise InvalidInput("This parameter is required.", code="required", attr="token")
    app_label, _, model_name = content_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as exc:
        raise NotFound(f"No such {what} type.", attr="content_type") from exc
    if not issubclass(model, base):
        raise NotFound(f"No such {what} type.", attr="content_type")
    return model


def preview_page(*, content_type: str, token: str) -> Page:
    """The unsaved draft page stored under ``token`` for the page type ``content_type`` ("app_label.model").

    Raises InvalidInput when a parameter is missing or malformed, NotFound when the type is not previewable
    or the token is forged, unknown or garbage-collected.
    """
    model = _previewable_model(content_type, token, base=HeadlessPreviewMixin, what="page")
    if not issubclass(model, Page):
        raise NotFound("No such page type.", attr="content_type")
    try:
        page = model.get_page_from_preview_token(token)  # checks the signature before the lookup
    except BadSignature as exc:
        raise NotFound("Unknown or expired preview.", attr="token") from exc
    if page is None:
        raise NotFound("Unknown or expired preview.", attr="token")
    return page


class HeadlessSnippetPreviewMixin:
    """Headless previews for a snippet with PreviewableMixin and RevisionMixin (see the module's docstring)."""

    @classmethod
    def get_preview_signer(cls) -> TimestampSigner:
        return TimestampSigner(salt="headlesspreview.snippet")

    @classmethod
    def get_content_type_str(cls) -> str:
        return f"{cls._meta.app_label}.{cls._meta.model_name}"

    def serve_preview(self, request, mode_name):
        client_url = get_client_root_url_from_site(Site.find_for_request(request))
        if client_url.startswith("/"):
            return super().serve_preview(request, mode_name)  # this site's own preview: the snippet's template
        PagePreview.garbage_collect()
        identifier = f"{self.get_content_type_str()}:{self.pk or 'new'}"
        token = self.get_preview_signer().sign(identifier)
        PagePreview.objects.update_or_create(
            token=token,
            defaults={
                "content_type": ContentType.objects.get_for_model(type(self)),
                "content_json": json.dumps(self.serializable_data(), cls=DjangoJSONEncoder),
            },
        )
        return redirect(f"{client_url}?{urlencode({'content_type': self.get_content_type_str(), 'token': token})}")

    @classmethod
    def from_preview_token(cls, token: str):
        """The unsaved draft stored under ``token``, or None (unknown, or collected). Raises BadSignature."""
        cls.get_preview_signer().unsign(token)
        preview = PagePreview.objects.filter(content_type=ContentType.objects.get_for_model(cls), token=token).first()
        if preview is None:
            return None
        return cls.from_serializable_data(json.loads(preview.content_json), check_fks=False)


def preview_snippet(*, content_type: str, token: str) -> PreviewableMixin:
    """The unsaved snippet draft stored under ``token`` for ``content_type``; raises as ``preview_page``."""
    model = _previewable_model(content_type, token, base=HeadlessSnippetPreviewMixin, what="snippet")
    try:
        snippet = model.from_preview_token(token)
    except BadSignature as exc:
        raise NotFound("Unknown or expired preview.", attr="token") from exc
    if snippet is None:
        raise NotFound("Unknown or expired preview.", attr="token")
    return snippet


def preview_draft(*, content_type: str, token: str):
    """The page draft or the snippet draft behind ``token``, whichever kind ``content_type`` names."""
    try:
        return preview_page(content_type=content_type, token=token)
    except NotFound as exc:
        if exc.attr != "content_type":
            raise
    return preview_snippet(content_type=content_type, token=token)


def garbage_collect_previews() -> None:
    """Delete preview drafts older than a day (the package's own rule); safe to run any time, twice."""
    PagePreview.garbage_collect()
