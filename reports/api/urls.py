from django.urls import path

from reports.api import views

app_name = "reports-api"

urlpatterns = [
    path("sales/", views.SalesReportView.as_view(), name="sales"),
    path("products/", views.ProductReportView.as_view(), name="products"),
    path("inventory/", views.InventoryReportView.as_view(), name="inventory"),
    path("funnel/", views.FunnelReportView.as_view(), name="funnel"),
    path("attribution/", views.AttributionReportView.as_view(), name="attribution"),
]
