"""The discount endpoints of the contract (its Promotions section): the public list of the discounts pricing the
catalog now, and staff CRUD. Thin: parse, call one service or selector, render. (Coupons: commerce.api.)"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from catalog import selectors, services
from catalog.api import discount_serializers as s
from catalog.models import Discount
from storefront.api.permissions import StaffModelPermissions
from storefront.api.schema import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, bad_request
from storefront.errors import NotFound


def _is_staff(request) -> bool:
    return bool(request.user and request.user.is_authenticated and request.user.is_staff)


DISCOUNT_ID = OpenApiParameter("discount_id", int, OpenApiParameter.PATH, description="The discount's id.")


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
        description="Staff with `catalog.add_discount`. The discount is published at once; prices change inside its "
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
        description="Staff with `catalog.change_discount`. Scope lists, when sent, replace the current ones.",
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
        description="Staff with `catalog.delete_discount`. Prices go back at once.",
    )
    def delete(self, request, discount_id):
        services.delete_discount(discount=self.discount(request, discount_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
