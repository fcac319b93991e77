"""Merge gemeenten into a new or existing one, or rename one (herindeling).

    python manage.py herindeling --van GM0981 --van GM1729 --van GM1903 \\
        --naar GM1999 --naam "Heuvelland" --provincie Limburg --datum 2026-01-01

shows what would happen and every conflict (a dry run, like the import);
add --uitvoeren to do it. The procedure is in README.md ("Herindeling").
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from gemeenten import herindeling


class Command(BaseCommand):
    help = "Merge gemeenten (or rename one); a dry run unless --uitvoeren."

    def add_arguments(self, parser):
        parser.add_argument(
            "--van", action="append", required=True, help="CBS code, repeatable"
        )
        parser.add_argument("--naar", required=True, help="CBS code of the result")
        parser.add_argument("--naam", default="")
        parser.add_argument("--slug", default="")
        parser.add_argument("--provincie", default="")
        parser.add_argument(
            "--datum",
            type=datetime.date.fromisoformat,
            default=None,
            help="Date of the merger (YYYY-MM-DD), default today",
        )
        parser.add_argument(
            "--teksten-samenvoegen",
            action="store_true",
            help="Join local texts of the same zorgpad instead of refusing",
        )
        parser.add_argument("--feedback-email", default=None)
        parser.add_argument("--uitvoeren", action="store_true")

    def handle(self, **options):
        try:
            plan = herindeling.plan(
                options["van"],
                options["naar"],
                naam=options["naam"],
                slug=options["slug"],
                provincie=options["provincie"],
                datum=options["datum"],
                teksten_samenvoegen=options["teksten_samenvoegen"],
                feedback_email=options["feedback_email"],
            )
        except herindeling.HerindelingFout as error:
            raise CommandError(str(error)) from error
        for stap in plan.stappen:
            self.stdout.write(f"- {stap}")
        if plan.conflicten:
            self.stdout.write(self.style.ERROR("Conflicts (nothing was changed):"))
            for conflict in plan.conflicten:
                self.stdout.write(f"! {conflict}")
            raise CommandError(f"{len(plan.conflicten)} conflict(s).")
        if not options["uitvoeren"]:
            self.stdout.write("Dry run: nothing changed. Add --uitvoeren to do it.")
            return
        doel = herindeling.uitvoeren(plan)
        self.stdout.write(self.style.SUCCESS(f"Done: {doel} ({doel.cbs_code})."))
