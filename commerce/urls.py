"""Server-rendered shopper pages."""

from django.urls import include, path

from commerce import payment_views, views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("cart/coupon/", views.cart_coupon, name="cart-coupon"),
    path("cart/coupon/remove/", views.cart_coupon_remove, name="cart-coupon-remove"),
    path("cart/items/<int:item_id>/", views.cart_item_update, name="cart-item-update"),
    path("cart/items/<int:item_id>/remove/", views.cart_item_remove, name="cart-item-remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:number>/", views.order_detail, name="order-detail"),
    # A signed-in shopper's order history, among their account pages (accounts/urls.py has the others).
    path("accounts/orders/", views.account_order_list, name="account-orders"),
    path("accounts/orders/<str:number>/", views.account_order_detail, name="account-order"),
    path("orders/<str:number>/pay/", payment_views.order_pay, name="order-pay"),
    # django-payments' provider callbacks (process/<token>/, process/<variant>/), then our payment page.
    path("payments/", include("payments.urls")),
    path("payments/<uuid:token>/", payment_views.payment_page, name="payment-page"),
]
