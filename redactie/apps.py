from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedactieConfig(AppConfig):
    name = "redactie"
    verbose_name = _("Landelijke redactie")

    def ready(self):
        from . import signals  # noqa: F401  (cache invalidation)
