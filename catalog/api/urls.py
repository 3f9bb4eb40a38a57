from django.urls import path

from catalog.api import discount_views, views
from catalog.cache import cached_catalog_view

app_name = "catalog-api"

urlpatterns = [
    path("categories/", cached_catalog_view(views.CategoryListView.as_view()), name="category-list"),
    path("categories/<slug:slug>/", cached_catalog_view(views.CategoryDetailView.as_view()), name="category-detail"),
    path("brands/", cached_catalog_view(views.BrandListView.as_view()), name="brand-list"),
    path("brands/<slug:slug>/", cached_catalog_view(views.BrandDetailView.as_view()), name="brand-detail"),
    path("products/", cached_catalog_view(views.ProductListView.as_view()), name="product-list"),
    path("products/<slug:slug>/", cached_catalog_view(views.ProductDetailView.as_view()), name="product-detail"),
    path(
        "products/<slug:slug>/reviews/",
        cached_catalog_view(views.ProductReviewsView.as_view()),
        name="product-reviews",
    ),
    # Discounts (the Promotions section of the contract): not behind the response cache, as before they moved here.
    path("discounts/", discount_views.DiscountListView.as_view(), name="discounts"),
    path("discounts/<int:discount_id>/", discount_views.DiscountDetailView.as_view(), name="discount-detail"),
]
