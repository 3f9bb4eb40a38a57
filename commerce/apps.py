from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"

    def ready(self):
        # Event subscribers and signal receivers.
        from commerce import handlers, payment_receivers, receivers  # noqa: F401
