"""Server-rendered shopper pages (the Wagtail pages themselves are served by Wagtail's catch-all)."""

from django.urls import path

from home import views

urlpatterns = [
    path("preview/", views.preview, name="page-preview"),
]
