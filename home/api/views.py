"""/api/v1/cms/: the editorial content a frontend shows around every page. Public, read-only, cached."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer, ValidationErrorResponseSerializer
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from home import selectors
from home.api import serializers

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
