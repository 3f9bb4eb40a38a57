"""/api/v1/cms/: the editorial content a frontend shows around every page. Public, read-only, cached."""

from django.utils.cache import add_never_cache_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer, ValidationErrorResponseSerializer
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from home import selectors
from home.api import serializers
from home.models import Banner, Footer, NavigationMenu, ServiceGuarantee
from home.previews import preview_snippet
from storefront.api.schema import bad_request
from storefront.errors import NotFound

NO_SUCH_PAGE = OpenApiResponse(ErrorResponse404Serializer, description="`page` beyond the last page.")


class NavigationView(GenericAPIView):
    pagination_class = None

    @extend_schema(summary="Main navigation", responses=serializers.NavigationSerializer, tags=["cms"])
    def get(self, request):
        return Response(serializers.NavigationSerializer(selectors.navigation_data()).data)


class FooterView(GenericAPIView):
    pagination_class = None

    @extend_schema(summary="Footer", responses=serializers.FooterSerializer, tags=["cms"])
    def get(self, request):
        return Response(serializers.FooterSerializer(selectors.footer_data()).data)


class BannerListView(GenericAPIView):
    serializer_class = serializers.BannerSerializer
    filter_backends = []  # the query is validated by BannerQuerySerializer

    @extend_schema(
        summary="Banners live now",
        description=(
            "Published banners inside their display window (starts_at <= now < ends_at), "
            "at `position` or at every position. An unknown `position` is a 400 (`invalid_choice`)."
        ),
        parameters=[serializers.BannerQuerySerializer],
        responses={
            200: serializers.BannerSerializer(many=True),
            400: OpenApiResponse(ValidationErrorResponseSerializer, description="Unknown `position`."),
            404: NO_SUCH_PAGE,
        },
        tags=["cms"],
    )
    def get(self, request):
        query = serializers.BannerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        banners = selectors.banners_data(position=query.validated_data.get("position"))
        page = self.paginate_queryset(banners)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class GuaranteeListView(GenericAPIView):
    serializer_class = serializers.GuaranteeSerializer
    filter_backends = []

    @extend_schema(
        summary="Service guarantees",
        responses={200: serializers.GuaranteeSerializer(many=True), 404: NO_SUCH_PAGE},
        tags=["cms"],
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.guarantees_data())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# What each previewable snippet is shown as: its /api/v1/cms/ shape.
SNIPPET_PREVIEW_DATA = {
    Banner: ("banner", selectors.banner_card),
    NavigationMenu: ("navigation", selectors.navigation_tree),
    Footer: ("footer", selectors.footer_tree),
    ServiceGuarantee: ("guarantee", selectors.guarantee_card),
}


class SnippetPreviewView(APIView):
    """GET /api/v2/snippet_preview/?content_type=home.banner&token=...: a snippet draft the admin sent a separate
    frontend to preview (home.previews), as /api/v1/cms/ shows that kind. Never cached: a draft."""

    @extend_schema(
        operation_id="snippet_preview_retrieve",
        summary="A snippet draft behind a preview token",
        description="Where the admin's preview of a banner, the navigation, the footer or a guarantee sends a "
        "separate frontend (`/preview/?content_type=home.banner&token=...`, with an absolute HEADLESS_PREVIEW_URL): "
        "the draft as /api/v1/cms/ shows its kind, under `type`. Tokens live a day.",
        parameters=[
            OpenApiParameter(
                "content_type",
                OpenApiTypes.STR,
                required=True,
                description="`home.banner`, `home.navigationmenu`, `home.footer` or `home.serviceguarantee`.",
            ),
            OpenApiParameter("token", OpenApiTypes.STR, required=True, description="The preview token."),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="SnippetPreview",
                serializers=serializers.SNIPPET_PREVIEWS,
                resource_type_field_name="type",
            ),
            400: bad_request("SnippetPreviewRetrieveErrorResponse400", "`content_type` or `token` missing."),
            404: OpenApiResponse(
                ErrorResponse404Serializer, description="Unknown snippet type, or a forged or expired token."
            ),
        },
        tags=["content"],
    )
    def get(self, request):
        snippet = preview_snippet(
            content_type=request.query_params.get("content_type", ""), token=request.query_params.get("token", "")
        )
        if type(snippet) not in SNIPPET_PREVIEW_DATA:  # previewable, but not a kind a frontend shows
            raise NotFound("No such snippet type.", attr="content_type")
        preview_type, read = SNIPPET_PREVIEW_DATA[type(snippet)]
        response = Response({"type": preview_type, "value": read(snippet)})
        add_never_cache_headers(response)
        return response
