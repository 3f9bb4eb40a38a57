"""The /api/v1/ contract, assembled from each app's api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("auth/", include("accounts.api.urls")),
    path("", include("catalog.api.urls")),
    path("", include("commerce.api.urls")),
    path("cms/", include("home.api.urls")),
    path("reports/", include("reports.api.urls")),
]
