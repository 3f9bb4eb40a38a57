from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        # Cache-invalidation and reindex receivers; discounts' price-change receivers.
        from catalog import discount_receivers, handlers  # noqa: F401
