"""Server-rendered shopper pages outside Wagtail's page tree (Wagtail's catch-all serves the pages)."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from home import shop_views, views
from home.sitemaps import SITEMAPS

urlpatterns = [
    path("preview/", views.preview, name="page-preview"),
    path("products/", shop_views.product_list, name="shop-products"),
    path("products/<slug:slug>/", shop_views.product_detail, name="shop-product"),
    path("categories/<slug:slug>/", shop_views.category_detail, name="shop-category"),
    path("search/", shop_views.search, name="shop-search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
