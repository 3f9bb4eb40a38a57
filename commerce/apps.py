from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"

    def ready(self):
        from commerce import handlers, receivers  # noqa: F401  (registers event subscribers and signal receivers)
