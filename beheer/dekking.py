"""Coverage ("dekking"): how far each gemeente is with its local care paths.

For national editors (every gemeente) and region officers (the gemeenten of
their regions): per gemeente how many of the national zorgpaden have at least
one local or regional contact, how many local and regional organisations
work there, the share verified in the last 12 months, open error reports,
whether someone keeps it, and the last change; a national summary and the
same figures per region.

Everything comes from a fixed number of aggregate queries (one of them a
single GROUP BY over all organisations), so the page costs the same with 10
or 10,000 organisations; bench/dekking.py measures it at national fill.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeenten.models import (
    Aanbod,
    Gemeente,
    LokaalZorgpad,
    Melding,
    Organisatie,
    Regio,
    Zorgpad,
    een_jaar_voor,
    is_landelijke_redactie,
)

# "At least 12 of 16": the share of zorgpaden a gemeente counts as well
# covered with, and the share of verified organisations counted as current.
DREMPEL_PADEN = 0.75
DREMPEL_GECONTROLEERD = 80  # percent


def gemeenten_voor(user):
    """The gemeenten whose coverage this user may see: all for national
    editors, those of their regions for region officers, none for anybody
    else (a gemeente officer has the completeness list on the admin home)."""
    gemeenten = Gemeente.objects.filter(opgegaan_in__isnull=True)
    if is_landelijke_redactie(user):
        return gemeenten
    if not user.has_perm("gemeenten.view_gemeente"):
        return gemeenten.none()
    return gemeenten.filter(regios__in=Regio.objects.beheerd_door(user)).distinct()


# Organisations (published, not national) that work in each gemeente,
# directly or through one of its regions (UNION, not UNION ALL: linked both
# ways counts once), and the zorgpaden their published offers cover. Two
# kinds of rows in one round trip, each from a hash aggregate: per gemeente
# the organisations ("org": count, verified, last change) and the zorgpaden
# ("pad": count, last change of an offer).
DEKKING_SQL = """
WITH bereik AS (
    SELECT gemeente_id, organisatie_id FROM {organisatie_gemeenten}
    UNION
    SELECT gr.gemeente_id, orr.organisatie_id
    FROM {gemeente_regios} gr
    JOIN {organisatie_regios} orr ON orr.regio_id = gr.regio_id
), org AS (
    SELECT b.gemeente_id, o.id, o.laatst_gecontroleerd, o.gewijzigd
    FROM bereik b
    JOIN {organisatie} o
      ON o.id = b.organisatie_id AND o.gepubliceerd AND NOT o.landelijk
), pad AS (
    SELECT org.gemeente_id, a.zorgpad_id, max(a.gewijzigd) AS gewijzigd
    FROM org JOIN {aanbod} a ON a.organisatie_id = org.id AND a.gepubliceerd
    GROUP BY org.gemeente_id, a.zorgpad_id
)
SELECT 'org', gemeente_id, count(*),
       count(*) FILTER (WHERE laatst_gecontroleerd > %s), max(gewijzigd)
FROM org GROUP BY gemeente_id
UNION ALL
SELECT 'pad', gemeente_id, count(*), 0, max(gewijzigd)
FROM pad GROUP BY gemeente_id
"""


def _dekking_per_gemeente(grens):
    """{gemeente id: (organisations, verified, zorgpaden, last change)}."""
    sql = DEKKING_SQL.format(
        organisatie_gemeenten=Organisatie.gemeenten.through._meta.db_table,
        gemeente_regios=Gemeente.regios.through._meta.db_table,
        organisatie_regios=Organisatie.regios.through._meta.db_table,
        organisatie=Organisatie._meta.db_table,
        aanbod=Aanbod._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [grens])
        rows = cursor.fetchall()
    per_gemeente = defaultdict(lambda: [0, 0, 0, None])
    for soort, gemeente_id, aantal, gecontroleerd, gewijzigd in rows:
        cijfers = per_gemeente[gemeente_id]
        if soort == "org":
            cijfers[0], cijfers[1] = aantal, gecontroleerd
        else:
            cijfers[2] = aantal
        cijfers[3] = _laatste(cijfers[3], gewijzigd)
    return per_gemeente


def _laatste(*momenten):
    """The latest of these moments; SQLite hands a raw aggregate back as
    text in UTC, PostgreSQL as an aware datetime."""
    gezien = []
    for moment in momenten:
        if isinstance(moment, str):
            moment = parse_datetime(moment)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
        if moment is not None:
            gezien.append(moment)
    return max(gezien, default=None)


@dataclass
class Rij:
    """One gemeente's coverage, as the table shows it."""

    gemeente: Gemeente
    regios: list
    paden: int = 0
    organisaties: int = 0
    gecontroleerd: int = 0
    meldingen: int = 0
    beheerder: str = ""  # "gemeente", "regio" or ""
    gewijzigd: object = None

    @property
    def aandeel(self):
        """Percentage verified in the last 12 months; None without organisations."""
        if not self.organisaties:
            return None
        return round(100 * self.gecontroleerd / self.organisaties)


@dataclass
class Cijfers:
    """The same figures for the country or one region."""

    naam: str
    gemeenten: int = 0
    goed: int = 0  # at least DREMPEL_PADEN of the zorgpaden covered
    zonder: int = 0  # no local or regional contact at all
    actueel: int = 0  # at least DREMPEL_GECONTROLEERD % verified
    zonder_beheerder: int = 0
    meldingen: int = 0

    def tel(self, rij, drempel):
        self.gemeenten += 1
        self.goed += rij.paden >= drempel
        self.zonder += rij.paden == 0
        self.actueel += (rij.aandeel or 0) >= DREMPEL_GECONTROLEERD
        self.zonder_beheerder += not rij.beheerder
        self.meldingen += rij.meldingen


@dataclass
class Dekking:
    rijen: list
    paden: int
    drempel: int
    land: Cijfers
    per_regio: list
    regios: list = field(default_factory=list)
    grens: object = None

    def zinnen(self, cijfers=None):
        return samenvatting(cijfers or self.land, self.paden, self.drempel)


def bereken(gemeenten, regios_zichtbaar=None, today=None):
    """Coverage of these gemeenten (a queryset from `gemeenten_voor`); the
    per-region figures only for `regios_zichtbaar` (ids; None: all)."""
    grens = een_jaar_voor(today)
    paden = Zorgpad.objects.count()
    drempel = math.ceil(DREMPEL_PADEN * paden)
    gemeenten = list(gemeenten.only("naam", "slug", "cbs_code", "provincie"))
    ids = {g.pk for g in gemeenten}
    regios = {r.pk: r for r in Regio.objects.all()}
    regios_van = defaultdict(list)
    for gemeente_id, regio_id in Gemeente.regios.through.objects.values_list(
        "gemeente_id", "regio_id"
    ):
        if gemeente_id in ids:
            regios_van[gemeente_id].append(regios[regio_id])
    dekking = _dekking_per_gemeente(grens)
    teksten = dict(
        LokaalZorgpad.objects.values("gemeente")
        .annotate(laatst=Max("gewijzigd"))
        .values_list("gemeente", "laatst")
        .order_by()
    )
    meldingen = dict(
        Melding.objects.nieuw()
        .values("gemeente")
        .annotate(n=Count("pk"))
        .values_list("gemeente", "n")
        .order_by()
    )
    eigen = set(
        Gemeente.beheerders.through.objects.filter(user__is_active=True).values_list(
            "gemeente_id", flat=True
        )
    )
    met_regiobeheerder = set(
        Regio.beheerders.through.objects.filter(user__is_active=True).values_list(
            "regio_id", flat=True
        )
    )

    rijen = []
    for gemeente in gemeenten:
        organisaties, gecontroleerd, aantal, gewijzigd = dekking.get(
            gemeente.pk, (0, 0, 0, None)
        )
        eigen_regios = sorted(regios_van[gemeente.pk], key=lambda r: r.naam)
        if gemeente.pk in eigen:
            beheerder = "gemeente"
        elif any(r.pk in met_regiobeheerder for r in eigen_regios):
            beheerder = "regio"
        else:
            beheerder = ""
        rijen.append(
            Rij(
                gemeente=gemeente,
                regios=eigen_regios,
                paden=aantal,
                organisaties=organisaties,
                gecontroleerd=gecontroleerd,
                meldingen=meldingen.get(gemeente.pk, 0),
                beheerder=beheerder,
                gewijzigd=_laatste(gewijzigd, teksten.get(gemeente.pk)),
            )
        )

    # A region officer's total covers only their regions: say so.
    land = Cijfers(_("Heel Nederland") if regios_zichtbaar is None else _("Je regio's"))
    per_regio = {}
    for rij in rijen:
        land.tel(rij, drempel)
        for regio in rij.regios:
            if regios_zichtbaar is not None and regio.pk not in regios_zichtbaar:
                continue
            per_regio.setdefault(regio.pk, Cijfers(regio.naam)).tel(rij, drempel)
    zichtbare_regios = sorted(
        {
            r.pk: r
            for rij in rijen
            for r in rij.regios
            if regios_zichtbaar is None or r.pk in regios_zichtbaar
        }.values(),
        key=lambda r: r.naam,
    )
    return Dekking(
        rijen=rijen,
        paden=paden,
        drempel=drempel,
        land=land,
        per_regio=sorted(per_regio.values(), key=lambda c: c.naam),
        regios=zichtbare_regios,
        grens=grens,
    )


def samenvatting(cijfers, paden, drempel):
    """The figures in whole sentences (each one translatable as a whole)."""
    return [
        ngettext(
            "%(n)d van de %(totaal)d gemeenten heeft voor minstens %(drempel)d van "
            "de %(paden)d zorgpaden een lokaal of regionaal contact.",
            "%(n)d van de %(totaal)d gemeenten hebben voor minstens %(drempel)d van "
            "de %(paden)d zorgpaden een lokaal of regionaal contact.",
            cijfers.goed,
        )
        % {
            "n": cijfers.goed,
            "totaal": cijfers.gemeenten,
            "drempel": drempel,
            "paden": paden,
        },
        ngettext(
            "%(n)d gemeente heeft nog voor geen enkel zorgpad een lokaal of "
            "regionaal contact: bezoekers zien daar alleen landelijke hulp.",
            "%(n)d gemeenten hebben nog voor geen enkel zorgpad een lokaal of "
            "regionaal contact: bezoekers zien daar alleen landelijke hulp.",
            cijfers.zonder,
        )
        % {"n": cijfers.zonder},
        ngettext(
            "In %(n)d van de %(totaal)d gemeenten is minstens %(procent)d%% van de "
            "organisaties in de afgelopen 12 maanden gecontroleerd.",
            "In %(n)d van de %(totaal)d gemeenten is minstens %(procent)d%% van de "
            "organisaties in de afgelopen 12 maanden gecontroleerd.",
            cijfers.actueel,
        )
        % {
            "n": cijfers.actueel,
            "totaal": cijfers.gemeenten,
            "procent": DREMPEL_GECONTROLEERD,
        },
        ngettext(
            "%(n)d gemeente heeft nog geen beheerder.",
            "%(n)d gemeenten hebben nog geen beheerder.",
            cijfers.zonder_beheerder,
        )
        % {"n": cijfers.zonder_beheerder},
        ngettext(
            "Er staat %(n)d melding van bezoekers open.",
            "Er staan %(n)d meldingen van bezoekers open.",
            cijfers.meldingen,
        )
        % {"n": cijfers.meldingen},
    ]


# --- filtering, sorting and the CSV export ------------------------------------

# Sort keys of the table: the column and what it sorts by.
SORTERINGEN = {
    "naam": lambda r: r.gemeente.naam,
    "provincie": lambda r: (r.gemeente.provincie, r.gemeente.naam),
    "paden": lambda r: (r.paden, r.gemeente.naam),
    "organisaties": lambda r: (r.organisaties, r.gemeente.naam),
    "aandeel": lambda r: (-1 if r.aandeel is None else r.aandeel, r.gemeente.naam),
    "meldingen": lambda r: (r.meldingen, r.gemeente.naam),
    "beheerder": lambda r: (r.beheerder, r.gemeente.naam),
    "gewijzigd": lambda r: (r.gewijzigd is not None, r.gewijzigd or 0),
}


def kolommen():
    """(sort key, heading) of the table, in order."""
    return [
        ("naam", _("Gemeente")),
        ("provincie", _("Provincie")),
        ("paden", _("Zorgpaden met lokaal of regionaal contact")),
        ("organisaties", _("Organisaties")),
        ("aandeel", _("Gecontroleerd in de afgelopen 12 maanden")),
        ("meldingen", _("Open meldingen")),
        ("beheerder", _("Beheerder")),
        ("gewijzigd", _("Laatste wijziging")),
    ]


def filter_en_sorteer(rijen, provincie="", regio="", sortering="naam"):
    """The rows of one province and/or region, sorted ("-paden": descending)."""
    if provincie:
        rijen = [r for r in rijen if r.gemeente.provincie == provincie]
    if regio:
        rijen = [r for r in rijen if any(g.slug == regio for g in r.regios)]
    sleutel = sortering.lstrip("-")
    if sleutel not in SORTERINGEN:
        sleutel, sortering = "naam", "naam"
    return sorted(rijen, key=SORTERINGEN[sleutel], reverse=sortering.startswith("-"))


def beheerder_label(rij):
    return {"gemeente": _("ja"), "regio": _("via de regio")}.get(
        rij.beheerder, _("nee")
    )


def regio_kop():
    return [
        _("Regio"),
        _("Gemeenten"),
        _("Met lokale contacten voor de meeste zorgpaden"),
        _("Zonder lokaal of regionaal contact"),
        _("Meeste organisaties gecontroleerd"),
        _("Zonder beheerder"),
        _("Open meldingen"),
    ]


def regio_rij(cijfers):
    return [
        cijfers.naam,
        cijfers.gemeenten,
        cijfers.goed,
        cijfers.zonder,
        cijfers.actueel,
        cijfers.zonder_beheerder,
        cijfers.meldingen,
    ]


def csv_rijen(dekking, rijen):
    """The page as CSV rows: the summary, the regions, then the gemeenten as
    filtered and sorted on the page."""
    for zin in dekking.zinnen():
        yield [zin]
    yield []
    yield [_("Per regio")]
    yield regio_kop()
    for cijfers in dekking.per_regio:
        yield regio_rij(cijfers)
    yield []
    yield [_("Per gemeente")]
    yield [_("CBS-code"), *(kop for _sleutel, kop in kolommen()), _("Regio's")]
    for rij in rijen:
        yield [
            rij.gemeente.cbs_code,
            rij.gemeente.naam,
            rij.gemeente.get_provincie_display(),
            f"{rij.paden}/{dekking.paden}",
            rij.organisaties,
            "" if rij.aandeel is None else f"{rij.aandeel}%",
            rij.meldingen,
            beheerder_label(rij),
            f"{timezone.localtime(rij.gewijzigd):%Y-%m-%d}" if rij.gewijzigd else "",
            ", ".join(r.naam for r in rij.regios),
        ]
