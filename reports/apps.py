from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Sales, product, inventory and attribution reports, daily snapshots and view analytics."""

    name = "reports"

    def ready(self):
        from reports import handlers  # noqa: F401  (event subscribers)
