"""Load the reference data every installation needs: all gemeenten, the
national zorgpaden, the national organisations, the screening
questionnaire and the back-office roles. Safe to run again: the
fixtures have fixed keys, so a second run updates instead of duplicating;
gemeenten are matched on their CBS code and keep their local data
(gemeenten/referentie.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from beheer.roles import ensure_groups
from gemeenten.referentie import laad_gemeenten

REFERENCE_FIXTURES = ["zorgpaden", "landelijk", "screening"]
GEMEENTEN = Path(settings.BASE_DIR) / "fixtures" / "gemeenten.json"


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
        ensure_groups()
