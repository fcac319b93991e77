from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemeentenConfig(AppConfig):
    name = "gemeenten"
    verbose_name = _("Gemeenten en zorgpaden")

    def ready(self):
        from . import signals  # noqa: F401  (cache invalidation)
