from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"

    def ready(self):
        from commerce import handlers, promotion_receivers, receivers  # noqa: F401  (event subscribers, signal receivers)
