from django.urls import path

from commerce.api import promotion_views, views

app_name = "commerce-api"

urlpatterns = [
    path("carts/", views.CartCreateView.as_view(), name="cart-create"),
    path("carts/<uuid:cart_id>/", views.CartDetailView.as_view(), name="cart-detail"),
    path("carts/<uuid:cart_id>/items/", views.CartItemsView.as_view(), name="cart-items"),
    path("carts/<uuid:cart_id>/items/<int:item_id>/", views.CartItemDetailView.as_view(), name="cart-item"),
    path("carts/<uuid:cart_id>/coupon/", views.CartCouponView.as_view(), name="cart-coupon"),
    path("orders/", views.OrderListCreateView.as_view(), name="orders"),
    path("orders/<str:number>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<str:number>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<str:number>/transition/", views.OrderTransitionView.as_view(), name="order-transition"),
    path("orders/<str:number>/payments/", views.OrderPaymentsView.as_view(), name="order-payments"),
    path("payments/providers/", views.PaymentProvidersView.as_view(), name="payment-providers"),
    path("payments/<int:payment_id>/refund/", views.PaymentRefundView.as_view(), name="payment-refund"),
    path("coupons/", promotion_views.CouponListView.as_view(), name="coupons"),
    path("coupons/<str:code>/", promotion_views.CouponDetailView.as_view(), name="coupon-detail"),
    path("stock/", views.StockListView.as_view(), name="stock-list"),
    path("stock/<str:product_slug>/", views.StockDetailView.as_view(), name="stock-detail"),
    path("stock/<str:product_slug>/adjust/", views.StockAdjustView.as_view(), name="stock-adjust"),
    path("stock/<str:product_slug>/movements/", views.StockMovementsView.as_view(), name="stock-movements"),
]
