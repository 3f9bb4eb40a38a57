"""The project's URLs, plus /bench/products/ (list, filters, search) and /bench/products/<slug>/: the very same
DRF views as /api/v1/products/, minus ``cached_catalog_view``, i.e. what every anonymous cache miss costs."""

from django.urls import include, path

from catalog.api import views
from storefront.urls import handler404, handler500  # noqa: F401 - the API's error shape for 404/500 here too

urlpatterns = [
    path("bench/products/", views.ProductListView.as_view()),
    path("bench/products/<slug:slug>/", views.ProductDetailView.as_view()),
    path("", include("storefront.urls")),
]
