"""Load the reference data every installation needs: all gemeenten, the
national zorgpaden, the national organisations, the screening
questionnaire, the statements, the content translations and the
back-office roles. Safe to run again: the
fixtures have fixed keys, so a second run updates instead of duplicating."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gemeenten.roles import ensure_groups

REFERENCE_FIXTURES = [
    "gemeenten",
    "zorgpaden",
    "landelijk",
    "screening",
    "verklaringen",
]


class Command(BaseCommand):
    help = "Load gemeenten, national zorgpaden and organisations, and the screening."

    def handle(self, **options):
        call_command("loaddata", *REFERENCE_FIXTURES, verbosity=options["verbosity"])
        # The languages newcomers speak: one file per language, by name so
        # the directory does not import the editors' app.
        call_command("load_vertalingen", verbosity=options["verbosity"])
        ensure_groups()
