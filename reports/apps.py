from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Sales, product, inventory and attribution reports, daily snapshots and view analytics."""

    name = "reports"
