"""Load the demo: fictional organisations in Zuid-Limburg and two demo logins.

Never run this in production: the passwords are public (README.md).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from beheer.roles import BELEIDSMEDEWERKER, LANDELIJKE_REDACTIE, ensure_groups
from gemeenten.models import Gemeente, Melding, Zorgpad

# Two visitors' reports for Kerkrade, so the officer's home has work to show.
DEMO_MELDINGEN = [
    ("geldzorgen-en-schulden", "Het telefoonnummer van het wijkteam werkt niet meer."),
    ("wonen", "Het inloopspreekuur is sinds de zomer op dinsdag, niet op maandag."),
]

# (username, password, role, gemeenten by CBS code): listed in README.md.
DEMO_USERS = [
    ("redactie", "demo-redactie-2026", LANDELIJKE_REDACTIE, []),
    ("beleid-kerkrade", "demo-kerkrade-2026", BELEIDSMEDEWERKER, ["GM0928"]),
]


class Command(BaseCommand):
    help = "Load fictional demo organisations and demo admin users."

    def handle(self, **options):
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        ensure_groups()
        User = get_user_model()
        for username, password, role, cbs_codes in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            user.beheerde_gemeenten.set(Gemeente.objects.filter(cbs_code__in=cbs_codes))
        kerkrade = Gemeente.objects.get(cbs_code="GM0928")
        for slug, bericht in DEMO_MELDINGEN:
            Melding.objects.get_or_create(
                gemeente=kerkrade,
                zorgpad=Zorgpad.objects.filter(slug=slug).first(),
                bericht=bericht,
            )
        self.stdout.write("Demo data loaded; the logins are listed in README.md.")
        if not settings.ZORGPAD_DEMO:
            # The banner is a setting, so a real site can never show it by accident.
            self.stdout.write(
                "Set ZORGPAD_DEMO=1 when serving this database, so every page "
                "shows the demo banner (make run does)."
            )
