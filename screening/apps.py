from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self):
        from . import signals  # noqa: F401  (cache invalidation)
