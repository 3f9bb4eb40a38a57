"""The project's URLs, plus /bench/products/ (list, filters, search) and /bench/products/<slug>/: the very same
DRF views as /api/v1/products/, minus ``cached_catalog_view``, i.e. what every anonymous cache miss costs; and
/bench/v2/: Wagtail's API outside the response cache's prefixes, i.e. a home page read the moment after a publish."""

from django.urls import include, path

from catalog.api import views
from home.api.v2 import api_router
from storefront.urls import handler404, handler500  # noqa: F401 - the API's error shape for 404/500 here too

urlpatterns = [
    path("bench/products/", views.ProductListView.as_view()),
    path("bench/products/<slug:slug>/", views.ProductDetailView.as_view()),
    # Another instance of the same app namespace: the links in its answers still name /api/v2/.
    path("bench/v2/", include((api_router.get_urlpatterns(), api_router.url_namespace), namespace="bench-v2")),
    path("", include("storefront.urls")),
]
