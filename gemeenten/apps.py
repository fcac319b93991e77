from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemeentenConfig(AppConfig):
    name = "gemeenten"
    verbose_name = _("Gemeenten en zorgpaden")

    def ready(self):
        from zorgpad.cache import release

        from . import signals  # noqa: F401  (cache invalidation)

        # The digest of the code this process runs, taken when it starts, not
        # at its first page: files replaced meanwhile are not what it runs.
        release()
