"""The Promotions endpoints of the contract: the public list of active discounts, staff CRUD on discounts and on
coupons (addressed by code, in any case). Thin: parse, call one service or selector, render."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from commerce import selectors
from commerce.api import promotion_serializers as s
from commerce.models import Coupon, Discount
from commerce.services import promotions as services
from storefront.api.permissions import StaffModelPermissions
from storefront.api.schema import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, bad_request
from storefront.errors import NotFound


def _is_staff(request) -> bool:
    return bool(request.user and request.user.is_authenticated and request.user.is_staff)


DISCOUNT_ID = OpenApiParameter("discount_id", int, OpenApiParameter.PATH, description="The discount's id.")
COUPON_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The coupon's code, in any case.")


# --- discounts ------------------------------------------------------------------------------------


class DiscountListView(GenericAPIView):
    queryset = Discount.objects.all()  # the model DjangoModelPermissions checks; reads go through selectors
    serializer_class = s.DiscountSerializer
    permission_classes = [StaffModelPermissions]
    public_reads = True

    @extend_schema(
        operation_id="discounts_list",
        parameters=[s.DiscountListQuerySerializer],
        responses={200: s.DiscountSerializer(many=True), 400: bad_request("DiscountListErrorResponse400")},
        description="Public: the discounts pricing the catalog now (published, switched on, inside their window), "
        "soonest ending first. Empty scope lists mean the whole catalog. Staff may pass `all=true` for every "
        "discount.",
    )
    def get(self, request):
        query = s.DiscountListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        discounts = selectors.all_discounts() if query.validated_data["all"] and _is_staff(request) else None
        page = self.paginate_queryset(discounts if discounts is not None else selectors.active_discounts())
        return self.get_paginated_response(s.DiscountSerializer(page, many=True).data)

    @extend_schema(
        operation_id="discounts_create",
        request=s.DiscountInputSerializer,
        responses={
            201: s.DiscountSerializer,
            400: bad_request("DiscountCreateErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
        description="Staff with `commerce.add_discount`. The discount is published at once; prices change inside its "
        "window.",
    )
    def post(self, request):
        data = s.DiscountInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        discount = services.create_discount(**data.validated_data)
        return Response(
            s.DiscountSerializer(selectors.discount_or_404(discount.pk)).data, status=status.HTTP_201_CREATED
        )


class DiscountDetailView(GenericAPIView):
    queryset = Discount.objects.all()
    serializer_class = s.DiscountSerializer
    permission_classes = [StaffModelPermissions]
    public_reads = True
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def discount(self, request, discount_id: int) -> Discount:
        discount = selectors.discount_or_404(discount_id)
        if not _is_staff(request) and not selectors.active_discounts().filter(pk=discount.pk).exists():
            raise NotFound("Discount not found.")  # the public sees running discounts only
        return discount

    @extend_schema(
        operation_id="discounts_retrieve",
        parameters=[DISCOUNT_ID],
        responses={200: s.DiscountSerializer, 404: NOT_FOUND},
        description="Public for a running discount; staff see any.",
    )
    def get(self, request, discount_id):
        return Response(s.DiscountSerializer(self.discount(request, discount_id)).data)

    @extend_schema(
        operation_id="discounts_partial_update",
        parameters=[DISCOUNT_ID],
        request=s.DiscountInputSerializer(partial=True),
        responses={
            200: s.DiscountSerializer,
            400: bad_request("DiscountUpdateErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="Staff with `commerce.change_discount`. Scope lists, when sent, replace the current ones.",
    )
    def patch(self, request, discount_id):
        discount = self.discount(request, discount_id)
        data = s.DiscountInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        discount = services.update_discount(discount=discount, **data.validated_data)
        return Response(s.DiscountSerializer(selectors.discount_or_404(discount.pk)).data)

    @extend_schema(
        operation_id="discounts_destroy",
        parameters=[DISCOUNT_ID],
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
        description="Staff with `commerce.delete_discount`. Prices go back at once.",
    )
    def delete(self, request, discount_id):
        services.delete_discount(discount=self.discount(request, discount_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
