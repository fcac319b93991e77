"""Delete handled error reports older than a retention period.

A report holds what a visitor typed and maybe their e-mail address; once an
officer has handled it, it is kept only as long as it may still be looked up
(default ZORGPAD_MELDINGEN_BEWAREN_MAANDEN, 6 months, after handling). The
admin history of those reports goes too: its lines repeat the start of the
visitor's text. Reports still open are never deleted. Run daily from cron
(README, "Error reports").
"""

import calendar

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gemeenten.models import Melding, MeldingStatus


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the last day
    of that month if it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def handled_before(cutoff):
    """Handled reports whose handling (or, without a date, arrival) was before
    `cutoff`."""
    return Melding.objects.filter(status=MeldingStatus.AFGEHANDELD).filter(
        Q(afgehandeld_op__lt=cutoff)
        | Q(afgehandeld_op__isnull=True, aangemaakt__lt=cutoff)
    )


class Command(BaseCommand):
    help = "Delete handled error reports (and their admin history) older than N months."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.ZORGPAD_MELDINGEN_BEWAREN_MAANDEN,
            help="Keep handled reports this many months after handling "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would go."
        )

    def handle(self, *, months, dry_run, **options):
        if months < 0:
            raise CommandError("--months must be 0 or more.")
        cutoff = months_before(timezone.now(), months)
        with transaction.atomic():
            meldingen = handled_before(cutoff)
            pks = [str(pk) for pk in meldingen.values_list("pk", flat=True)]
            if not dry_run:
                LogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(Melding),
                    object_id__in=pks,
                ).delete()
                meldingen.filter(pk__in=pks).delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(pks)} handled report(s) handled before "
            f"{cutoff:%Y-%m-%d} ({months} months)."
        )
