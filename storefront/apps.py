from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """Project-wide plumbing that every app shares: the event outbox, API errors, health."""

    name = "storefront"
    verbose_name = "Platform"
