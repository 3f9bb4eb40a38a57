"""Server-rendered shopper pages."""

urlpatterns: list = []
