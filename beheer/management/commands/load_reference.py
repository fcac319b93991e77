"""Load the reference data every installation needs: all gemeenten, the
national zorgpaden, the national organisations, the screening
questionnaire, the statements, the content translations and the back-office
roles. Safe to run again: the
fixtures have fixed keys, so a second run updates instead of duplicating;
gemeenten are matched on their CBS code and keep their local data
(gemeenten/referentie.py)."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from beheer.roles import ensure_groups
from gemeenten.referentie import laad_gemeenten
from redactie.models import Verklaring

REFERENCE_FIXTURES = ["zorgpaden", "landelijk", "screening"]
GEMEENTEN = Path(settings.BASE_DIR) / "fixtures" / "gemeenten.json"
# Only the first time: afterwards the statements are the national editors'
# text (and contact address), which a second run must not overwrite.
VERKLARINGEN = Path(settings.BASE_DIR) / "fixtures" / "verklaringen.json"


class Command(BaseCommand):
    help = "Load gemeenten, national zorgpaden and organisations, and the screening."

    def handle(self, **options):
        verslag = laad_gemeenten(GEMEENTEN)
        if options["verbosity"]:
            self.stdout.write(
                f"Gemeenten: {len(verslag.nieuw)} new, "
                f"{len(verslag.bijgewerkt)} updated."
            )
            for gemeente in verslag.ontbreekt:
                self.stdout.write(
                    f"Not in the CBS list: {gemeente} ({gemeente.cbs_code}); "
                    "merge it with manage.py herindeling."
                )
        call_command("loaddata", *REFERENCE_FIXTURES, verbosity=options["verbosity"])
        with VERKLARINGEN.open(encoding="utf-8") as fixture:
            for verklaring in serializers.deserialize("json", fixture):
                soort = verklaring.object.soort
                if not Verklaring.objects.filter(soort=soort).exists():
                    verklaring.save()
        # The languages newcomers speak: one file per language, by name so
        # the directory does not import the editors' app.
        call_command("load_vertalingen", verbosity=options["verbosity"])
        ensure_groups()
