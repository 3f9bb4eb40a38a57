from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StorefrontConfig(AppConfig):
    """Project-wide plumbing that every app shares: the event outbox, API errors, health, staff roles."""

    name = "storefront"
    verbose_name = "Platform"

    def ready(self):
        from storefront.roles import apply_roles

        post_migrate.connect(apply_roles, sender=self, dispatch_uid="storefront.apply_roles")
