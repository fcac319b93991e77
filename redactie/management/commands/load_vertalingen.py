"""Load the content translations for the languages newcomers speak
(fixtures/vertalingen/<taal>.json); `load_reference` runs this too."""

from django.core.management.base import BaseCommand
from django.db import transaction

from redactie.vertalingen import laad_vertalingen


class Command(BaseCommand):
    help = "Load the Arabic, Turkish, Polish and Ukrainian content translations."

    @transaction.atomic
    def handle(self, **options):
        for taal, resultaat in laad_vertalingen().items():
            if options["verbosity"]:
                self.stdout.write(f"{taal}: {resultaat.velden} fields")
            for sleutel in resultaat.onbekend:
                self.stderr.write(f"{taal}: no {sleutel} in the reference data")
