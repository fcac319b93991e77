from django.apps import AppConfig


class BeheerConfig(AppConfig):
    """The back office. No models of its own: it edits the directory's
    (gemeenten) models, so their app label, content types and permissions
    stay `gemeenten`."""

    name = "beheer"
