"""Handled error reports, with the visitor's text and optional e-mail
address, are not kept forever: `manage.py purge_meldingen` (issue 12,
defect 8d)."""

import datetime
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.utils import timezone

from gemeenten.models import Melding, MeldingStatus

pytestmark = pytest.mark.django_db


def make_melding(gemeente, *, handled_days_ago=None, created_days_ago=0):
    now = timezone.now()
    melding = Melding.objects.create(
        gemeente=gemeente, bericht="Mijn nummer is 06-12345678", email="ouder@x.nl"
    )
    fields = {"aangemaakt": now - datetime.timedelta(days=created_days_ago)}
    if handled_days_ago is not None:
        fields |= {
            "status": MeldingStatus.AFGEHANDELD,
            "afgehandeld_op": now - datetime.timedelta(days=handled_days_ago),
        }
    Melding.objects.filter(pk=melding.pk).update(**fields)
    return melding


def purge(*args):
    out = StringIO()
    call_command("purge_meldingen", *args, stdout=out)
    return out.getvalue()


def test_handled_reports_older_than_six_months_are_purged(
    kerkrade, heerlen, officer_kerkrade
):
    old = make_melding(kerkrade, handled_days_ago=200, created_days_ago=210)
    recent = make_melding(kerkrade, handled_days_ago=100, created_days_ago=400)
    open_ = make_melding(heerlen, created_days_ago=700)  # never handled: kept
    LogEntry.objects.log_actions(
        officer_kerkrade.pk, [old], action_flag=CHANGE, change_message="afgehandeld"
    )
    assert "1" in purge()
    assert set(Melding.objects.values_list("pk", flat=True)) == {recent.pk, open_.pk}
    # The admin history kept the start of the visitor's text: gone too.
    assert not LogEntry.objects.filter(object_id=str(old.pk)).exists()


def test_the_period_is_configurable(kerkrade, settings):
    make_melding(kerkrade, handled_days_ago=40)
    assert Melding.objects.count() == 1
    purge("--months", "2")
    assert Melding.objects.count() == 1
    purge("--months", "1")
    assert Melding.objects.count() == 0


def test_dry_run_deletes_nothing(kerkrade):
    make_melding(kerkrade, handled_days_ago=400)
    output = purge("--dry-run")
    assert "1" in output
    assert Melding.objects.count() == 1
