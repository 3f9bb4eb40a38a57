"""/api/v1/cms/: navigation, footer, banners, guarantees."""

from django.urls import path

from home.api import views

urlpatterns = [
    path("navigation/", views.NavigationView.as_view(), name="cms-navigation"),
    path("footer/", views.FooterView.as_view(), name="cms-footer"),
    path("banners/", views.BannerListView.as_view(), name="cms-banners"),
    path("guarantees/", views.GuaranteeListView.as_view(), name="cms-guarantees"),
]
