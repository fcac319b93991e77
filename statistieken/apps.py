from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatistiekenConfig(AppConfig):
    name = "statistieken"
    verbose_name = _("Statistieken")
