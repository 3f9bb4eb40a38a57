"""The coupon endpoints of the contract (its Promotions section): staff CRUD on coupons, addressed by code in any
case. Thin: parse, call one service or selector, render. (Discounts are the catalog's: catalog.api.discount_views.)"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from commerce import selectors
from commerce.api import promotion_serializers as s
from commerce.models import Coupon
from commerce.services import promotions as services
from storefront.api.permissions import StaffModelPermissions
from storefront.api.schema import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, bad_request

COUPON_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The coupon's code, in any case.")


# --- coupons --------------------------------------------------------------------------------------


class CouponListView(GenericAPIView):
    queryset = Coupon.objects.all()
    serializer_class = s.CouponSerializer
    permission_classes = [StaffModelPermissions]

    @extend_schema(
        operation_id="coupons_list",
        responses={200: s.CouponSerializer(many=True), 401: UNAUTHENTICATED, 403: FORBIDDEN},
        description="Staff with `commerce.view_coupon`: every coupon, newest first, with its `used_count`.",
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.coupons())
        return self.get_paginated_response(s.CouponSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coupons_create",
        request=s.CouponWriteSerializer,
        responses={
            201: s.CouponSerializer,
            400: bad_request("CouponCreateErrorResponse400", "Invalid input, or the code exists (in any case)."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
        description="Staff with `commerce.add_coupon`. `used_count` is the server's (ignored when sent).",
    )
    def post(self, request):
        data = s.CouponWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        coupon = services.create_coupon(**data.validated_data)
        return Response(s.CouponSerializer(coupon).data, status=status.HTTP_201_CREATED)


class CouponDetailView(GenericAPIView):
    queryset = Coupon.objects.all()
    serializer_class = s.CouponSerializer
    permission_classes = [StaffModelPermissions]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    @extend_schema(
        operation_id="coupons_retrieve",
        parameters=[COUPON_CODE],
        responses={200: s.CouponSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, code):
        return Response(s.CouponSerializer(selectors.coupon_or_404(code)).data)

    @extend_schema(
        operation_id="coupons_partial_update",
        parameters=[COUPON_CODE],
        request=s.CouponUpdateSerializer(partial=True),
        responses={
            200: s.CouponSerializer,
            400: bad_request("CouponUpdateErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="Staff with `commerce.change_coupon`. The code and `used_count` do not change; a `usage_limit` "
        "below the uses already counted is a 400.",
    )
    def patch(self, request, code):
        coupon = selectors.coupon_or_404(code)
        data = s.CouponUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        coupon = services.update_coupon(coupon=coupon, **data.validated_data)
        return Response(s.CouponSerializer(coupon).data)

    @extend_schema(
        operation_id="coupons_destroy",
        parameters=[COUPON_CODE],
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
        description="Staff with `commerce.delete_coupon`. Orders keep the code and discount they got.",
    )
    def delete(self, request, code):
        services.delete_coupon(coupon=selectors.coupon_or_404(code))
        return Response(status=status.HTTP_204_NO_CONTENT)
