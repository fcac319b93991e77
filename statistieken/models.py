"""Anonymous usage counters: aggregated rows, never single visits.

A row says "on this day (or in this month), in this gemeente, for this
zorgpad (or none), this happened N times". Nothing about the visitor is
stored: no IP address, user agent, cookie or visitor id (compare zulip's
`analytics.models.BaseCount`, which also keeps one table per level).

Four levels, all written by `counting.py` in the same statement (PostgreSQL)
or transaction (SQLite), so they always agree:

- `Telling`: per day, gemeente and zorgpad: the record itself;
- `MaandTelling`: per month, gemeente and zorgpad: one gemeente's or one
  region's dashboard;
- `GemeenteMaandTelling`: per month and gemeente, all zorgpaden summed: the
  gemeenten side by side;
- `LandMaandTelling`: per month and zorgpad, all gemeenten summed: the
  national figures.

With two years of national data a national year is ~1,600 + ~33,000 rows
instead of ~330,000 (bench/stats.py).
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
    soort = models.CharField(_("soort"), max_length=20, choices=Soort)
    aantal = models.PositiveBigIntegerField(_("aantal"), default=0)

    class Meta:
        abstract = True


class GemeenteMixin(models.Model):
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, verbose_name=_("gemeente"), related_name="+"
    )

    class Meta:
        abstract = True


class ZorgpadMixin(models.Model):
    zorgpad = models.ForeignKey(
        Zorgpad,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("zorgpad"),
        related_name="+",
    )

    class Meta:
        abstract = True


def unique_per(period, prefix, met_gemeente=True):
    """Two partial unique constraints, because NULLs are distinct in a plain
    one (and SQLite has no NULLS NOT DISTINCT). `counting.py` names them as
    the conflict target of its INSERT … ON CONFLICT DO UPDATE; the leading
    (gemeente, period) also serves the dashboard of one gemeente."""
    key = ["gemeente", period] if met_gemeente else [period]
    return [
        models.UniqueConstraint(
            fields=[*key, "zorgpad", "soort"],
            condition=Q(zorgpad__isnull=False),
            name=f"{prefix}_uniek_pad",
        ),
        models.UniqueConstraint(
            fields=[*key, "soort"],
            condition=Q(zorgpad__isnull=True),
            name=f"{prefix}_uniek_zonder_pad",
        ),
    ]


class Telling(GemeenteMixin, ZorgpadMixin, BaseTelling):
    """Counts per day (Europe/Amsterdam)."""

    dag = models.DateField(_("dag"))

    class Meta:
        verbose_name = _("statistiek")
        verbose_name_plural = _("statistieken")
        constraints = unique_per("dag", "telling")

    def __str__(self):
        return f"{self.dag} {self.gemeente_id} {self.zorgpad_id} {self.soort}"


class MaandTelling(GemeenteMixin, ZorgpadMixin, BaseTelling):
    """The same counts per calendar month (`maand` is its first day)."""

    maand = models.DateField(_("maand"))

    class Meta:
        verbose_name = _("maandtelling")
        verbose_name_plural = _("maandtellingen")
        constraints = unique_per("maand", "maandtelling")

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.gemeente_id} {self.zorgpad_id} {self.soort}"


class GemeenteMaandTelling(GemeenteMixin, BaseTelling):
    """Per month and gemeente, all zorgpaden summed."""

    maand = models.DateField(_("maand"))

    class Meta:
        verbose_name = _("maandtelling per gemeente")
        verbose_name_plural = _("maandtellingen per gemeente")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "maand", "soort"],
                name="gemeentemaandtelling_uniek",
            )
        ]

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.gemeente_id} {self.soort}"


class LandMaandTelling(ZorgpadMixin, BaseTelling):
    """Per month and zorgpad (or none), all gemeenten summed."""

    maand = models.DateField(_("maand"))

    class Meta:
        verbose_name = _("landelijke maandtelling")
        verbose_name_plural = _("landelijke maandtellingen")
        constraints = unique_per("maand", "landmaandtelling", met_gemeente=False)

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.zorgpad_id} {self.soort}"
