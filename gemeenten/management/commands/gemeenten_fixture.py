"""Turn the CBS list of gemeenten (CSV) into the fixture fixtures/gemeenten.json.

Run once a year when gemeenten merge:
    python manage.py gemeenten_fixture ../shared/data/gemeenten-2024.csv
"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from gemeenten.models import Provincie, zoeknaam_for

# Names people search for that differ from the official CBS name.
ANDERE_NAMEN = {
    "GM0796": "Den Bosch",
    "GM0518": "Den Haag",
    "GM0893": "Bergen Limburg",
    "GM0373": "Bergen Noord-Holland",
}


class Command(BaseCommand):
    help = "Write fixtures/gemeenten.json from the CBS gemeenten CSV."

    def add_arguments(self, parser):
        parser.add_argument("csv_path")
        parser.add_argument("--output", default="fixtures/gemeenten.json")

    def handle(self, csv_path, output, **options):
        with open(csv_path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        regios = sorted({r["ggd_regio"] for r in rows if r["ggd_regio"]})
        regio_pk = {naam: pk for pk, naam in enumerate(regios, start=1)}
        objects = [
            {
                "model": "gemeenten.regio",
                "pk": pk,
                "fields": {"naam": f"GGD-regio {naam}", "slug": slugify(naam)},
            }
            for naam, pk in regio_pk.items()
        ]
        slugs = set()
        for pk, row in enumerate(rows, start=1):
            if row["provincie"] not in Provincie.values:
                raise CommandError(f"Unknown province in {row}")
            slug = slugify(row["naam"])
            if slug in slugs:
                raise CommandError(f"Duplicate slug {slug}")
            slugs.add(slug)
            andere = ANDERE_NAMEN.get(row["cbs_code"], "")
            objects.append(
                {
                    "model": "gemeenten.gemeente",
                    "pk": pk,
                    "fields": {
                        "cbs_code": row["cbs_code"],
                        "naam": row["naam"],
                        "slug": slug,
                        "provincie": row["provincie"],
                        "andere_namen": andere,
                        "zoeknaam": zoeknaam_for(row["naam"], andere),
                        "regios": [regio_pk[row["ggd_regio"]]]
                        if row["ggd_regio"]
                        else [],
                    },
                }
            )
        with open(output, "w", encoding="utf-8") as f:
            json.dump(objects, f, ensure_ascii=False, indent=1)
            f.write("\n")
        self.stdout.write(f"{len(rows)} gemeenten, {len(regios)} regio's -> {output}")
