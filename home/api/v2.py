"""Wagtail's own content API (v2) at /api/v2/, and the draft preview endpoint of wagtail-headless-preview.

Its links (``detail_url``, ``html_url``, ``download_url``, the ``find/`` redirect) name the host the request
reached, or PUBLIC_BASE_URL when one is configured (storefront.public_urls); Wagtail's own name
WAGTAILAPI_BASE_URL or the Site record's hostname, whatever host the caller used. These answers are built per
request; the cache that keeps anonymous answers (catalog.cache, registered in home.apps) keys them on scheme and
host, so no caller is sent another caller's host.
"""

from django.http import Http404
from django.urls import path
from django.urls.exceptions import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from rest_framework.fields import SkipField
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2 import serializers as document_serializers
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2 import serializers as image_serializers
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Site

from home.api import v2_schema as schema
from home.previews import preview_page
from storefront.api.errors import BadRequest
from storefront.api.renderers import JSONRenderer
from storefront.public_urls import absolute_media_url, absolute_url, rebased_url


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
        # None without a query for a site's root page (the home page): the pages served are that root's subtree.
        site = Site.find_for_request(self.context["request"])
        if instance.depth <= 1 or (site is not None and instance.pk == site.root_page_id):
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


class ImageDownloadUrlField(image_serializers.ImageDownloadUrlField):
    def to_representation(self, image):
        return absolute_media_url(self.context["request"], image.file.url)


class ImageSerializer(image_serializers.ImageSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = ImageDownloadUrlField(read_only=True)


class DocumentDownloadUrlField(document_serializers.DocumentDownloadUrlField):
    def to_representation(self, document):
        return absolute_url(self.context["request"], document.url)  # served by Wagtail's view: a site path


class DocumentSerializer(document_serializers.DocumentSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = DocumentDownloadUrlField(read_only=True)


class ContractMixin:
    """Answers as the rest of the API gives them: errors in the contract's shape (``{"type", "errors": [...]}``;
    Wagtail's own handler answers ``{"message": ...}`` for a bad query and for a 404), and image URLs absolute
    (the API's JSON renderer: block values such as a hero's image carry the storage's URL)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            exc = BadRequest(detail=str(exc))
        return APIView.handle_exception(self, exc)  # DRF's, past Wagtail's


class RequestHostFindMixin(ContractMixin):
    """find/ redirects to the detail URL on this request's host (Wagtail's redirect names WAGTAILAPI_BASE_URL);
    with ``?redirect=false`` it answers the object itself, as the detail URL would, so a frontend resolving a path
    pays one request, not two."""

    def find_view(self, request):
        if request.GET.get("redirect") == "false":
            return self._found_object_view(request)
        response = super().find_view(request)
        response["Location"] = rebased_url(request, response["Location"])
        return response

    def find_object(self, queryset, request):
        if "id" in request.GET and not request.GET["id"].isdigit():
            return None  # Wagtail would look the text up as an id (a 500): no such object
        return super().find_object(queryset, request)

    def _found_object_view(self, request):
        try:
            found = self.find_object(self.get_queryset(), request)
        except self.model.DoesNotExist:
            found = None
        if found is None:
            raise Http404("not found")
        self.kwargs["pk"] = found.pk
        self._found_object = found  # what the detail view answers, not looked up a second time
        self.action = "detail_view"  # the detail's fields, not the listing's
        return self.detail_view(request, found.pk)

    def get_object(self):
        found = getattr(self, "_found_object", None)
        return super().get_object() if found is None else self.as_detail_object(found)

    def as_detail_object(self, found):
        return found


FIND_PARAMETERS = [
    OpenApiParameter("id", OpenApiTypes.INT, description="The object's id."),
    OpenApiParameter(
        "redirect",
        OpenApiTypes.STR,
        enum=["false"],
        description="`false`: answer the object itself (200, as its detail URL would) instead of a 302 to it.",
    ),
]
LOCATION = OpenApiParameter(
    "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[302], description="The detail URL."
)


class PagesAPIViewSet(RequestHostFindMixin, WagtailPagesAPIViewSet):
    base_serializer_class = PageSerializer
    find_query_parameters = WagtailPagesAPIViewSet.find_query_parameters.union(["redirect"])

    @extend_schema(
        operation_id="pages_list",
        summary="Public pages",
        parameters=schema.PAGE_LIST_PARAMETERS,
        responses={200: schema.PageListing, 400: schema.bad_query("PagesList")},
        tags=schema.TAGS,
    )
    def listing_view(self, request):
        """Public pages, with their listing fields; `?fields=` adds more."""
        return super().listing_view(request)

    @extend_schema(
        operation_id="pages_retrieve",
        summary="A page with its body",
        parameters=[schema.FIELDS],
        responses={200: schema.PAGE_DETAIL, 400: schema.bad_query("PagesRetrieve"), 404: schema.NOT_FOUND},
        tags=schema.TAGS,
    )
    def detail_view(self, request, pk):
        """The page with its detail fields: the body's blocks resolved (products as the catalog shows them)."""
        return super().detail_view(request, pk)

    @extend_schema(
        operation_id="pages_find",
        summary="The page at a path",
        parameters=[
            OpenApiParameter("html_path", OpenApiTypes.STR, description="A site path: `/`, `/about/`."),
            *FIND_PARAMETERS,
            LOCATION,
        ],
        responses={
            200: schema.PAGE_DETAIL,
            302: schema.FIND_REDIRECT,
            400: schema.bad_query("PagesFind"),
            404: schema.NOT_FOUND,
        },
        tags=schema.TAGS,
    )
    def find_view(self, request):
        """`html_path=/about/`: the page the site serves at that path, as a 302 to its detail URL on this host,
        or with `redirect=false` the page itself."""
        return super().find_view(request)

    def as_detail_object(self, found):
        return found.specific  # as Wagtail's detail view serves a page (no query when routing found it)

    def get_base_queryset(self):
        # Built once per request: Wagtail asks for it for the lookup and again for the serializer, and each build
        # reads every view restriction.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset


def _file_endpoint_schema(name: str, listing, detail) -> dict:
    """``extend_schema`` arguments for the list, detail and find views of images or documents."""
    not_found = OpenApiResponse(ErrorResponse404Serializer, description=f"No such {name[:-1]}.")
    title = name.title()
    return {
        "listing_view": extend_schema(
            operation_id=f"{name}_list",
            description=f"The {name}, with their listing fields.",
            parameters=schema.IMAGE_LIST_PARAMETERS,
            responses={200: listing, 400: schema.bad_query(f"{title}List")},
            tags=schema.TAGS,
        ),
        "detail_view": extend_schema(
            operation_id=f"{name}_retrieve",
            description=f"One of the {name}.",
            parameters=[schema.FIELDS],
            responses={200: detail, 400: schema.bad_query(f"{title}Retrieve"), 404: not_found},
            tags=schema.TAGS,
        ),
        "find_view": extend_schema(
            operation_id=f"{name}_find",
            description="`id=N`: a 302 to its detail URL on this host, or with `redirect=false` the object itself.",
            parameters=[*FIND_PARAMETERS, LOCATION],
            responses={
                200: detail,
                302: schema.FIND_REDIRECT,
                400: schema.bad_query(f"{title}Find"),
                404: not_found,
            },
            tags=schema.TAGS,
        ),
    }


class ImagesAPIViewSet(RequestHostFindMixin, WagtailImagesAPIViewSet):
    base_serializer_class = ImageSerializer
    find_query_parameters = WagtailImagesAPIViewSet.find_query_parameters.union(["redirect"])
    _schema = _file_endpoint_schema("images", schema.ImageListing, schema.ImageDetail)

    @_schema["listing_view"]
    def listing_view(self, request):
        return super().listing_view(request)

    @_schema["detail_view"]
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @_schema["find_view"]
    def find_view(self, request):
        return super().find_view(request)


class DocumentsAPIViewSet(RequestHostFindMixin, WagtailDocumentsAPIViewSet):
    base_serializer_class = DocumentSerializer
    find_query_parameters = WagtailDocumentsAPIViewSet.find_query_parameters.union(["redirect"])
    _schema = _file_endpoint_schema("documents", schema.DocumentListing, schema.DocumentItem)

    @_schema["listing_view"]
    def listing_view(self, request):
        return super().listing_view(request)

    @_schema["detail_view"]
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @_schema["find_view"]
    def find_view(self, request):
        return super().find_view(request)


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """GET /api/v2/page_preview/?content_type=home.homepage&token=... : the draft behind a preview token,
    serialized exactly like /api/v2/pages/{id}/ serializes the live page (the package ships no view)."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]  # no detail or find of its own

    @extend_schema(
        operation_id="page_preview_retrieve",
        summary="A draft behind a preview token",
        description="What the admin's preview sends the frontend to (`/preview/?content_type=...&token=...`): the "
        "draft, in the same shape as the live page's detail. Tokens live a day.",
        parameters=[
            OpenApiParameter(
                "content_type", OpenApiTypes.STR, required=True, description="`app_label.model`: `home.homepage`."
            ),
            OpenApiParameter("token", OpenApiTypes.STR, required=True, description="The preview token."),
        ],
        responses={
            200: schema.PAGE_DETAIL,
            400: schema.bad_request("PagePreviewRetrieveErrorResponse400", "`content_type` or `token` missing."),
            404: schema.OpenApiResponse(
                schema.ErrorResponse404Serializer, description="Unknown page type, or a forged or expired token."
            ),
        },
        tags=schema.TAGS,
    )
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
