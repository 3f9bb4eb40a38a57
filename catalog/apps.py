from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from catalog import handlers  # noqa: F401  (connects cache-invalidation and reindex receivers)
