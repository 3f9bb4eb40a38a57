"""/api/v1/cms/: navigation, footer, banners, guarantees."""

urlpatterns: list = []
