"""Shopper account pages (session auth): /accounts/..."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/done/", views.password_reset_done, name="password-reset-done"),
    path("password-reset/complete/", views.password_reset_complete, name="password-reset-complete"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/add/", views.address_add, name="address-add"),
    path("addresses/<int:address_id>/edit/", views.address_edit, name="address-edit"),
    path("addresses/<int:address_id>/delete/", views.address_delete, name="address-delete"),
    path("addresses/<int:address_id>/default/", views.address_make_default, name="address-default"),
]
