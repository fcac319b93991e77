"""Anonymous usage counters: aggregated rows, never single visits.

A row says "on this day (or in this month), in this gemeente, for this
zorgpad (or none), this happened N times". Nothing about the visitor is
stored: no IP address, user agent, cookie or visitor id (compare zulip's
`analytics.models.BaseCount`). `counting.py` is the only writer; it
increments the daily row and the monthly rollup in one transaction, so the
two always agree. The dashboard reads only the monthly rollup, which keeps a
national year at ~330,000 rows instead of ten million.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gemeenten.models import Gemeente, Zorgpad


class Soort(models.TextChoices):
    """What was counted. Kinds without a zorgpad have zorgpad NULL."""

    OVERZICHT = "overzicht", _("overzichtspagina bekeken")
    PAD = "pad", _("zorgpad bekeken")
    TELEFOON = "telefoon", _("telefoonnummer aangeklikt")
    EMAIL = "email", _("e-mailadres aangeklikt")
    WEBSITE = "website", _("website aangeklikt")
    SCREENING = "screening", _("screening ingevuld")
    GESIGNALEERD = "gesignaleerd", _("gesignaleerd door de screening")
    MELDING = "melding", _("foutmelding verstuurd")


CONTACT_SOORTEN = (Soort.TELEFOON, Soort.EMAIL, Soort.WEBSITE)


class BaseTelling(models.Model):
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, verbose_name=_("gemeente"), related_name="+"
    )
    zorgpad = models.ForeignKey(
        Zorgpad,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("zorgpad"),
        related_name="+",
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort)
    aantal = models.PositiveBigIntegerField(_("aantal"), default=0)

    class Meta:
        abstract = True


def unique_per(period, prefix):
    """Two partial unique constraints, because NULLs are distinct in a plain
    one (and SQLite has no NULLS NOT DISTINCT). `counting.py` names them as
    the conflict target of its INSERT … ON CONFLICT DO UPDATE; the leading
    (gemeente, period) also serves the dashboard of one gemeente."""
    return [
        models.UniqueConstraint(
            fields=["gemeente", period, "zorgpad", "soort"],
            condition=Q(zorgpad__isnull=False),
            name=f"{prefix}_uniek_pad",
        ),
        models.UniqueConstraint(
            fields=["gemeente", period, "soort"],
            condition=Q(zorgpad__isnull=True),
            name=f"{prefix}_uniek_gemeente",
        ),
    ]


class Telling(BaseTelling):
    """Counts per day (Europe/Amsterdam)."""

    dag = models.DateField(_("dag"))

    class Meta:
        verbose_name = _("statistiek")
        verbose_name_plural = _("statistieken")
        constraints = unique_per("dag", "telling")

    def __str__(self):
        return f"{self.dag} {self.gemeente_id} {self.zorgpad_id} {self.soort}"


class MaandTelling(BaseTelling):
    """The same counts per calendar month (`maand` is its first day)."""

    maand = models.DateField(_("maand"))

    class Meta:
        verbose_name = _("maandtelling")
        verbose_name_plural = _("maandtellingen")
        constraints = unique_per("maand", "maandtelling")
        indexes = [
            # The national and regional dashboard: all gemeenten for a range
            # of months, summed per zorgpad, kind and month (and per
            # gemeente); covering, so PostgreSQL answers from the index.
            models.Index(
                # `aantal` as a key column rather than INCLUDE: SQLite has no
                # covering indexes and Django would warn (models.W040).
                fields=["maand", "soort", "zorgpad", "gemeente", "aantal"],
                name="maandtelling_landelijk_idx",
            ),
        ]

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.gemeente_id} {self.zorgpad_id} {self.soort}"
