"""The Carts, Orders and Inventory endpoints of the contract. Thin: parse, call one service or selector, render."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import attach_first_images
from catalog.variants import variant_or_404
from commerce import selectors
from commerce.api import serializers as s
from commerce.api.schema import (
    FORBIDDEN,
    IDEMPOTENCY_KEY,
    NOT_FOUND,
    ORDER_TOKEN,
    ORDER_TOKEN_HEADER,
    UNAUTHENTICATED,
    bad_request,
    conflict,
)
from commerce.models import Order, Payment, Stock, StockMovement
from commerce.payment_config import REDIRECT
from commerce.permissions import CommerceStaffPermissions, check_may_cancel, order_token
from commerce.services import carts as cart_services
from commerce.services import idempotency
from commerce.services import orders as order_services
from commerce.services import payments as payment_services
from commerce.services import stock as stock_services
from commerce.throttles import CouponCartThrottle, CouponIPThrottle
from storefront.api.schema import THROTTLED
from storefront.errors import NotFound

# --- carts ----------------------------------------------------------------------------------------

CART_CHECKED_OUT = conflict("CartCheckedOut", ["cart_checked_out"], "The cart has been checked out (read-only).")
CART_ITEM_CONFLICT = conflict(
    "CartItem", ["out_of_stock", "cart_checked_out"], "More than is available, or the cart is checked out."
)


def render_cart(cart) -> dict:
    cart = selectors.carts_with_items().get(pk=cart.pk)
    priced = selectors.price_cart(cart)
    attach_first_images([line.item.product for line in priced.lines])
    return s.CartSerializer(priced).data


class _CartView(APIView):
    permission_classes = [permissions.AllowAny]

    def remember_guest_cart(self, request, cart) -> None:
        # Anonymous browsers keep their cart in the session, so signing in can merge it.
        if not request.user.is_authenticated and request.session.get(cart_services.CART_SESSION_KEY) != str(cart.pk):
            request.session[cart_services.CART_SESSION_KEY] = str(cart.pk)


class CartCreateView(_CartView):
    @extend_schema(operation_id="carts_create", request=s.CartCreateInputSerializer, responses={201: s.CartSerializer})
    def post(self, request):
        data = s.CartCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = cart_services.create_cart(user=request.user, source=data.validated_data["source"])
        self.remember_guest_cart(request, cart)
        return Response(render_cart(cart), status=status.HTTP_201_CREATED)


class CartDetailView(_CartView):
    @extend_schema(operation_id="carts_retrieve", responses={200: s.CartSerializer, 404: NOT_FOUND})
    def get(self, request, cart_id):
        return Response(render_cart(cart_services.get_cart(cart_id=cart_id, user=request.user)))


class CartItemsView(_CartView):
    @extend_schema(
        operation_id="carts_items_create",
        request=s.CartItemInputSerializer,
        responses={
            201: s.CartSerializer,
            400: bad_request("CartItemCreateErrorResponse400"),
            404: NOT_FOUND,
            409: CART_ITEM_CONFLICT,
        },
    )
    def post(self, request, cart_id):
        data = s.CartItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = cart_services.add_to_cart(
            cart_id=cart_id,
            user=request.user,
            product_slug=data.validated_data.get("product"),
            variant_sku=data.validated_data.get("variant"),
            quantity=data.validated_data["quantity"],
            source=data.validated_data["source"],
        )
        self.remember_guest_cart(request, cart)
        return Response(render_cart(cart), status=status.HTTP_201_CREATED)


class CartItemDetailView(_CartView):
    @extend_schema(
        operation_id="carts_items_update",
        request=s.CartItemUpdateSerializer,
        responses={
            200: s.CartSerializer,
            400: bad_request("CartItemUpdateErrorResponse400"),
            404: NOT_FOUND,
            409: CART_ITEM_CONFLICT,
        },
    )
    def patch(self, request, cart_id, item_id):
        data = s.CartItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = cart_services.update_cart_item(
            cart_id=cart_id, user=request.user, item_id=item_id, quantity=data.validated_data["quantity"]
        )
        return Response(render_cart(cart))

    @extend_schema(
        operation_id="carts_items_destroy",
        responses={200: s.CartSerializer, 404: NOT_FOUND, 409: CART_CHECKED_OUT},
    )
    def delete(self, request, cart_id, item_id):
        return Response(
            render_cart(cart_services.remove_cart_item(cart_id=cart_id, user=request.user, item_id=item_id))
        )


class CartCouponView(_CartView):
    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request is not None and self.request.method == "POST":
            throttles += [CouponCartThrottle(), CouponIPThrottle()]  # guessing codes: per cart and per IP
        return throttles

    @extend_schema(
        operation_id="carts_coupon_apply",
        request=s.CouponInputSerializer,
        responses={
            200: s.CartSerializer,
            400: bad_request(
                "CartCouponErrorResponse400",
                "`invalid_coupon`: unknown, expired, not yet valid, or the cart does not meet its minimum.",
            ),
            404: NOT_FOUND,
            409: conflict("CartCoupon", ["coupon_exhausted", "cart_checked_out"], "Coupon used up, or cart closed."),
            429: THROTTLED,
        },
        description="Apply a coupon code (any case) to the cart. Attempts are rate-limited per cart and per client "
        "IP (429 with `Retry-After`). The use is only counted when the order is placed.",
    )
    def post(self, request, cart_id):
        data = s.CouponInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = cart_services.apply_coupon(cart_id=cart_id, user=request.user, code=data.validated_data["code"])
        return Response(render_cart(cart))

    @extend_schema(
        operation_id="carts_coupon_remove", responses={200: s.CartSerializer, 404: NOT_FOUND, 409: CART_CHECKED_OUT}
    )
    def delete(self, request, cart_id):
        return Response(render_cart(cart_services.remove_coupon(cart_id=cart_id, user=request.user)))


# --- orders ---------------------------------------------------------------------------------------

INVALID_TRANSITION = conflict(
    "OrderTransition",
    ["invalid_transition", "refund_failed"],
    "Not allowed from the order's status, or the payment provider refused the refund (the order is unchanged; "
    "`detail` says why).",
)


def render_order(order, *, access_token: str | None = None) -> dict:
    data = dict(s.OrderCreatedSerializer(order).data)
    data.pop("access_token", None)
    if access_token:
        data["access_token"] = access_token
    return data


class OrderListCreateView(GenericAPIView):
    queryset = Order.objects.none()  # for the schema; reads go through selectors
    serializer_class = s.OrderSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        operation_id="orders_list",
        parameters=[s.OrderListQuerySerializer],
        responses={
            200: s.OrderSerializer(many=True),
            400: bad_request("OrderListErrorResponse400"),
            401: UNAUTHENTICATED,
        },
        description="The caller's orders, newest first. Staff with `commerce.view_order` see all orders and may "
        "filter by `status` and `email`.",
    )
    def get(self, request):
        query = s.OrderListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        orders = selectors.orders_visible_to(request.user, **query.validated_data)
        page = self.paginate_queryset(orders)
        return self.get_paginated_response(s.OrderSerializer(page, many=True).data)

    @extend_schema(
        operation_id="orders_create",
        parameters=[IDEMPOTENCY_KEY],
        request=s.OrderCreateInputSerializer,
        responses={
            201: s.OrderCreatedSerializer,
            400: bad_request("OrderCreateErrorResponse400", "Invalid input, or `cart_empty`."),
            404: NOT_FOUND,
            409: conflict(
                "OrderCreate",
                ["out_of_stock", "coupon_exhausted", "cart_checked_out", "idempotency_key_reused"],
                "`out_of_stock` names the cart line in `attr` (`items.<index>.quantity`).",
            ),
        },
    )
    def post(self, request):
        data = s.OrderCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key")
        placed = order_services.place_order(
            cart_id=data.validated_data["cart"],
            email=data.validated_data.get("email"),
            shipping_address=data.validated_data["shipping_address"],
            user=request.user,
            idempotency_key=key,
            request_hash=idempotency.request_hash(request.data) if key is not None else "",
            render=lambda placed: render_order(placed.order, access_token=placed.access_token),
        )
        # Every guest order answers with its token, with or without a key; a replay returns the stored answer.
        body = (
            placed.response
            if placed.response is not None
            else render_order(placed.order, access_token=placed.access_token)
        )
        return Response(body, status=status.HTTP_201_CREATED)


class _OrderView(APIView):
    permission_classes = [permissions.AllowAny]

    def get_order(self, request, number):
        return selectors.order_for(number=number, user=request.user, token=order_token(request))


class OrderDetailView(_OrderView):
    @extend_schema(
        operation_id="orders_retrieve",
        parameters=[ORDER_TOKEN_HEADER, ORDER_TOKEN],
        responses={200: s.OrderSerializer, 404: NOT_FOUND},
        description="Owner, staff with `commerce.view_order`, or a guest with the order's `access_token` (the "
        "`X-Order-Token` header, or `?token=`); anyone else gets a 404.",
    )
    def get(self, request, number):
        return Response(render_order(self.get_order(request, number)))


class OrderCancelView(_OrderView):
    @extend_schema(
        operation_id="orders_cancel",
        parameters=[ORDER_TOKEN_HEADER, ORDER_TOKEN],
        request=s.OrderCancelInputSerializer,
        responses={
            200: s.OrderSerializer,
            400: bad_request("OrderCancelErrorResponse400"),
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: INVALID_TRANSITION,
        },
        description="The owner (a guest with the order's token) or staff with `commerce.change_order`, while "
        "`pending` or `paid`; the stock goes back and a captured payment is refunded through its provider (a "
        "refusal is a 409 `refund_failed` and changes nothing). Staff who may only read the order get a 403; an "
        "order the caller may not read is a 404.",
    )
    def post(self, request, number):
        order = self.get_order(request, number)
        check_may_cancel(user=request.user, order=order, token=order_token(request))
        data = s.OrderCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_services.cancel_order(order=order, by=request.user, note=data.validated_data["note"])
        return Response(render_order(selectors.orders_with_details().get(pk=order.pk)))


class OrderTransitionView(GenericAPIView):
    permission_classes = [CommerceStaffPermissions]
    queryset = Order.objects.none()  # names the model whose permission it takes: commerce.change_order

    @extend_schema(
        operation_id="orders_transition",
        request=s.OrderTransitionInputSerializer,
        responses={
            200: s.OrderSerializer,
            400: bad_request("OrderTransitionErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: INVALID_TRANSITION,
        },
        description="Staff with `commerce.change_order`. Allowed: pending→paid, pending→cancelled, paid→shipped, "
        "paid→cancelled, shipped→delivered, paid|shipped|delivered→refunded.",
    )
    def post(self, request, number):
        order = selectors.order_for(number=number, user=request.user)
        data = s.OrderTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_services.transition_order(
            order=order, status=data.validated_data["status"], by=request.user, note=data.validated_data["note"]
        )
        return Response(render_order(selectors.orders_with_details().get(pk=order.pk)))


# --- payments -------------------------------------------------------------------------------------


class PaymentProvidersView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="payments_providers_list",
        responses={200: s.PaymentProviderSerializer(many=True)},
        description="The payment providers the shop offers, in the operator's order (`PAYMENT_PROVIDERS`).",
    )
    def get(self, request):
        return Response(s.PaymentProviderSerializer(payment_services.available_providers(), many=True).data)


def render_payment(request, payment: Payment) -> dict:
    next_action = None
    if payment_services.provider_kind(payment.variant) == REDIRECT:
        url = request.build_absolute_uri(reverse("payment-page", args=[payment.token]))
        next_action = {"type": "redirect", "url": url}
    return s.PaymentCreatedSerializer({"id": payment.pk, "status": payment.status, "next_action": next_action}).data


class OrderPaymentsView(_OrderView):
    @extend_schema(
        operation_id="orders_payments_create",
        parameters=[ORDER_TOKEN_HEADER, ORDER_TOKEN],
        request=s.PaymentCreateInputSerializer,
        responses={
            201: s.PaymentCreatedSerializer,
            400: bad_request("OrderPaymentCreateErrorResponse400", "Unknown `provider`, or an unsafe `return_url`."),
            404: NOT_FOUND,
            409: conflict("OrderPayment", ["not_payable"], "The order is not pending, or already paid."),
        },
        description="Start paying the order: the owner, or a guest with the order's `access_token`. With a "
        "`redirect` provider send the shopper to `next_action.url`; the provider's confirmation (never the "
        "client) then moves the order to `paid`. A failed attempt may be retried with a new payment.",
    )
    def post(self, request, number):
        order = self.get_order(request, number)
        data = s.PaymentCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = payment_services.start_payment(
            order=order,
            provider=data.validated_data["provider"],
            return_url=data.validated_data["return_url"],
            customer_ip=request.META.get("REMOTE_ADDR") or None,
        )
        return Response(render_payment(request, payment), status=status.HTTP_201_CREATED)


class PaymentRefundView(GenericAPIView):
    permission_classes = [CommerceStaffPermissions]
    queryset = Order.objects.none()  # refunds change orders: commerce.change_order

    @extend_schema(
        operation_id="payments_refund",
        request=s.PaymentRefundInputSerializer,
        responses={
            200: s.OrderSerializer,
            400: bad_request("PaymentRefundErrorResponse400", "`amount` more than what is left to refund."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: conflict("PaymentRefund", ["refund_failed"], "Nothing left to refund, or the provider refused."),
        },
        description="Staff with `commerce.change_order`: refund all or part (`amount`) of a captured payment "
        "through its provider. The order's `payment_status` becomes `partially_refunded` or `refunded`; its "
        "status does not change.",
    )
    def post(self, request, payment_id):
        payment = Payment.objects.filter(pk=payment_id).first()
        if payment is None:
            raise NotFound("Payment not found.")
        data = s.PaymentRefundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment_services.refund_payment(
            payment=payment, amount=data.validated_data["amount"], by=request.user, note=data.validated_data["note"]
        )
        return Response(render_order(selectors.orders_with_details().get(pk=payment.order_id)))


# --- stock ----------------------------------------------------------------------------------------

STOCK_SLUG = OpenApiParameter(
    "product_slug",
    str,
    OpenApiParameter.PATH,
    description="The product's slug (a product with one variant), or a variant's SKU. A product with several "
    "variants is a 400 `variant_required`.",
)


def _stock_row(variant) -> Stock:
    return Stock.objects.select_related("variant__product").get(pk=stock_services.ensure_stock(variant=variant).pk)


class _StockView(GenericAPIView):
    # Reads need commerce.view_stock, changes commerce.change_stock; the ledger commerce.view_stockmovement.
    permission_classes = [CommerceStaffPermissions]
    queryset = Stock.objects.none()  # names the model whose permissions apply; reads go through selectors


class StockListView(_StockView):
    serializer_class = s.StockSerializer

    @extend_schema(
        operation_id="stock_list",
        parameters=[s.StockListQuerySerializer],
        responses={
            200: s.StockSerializer(many=True),
            400: bad_request("StockListErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
        description="Staff with `commerce.view_stock`. Stock of every product, by name; `?low=true` keeps those at "
        "or below their threshold.",
    )
    def get(self, request):
        query = s.StockListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.stock_rows(low=query.validated_data["low"]))
        return self.get_paginated_response(s.StockSerializer(page, many=True).data)


class StockDetailView(_StockView):
    @extend_schema(
        operation_id="stock_retrieve",
        parameters=[STOCK_SLUG],
        responses={
            200: s.StockSerializer,
            400: bad_request("StockRetrieveErrorResponse400", "`variant_required`: the product has several variants."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, product_slug):
        return Response(s.StockSerializer(_stock_row(variant_or_404(product_slug))).data)

    @extend_schema(
        operation_id="stock_update",
        parameters=[STOCK_SLUG],
        request=s.StockUpdateInputSerializer,
        responses={
            200: s.StockSerializer,
            400: bad_request("StockUpdateErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="Set the counted `quantity` (writes one `adjustment` movement with the difference) and/or the "
        "`low_stock_threshold`.",
    )
    def patch(self, request, product_slug):
        variant = variant_or_404(product_slug)
        data = s.StockUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        stock = stock_services.set_stock_level(
            variant=variant,
            quantity=data.validated_data.get("quantity"),
            low_stock_threshold=data.validated_data.get("low_stock_threshold"),
            user=request.user,
            note=data.validated_data.get("note", ""),
        )
        return Response(s.StockSerializer(stock).data)


class StockAdjustView(_StockView):
    @extend_schema(
        operation_id="stock_adjust",
        parameters=[STOCK_SLUG],
        request=s.StockAdjustInputSerializer,
        responses={
            200: s.StockSerializer,
            400: bad_request("StockAdjustErrorResponse400"),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: conflict("StockAdjust", ["out_of_stock"], "The quantity would drop below zero; nothing changed."),
        },
        description="Add units, or remove them with a negative `delta`; `reason` is free text, kept in the ledger. "
        "Below zero is a 409 `out_of_stock`; beyond the largest quantity a stock row holds, a 400 naming `delta`.",
    )
    def post(self, request, product_slug):
        variant = variant_or_404(product_slug)
        data = s.StockAdjustInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stock = stock_services.adjust_stock(variant=variant, user=request.user, **data.validated_data)
        return Response(s.StockSerializer(stock).data)


class StockMovementsView(_StockView):
    queryset = StockMovement.objects.none()
    serializer_class = s.StockMovementSerializer

    @extend_schema(
        operation_id="stock_movements_list",
        parameters=[STOCK_SLUG],
        responses={
            200: s.StockMovementSerializer(many=True),
            400: bad_request("StockMovementsListErrorResponse400", "`variant_required`, or a bad page number."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="The variant's stock ledger, newest first.",
    )
    def get(self, request, product_slug):
        variant = variant_or_404(product_slug)
        page = self.paginate_queryset(selectors.movements_for(variant_id=variant.id))
        return self.get_paginated_response(s.StockMovementSerializer(page, many=True).data)
