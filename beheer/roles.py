"""The two roles of the back office, shipped as data (auth groups)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

BELEIDSMEDEWERKER = "Beleidsmedewerker"
LANDELIJKE_REDACTIE = "Landelijke redactie"

_ALL = ("add", "change", "delete", "view")
ROLE_PERMISSIONS = {
    # An officer keeps the own gemeente's organisations, offers and local texts.
    BELEIDSMEDEWERKER: {
        "gemeente": ("view", "change"),
        "organisatie": _ALL,
        "aanbod": _ALL,
        "lokaalzorgpad": _ALL,
        "zorgpad": ("view",),
        "regio": ("view",),
        # Reports from visitors: read, mark handled, delete spam.
        "melding": ("view", "change", "delete"),
        # The usage dashboard, scoped to their gemeenten (statistieken/admin.py).
        "statistieken.telling": ("view",),
    },
    # National editors keep the national texts and organisations, everywhere.
    LANDELIJKE_REDACTIE: {
        "gemeente": (*_ALL, "alle_gemeenten"),
        "organisatie": _ALL,
        "aanbod": _ALL,
        "lokaalzorgpad": _ALL,
        "zorgpad": _ALL,
        "regio": _ALL,
        "melding": ("view", "change", "delete"),
        # The screening questionnaire is national content too.
        "screening.domein": _ALL,
        "screening.vraag": _ALL,
        "screening.optie": _ALL,
        "screening.signaal": _ALL,
        "statistieken.telling": ("view",),
        # The statements and the "translation checked" flag per language.
        "redactie.verklaring": ("view", "change"),
        "redactie.taalversie": ("view", "change"),
    },
}


def ensure_groups():
    """Create or update the role groups with exactly their permissions.
    Model names without an app label ("gemeente") are in `gemeenten`."""
    for name, models in ROLE_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for key, actions in models.items():
            # "app.model", or a bare model name for the gemeenten app.
            app_label, _, model = key.rpartition(".")
            codenames = [
                action if action == "alle_gemeenten" else f"{action}_{model}"
                for action in actions
            ]
            wanted |= Q(
                content_type__app_label=app_label or "gemeenten", codename__in=codenames
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(wanted))
