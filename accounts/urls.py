"""Browser sign-in (session auth) for shoppers and staff."""

from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True, next_page="/"
        ),
        name="login",
    ),
    # Django's LogoutView only accepts POST (a GET link must not sign anyone out).
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
]
