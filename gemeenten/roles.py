"""The two roles of the back office, shipped as data (auth groups)."""

from django.contrib.auth.models import Group, Permission

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
    },
}


def ensure_groups():
    """Create or update the role groups with exactly their permissions."""
    for name, models in ROLE_PERMISSIONS.items():
        codenames = [
            action if action == "alle_gemeenten" else f"{action}_{model}"
            for model, actions in models.items()
            for action in actions
        ]
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="gemeenten", codename__in=codenames
            )
        )
