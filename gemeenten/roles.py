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
        "statistieken.telling": ("view",),
    },
}


def ensure_groups():
    """Create or update the role groups with exactly their permissions.
    Model names without an app label ("gemeente") are in `gemeenten`."""
    for name, models in ROLE_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for model, actions in models.items():
            app_label, _, model_name = model.rpartition(".")
            codenames = [
                action if action == "alle_gemeenten" else f"{action}_{model_name}"
                for action in actions
            ]
            wanted |= Q(
                content_type__app_label=app_label or "gemeenten",
                codename__in=codenames,
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(wanted))
