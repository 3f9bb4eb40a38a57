"""Server-rendered shopper pages."""

from django.urls import path

from commerce import views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("cart/coupon/", views.cart_coupon, name="cart-coupon"),
    path("cart/coupon/remove/", views.cart_coupon_remove, name="cart-coupon-remove"),
    path("cart/items/<int:item_id>/", views.cart_item_update, name="cart-item-update"),
    path("cart/items/<int:item_id>/remove/", views.cart_item_remove, name="cart-item-remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:number>/", views.order_detail, name="order-detail"),
]
