"""Wagtail's own content API (v2) at /api/v2/, and the draft preview endpoint of wagtail-headless-preview.

Its links (``detail_url``, ``html_url``, ``download_url``, the ``find/`` redirect) name the host the request
reached, or PUBLIC_BASE_URL when one is configured (storefront.public_urls); Wagtail's own name
WAGTAILAPI_BASE_URL or the Site record's hostname, whatever host the caller used. These answers are built per
request; the cache that keeps anonymous answers (catalog.cache, registered in home.apps) keys them on scheme and
host, so no caller is sent another caller's host.
"""

from django.http import Http404
from django.urls.exceptions import NoReverseMatch
from rest_framework.fields import SkipField
from rest_framework.response import Response
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2 import serializers as document_serializers
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2 import serializers as image_serializers
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from home.previews import preview_page
from storefront.public_urls import absolute_url, rebased_url


class DetailUrlField(wagtail_serializers.DetailUrlField):
    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint serves this model (as Wagtail's field does)
        return absolute_url(self.context["request"], path)


class PageHtmlUrlField(wagtail_serializers.PageHtmlUrlField):
    def to_representation(self, page):
        request = self.context["request"]
        try:
            url = page.get_url(request)  # a path on the request's site, absolute for a page of another site
        except NoReverseMatch:
            return None
        return absolute_url(request, url) if url else None


def _page_reference(page, context) -> dict:
    """``{id, meta: {type, detail_url, html_url}, title}`` of a page, as Wagtail nests a parent or an alias."""
    serializer_class = wagtail_serializers.get_serializer_class(
        type(page),
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=PageSerializer,
    )
    return serializer_class(context=context).to_representation(page)


class PageParentField(wagtail_serializers.PageParentField):
    def get_attribute(self, instance):
        # The parent if the caller may see it, in one query (Wagtail's field reads the parent, then checks it).
        if instance.depth <= 1:
            return None
        return self.context["base_queryset"].parent_of(instance).first()

    def to_representation(self, value):
        return _page_reference(value, self.context)


class PageAliasOfField(wagtail_serializers.PageAliasOfField):
    def to_representation(self, value):
        return _page_reference(value, self.context)


class PageSerializer(wagtail_serializers.PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)
    parent = PageParentField(read_only=True)
    alias_of = PageAliasOfField(read_only=True)


class ImageSerializer(image_serializers.ImageSerializer):
    detail_url = DetailUrlField(read_only=True)


class DocumentDownloadUrlField(document_serializers.DocumentDownloadUrlField):
    def to_representation(self, document):
        return absolute_url(self.context["request"], document.url)


class DocumentSerializer(document_serializers.DocumentSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = DocumentDownloadUrlField(read_only=True)


class RequestHostFindMixin:
    """find/ redirects to the detail URL on this request's host (Wagtail's redirect names WAGTAILAPI_BASE_URL);
    with ``?redirect=false`` it answers the object itself, as the detail URL would, so a frontend resolving a path
    pays one request, not two."""

    def find_view(self, request):
        if request.GET.get("redirect") == "false":
            return self._found_object_view(request)
        response = super().find_view(request)
        response["Location"] = rebased_url(request, response["Location"])
        return response

    def _found_object_view(self, request):
        try:
            found = self.find_object(self.get_queryset(), request)
        except self.model.DoesNotExist:
            found = None
        if found is None:
            raise Http404("not found")
        self.kwargs["pk"] = found.pk
        self.action = "detail_view"  # the detail's fields, not the listing's
        return self.detail_view(request, found.pk)


class PagesAPIViewSet(RequestHostFindMixin, WagtailPagesAPIViewSet):
    base_serializer_class = PageSerializer
    find_query_parameters = WagtailPagesAPIViewSet.find_query_parameters.union(["redirect"])

    def get_base_queryset(self):
        # Built once per request: Wagtail asks for it for the lookup and again for the serializer, and each build
        # reads every view restriction.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset


class ImagesAPIViewSet(RequestHostFindMixin, WagtailImagesAPIViewSet):
    base_serializer_class = ImageSerializer
    find_query_parameters = WagtailImagesAPIViewSet.find_query_parameters.union(["redirect"])


class DocumentsAPIViewSet(RequestHostFindMixin, WagtailDocumentsAPIViewSet):
    base_serializer_class = DocumentSerializer
    find_query_parameters = WagtailDocumentsAPIViewSet.find_query_parameters.union(["redirect"])


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """GET /api/v2/page_preview/?content_type=home.homepage&token=... : the draft behind a preview token,
    serialized exactly like /api/v2/pages/{id}/ serializes the live page (the package ships no view)."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    def listing_view(self, request):
        # Same serializer and fields as the detail view: a frontend renders preview and live alike.
        self.action = "detail_view"
        return self.detail_view(request, 0)

    def detail_view(self, request, pk):
        return Response(self.get_serializer(self.get_object()).data)

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = preview_page(
                content_type=self.request.GET.get("content_type", ""), token=self.request.GET.get("token", "")
            )
            if page.pk is None:
                page.pk = 0  # a page not created yet ("id" stays null): building meta.detail_url needs a pk
            self._cached_object = page
        return self._cached_object


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
