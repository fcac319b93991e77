"""What an officer sees on the statistics dashboard, computed in one place so
that the page and its CSV export are the same tables.

Scope ("gebied"): one gemeente, a region or the whole country, chosen from
`gebieden_voor(user)`, which follows the admin's fail-closed scoping: an
officer gets exactly the gemeenten `beheerd_door` them, nobody else anything
but national editors. Figures come from the monthly rollup only, in a fixed
number of queries whatever the period or the scope.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gemeenten.models import Gemeente, Regio, is_landelijke_redactie

from . import grafiek
from .counting import AMSTERDAM
from .models import (
    CONTACT_SOORTEN,
    GemeenteMaandTelling,
    LandMaandTelling,
    MaandTelling,
    Soort,
)

LANDELIJK = "nl"
REGIO_PREFIX = "regio:"
MAX_MONTHS = 60


# --- scope -------------------------------------------------------------------


@dataclass(frozen=True)
class Gebied:
    """Where the figures come from: one gemeente, a region or the country."""

    sleutel: str
    naam: str
    gemeente: Gemeente | None = None
    regio: Regio | None = None
    # Gemeenten that merged into this one (herindeling): their figures are
    # history, and count towards this gemeente's totals.
    voorgangers: tuple = ()

    @property
    def landelijk(self):
        return self.gemeente is None and self.regio is None

    def per_zorgpad(self, van, tot):
        """(zorgpad id or None, soort, maand, n) for the months van..tot:
        the national level for the country, so a national year is ~1,600
        rows, not ~330,000."""
        if self.landelijk:
            rows = LandMaandTelling.objects.all()
        else:
            rows = self._filter(MaandTelling.objects.all())
        return (
            rows.filter(maand__gte=van, maand__lte=tot)
            .values_list("zorgpad", "soort", "maand")
            .annotate(n=Sum("aantal"))
            .order_by()
        )

    def per_gemeente(self, van, tot):
        """(gemeente id, soort, n), all zorgpaden summed."""
        return (
            self._filter(GemeenteMaandTelling.objects.all())
            .filter(maand__gte=van, maand__lte=tot)
            .values_list("gemeente", "soort")
            .annotate(n=Sum("aantal"))
            .order_by()
        )

    def _filter(self, queryset):
        if self.gemeente is not None:
            return queryset.filter(gemeente__in=[self.gemeente, *self.voorgangers])
        if self.regio is not None:
            return queryset.filter(gemeente__regios=self.regio)
        return queryset


def gebieden_voor(user):
    """The scopes this user may see, the default first; none for a user
    without gemeenten (fail closed). A gemeente formed by a merger also
    offers its former gemeenten, whose figures stay readable as history."""
    velden = ("naam", "slug", "opgegaan_in", "opgeheven_op")
    gemeenten = list(Gemeente.objects.beheerd_door(user).only(*velden))
    voorgangers = _voorgangers(gemeenten)
    huidig = [
        _gemeente_gebied(g, voorgangers) for g in gemeenten if not g.opgegaan_in_id
    ]
    vroeger = [
        _gemeente_gebied(g, voorgangers)
        for lijst in voorgangers.values()
        for g in lijst
        if g.opgegaan_in_id
    ]
    vroeger = sorted({g.sleutel: g for g in vroeger}.values(), key=lambda g: g.naam)
    if not is_landelijke_redactie(user):
        return [*huidig, *vroeger]
    regios = list(Regio.objects.all())
    return [
        Gebied(LANDELIJK, _("Heel Nederland")),
        *(Gebied(REGIO_PREFIX + r.slug, r.naam, regio=r) for r in regios),
        *huidig,
        *vroeger,
    ]


def _voorgangers(gemeenten):
    """{gemeente pk: every gemeente that merged into it, also through earlier
    mergers}. One query (mergers are few)."""
    opgeheven = list(
        Gemeente.objects.filter(opgegaan_in__isnull=False).only(
            "naam", "slug", "opgegaan_in", "opgeheven_op"
        )
    )
    direct = defaultdict(list)
    for gemeente in opgeheven:
        direct[gemeente.opgegaan_in_id].append(gemeente)

    def alle(pk, diepte=0):
        if diepte > 10:  # never a loop
            return []
        return [v for d in direct.get(pk, []) for v in (d, *alle(d.pk, diepte + 1))]

    return {g.pk: alle(g.pk) for g in gemeenten}


def _gemeente_gebied(gemeente, voorgangers):
    return Gebied(
        gemeente.slug,
        gemeente.naam,
        gemeente=gemeente,
        voorgangers=tuple(voorgangers.get(gemeente.pk, ())),
    )


def toelichting(gebied):
    """What the figures of a merged or former gemeente mean, or ""."""
    gemeente = gebied.gemeente
    if gemeente is None:
        return ""
    if gemeente.opgegaan_in_id:
        return _(
            "%(gemeente)s is op %(datum)s opgegaan in een andere gemeente. Deze "
            "cijfers zijn geschiedenis: ze tellen vanaf die datum mee in de "
            "cijfers van de nieuwe gemeente."
        ) % {
            "gemeente": gemeente.naam,
            "datum": formats.date_format(gemeente.opgeheven_op, "j F Y"),
        }
    if gebied.voorgangers:
        return _(
            "Inclusief de cijfers van de voormalige gemeenten die in "
            "%(gemeente)s zijn opgegaan: %(namen)s."
        ) % {
            "gemeente": gemeente.naam,
            "namen": ", ".join(
                _("%(naam)s (tot %(datum)s)")
                % {
                    "naam": v.naam,
                    "datum": formats.date_format(v.opgeheven_op, "j F Y"),
                }
                for v in gebied.voorgangers
            ),
        }
    return ""


def groepen(gebieden):
    """The scopes grouped for the <select>: country, regions, gemeenten,
    former gemeenten."""
    gemeenten = [g for g in gebieden if g.gemeente is not None]
    groups = [
        (_("Nederland"), [g for g in gebieden if g.landelijk]),
        (_("Regio's"), [g for g in gebieden if g.regio is not None]),
        (_("Gemeenten"), [g for g in gemeenten if not g.gemeente.opgegaan_in_id]),
        (
            _("Voormalige gemeenten"),
            [g for g in gemeenten if g.gemeente.opgegaan_in_id],
        ),
    ]
    return [(label, items) for label, items in groups if items]


# --- the form ----------------------------------------------------------------


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m"]


class DashboardForm(forms.Form):
    gebied = forms.ChoiceField(label=gettext_lazy("Gebied"))
    van = MonthField(label=gettext_lazy("Van maand"))
    tot = MonthField(label=gettext_lazy("Tot en met maand"))
    zorgpad = forms.ChoiceField(
        label=gettext_lazy("Verloop per maand van"), required=False
    )

    def __init__(self, data, gebieden, zorgpaden):
        self.gebieden = {g.sleutel: g for g in gebieden}
        this_month = timezone.localdate(timezone=AMSTERDAM).replace(day=1)
        defaults = {
            "gebied": gebieden[0].sleutel if gebieden else "",
            "van": f"{add_months(this_month, -11):%Y-%m}",
            "tot": f"{this_month:%Y-%m}",
            "zorgpad": "",
        }
        # Always bound: an empty query string means the defaults.
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})
        self.fields["gebied"].choices = [(g.sleutel, g.naam) for g in gebieden]
        self.fields["zorgpad"].choices = [("", _("alle zorgpaden samen"))] + [
            (z.slug, z.titel) for z in zorgpaden
        ]

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot:
            if van > tot:
                raise forms.ValidationError(_("De eerste maand ligt na de laatste."))
            if months_between(van, tot) > MAX_MONTHS:
                raise forms.ValidationError(
                    _("Kies een periode van hoogstens %(n)d maanden.")
                    % {"n": MAX_MONTHS}
                )
        if "gebied" in data:
            data["gebied"] = self.gebieden[data["gebied"]]
        return data


def add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(van, tot):
    """How many months from van to tot, both included."""
    return (tot.year - van.year) * 12 + tot.month - van.month + 1


# --- the figures -------------------------------------------------------------


@dataclass
class Tabel:
    """A table exactly as shown, so the CSV export can write the same cells."""

    titel: str
    kop: list
    rijen: list
    id: str = ""
    voet: list = field(default_factory=list)


@dataclass
class Serie:
    naam: str
    waarden: list


@dataclass
class Dashboard:
    gebied: Gebied
    van: datetime.date
    tot: datetime.date
    samenvatting: str
    tabellen: list
    grafiek: object
    grafiek_titel: str
    toelichting: str = ""


# The kinds the month table shows, with their column heads.
def _kolommen_gebied():
    return [
        (_("Overzicht bekeken"), (Soort.OVERZICHT,)),
        (_("Zorgpaden bekeken"), (Soort.PAD,)),
        (_("Contactklikken"), CONTACT_SOORTEN),
        (_("Screenings"), (Soort.SCREENING,)),
        (_("Foutmeldingen"), (Soort.MELDING,)),
    ]


def _kolommen_pad():
    return [
        (_("Bekeken"), (Soort.PAD,)),
        (_("Contactklikken"), CONTACT_SOORTEN),
        (_("Gesignaleerd door screening"), (Soort.GESIGNALEERD,)),
    ]


def bereken(gebied, van, tot, zorgpaden, zorgpad_slug=""):
    """All figures for this scope and period (whole months, both included)."""
    rows = gebied.per_zorgpad(van, tot)
    totaal = defaultdict(int)  # soort -> n
    per_pad = defaultdict(lambda: defaultdict(int))  # zorgpad -> soort -> n
    per_maand = defaultdict(lambda: defaultdict(int))  # maand -> soort -> n
    per_pad_maand = defaultdict(lambda: defaultdict(int))  # (pad, maand) -> ...
    for zorgpad_id, soort, maand, n in rows:
        totaal[soort] += n
        per_maand[maand][soort] += n
        if zorgpad_id is not None:
            per_pad[zorgpad_id][soort] += n
            per_pad_maand[zorgpad_id, maand][soort] += n

    maanden = [add_months(van, i) for i in range(months_between(van, tot))]
    pad = next((z for z in zorgpaden if z.slug == zorgpad_slug), None)
    if pad is None:
        kolommen = _kolommen_gebied()
        verloop = per_maand
        grafiek_titel = _("Verloop per maand in %(gebied)s") % {"gebied": gebied.naam}
    else:
        kolommen = _kolommen_pad()
        verloop = {m: per_pad_maand[pad.pk, m] for m in maanden}
        grafiek_titel = _("Verloop per maand van %(pad)s in %(gebied)s") % {
            "pad": pad.titel,
            "gebied": gebied.naam,
        }

    maand_tabel = Tabel(
        titel=grafiek_titel,
        id="per-maand",
        kop=[_("Maand"), *(k for k, _s in kolommen)],
        rijen=[
            [maand_label(m), *(som(verloop.get(m, {}), s) for _k, s in kolommen)]
            for m in maanden
        ],
    )
    pad_kolommen = _kolommen_pad()
    pad_tabel = Tabel(
        titel=_("Per zorgpad"),
        id="per-zorgpad",
        kop=[_("Zorgpad"), *(k for k, _s in pad_kolommen)],
        rijen=[
            [z.titel, *(som(per_pad[z.pk], s) for _k, s in pad_kolommen)]
            for z in zorgpaden
        ],
    )
    tabellen = [maand_tabel, pad_tabel]
    if not gebied.gemeente:
        tabellen += _per_gemeente(gebied, van, tot)

    series = [
        Serie(kop, [som(verloop.get(m, {}), s) for m in maanden])
        for kop, s in kolommen
        if s[0] not in (Soort.SCREENING, Soort.MELDING)  # small next to views
    ]
    return Dashboard(
        gebied=gebied,
        van=van,
        tot=tot,
        samenvatting=samenvatting(gebied, van, tot, totaal, per_pad, zorgpaden),
        tabellen=tabellen,
        grafiek=grafiek.teken(
            [maand_label(m) for m in maanden],
            [formats.date_format(m, "M y") for m in maanden],
            series,
        ),
        grafiek_titel=grafiek_titel,
        toelichting=toelichting(gebied),
    )


def som(counts, soorten):
    """The counts of these kinds together ({soort: n} → n)."""
    return sum(counts.get(s, 0) for s in soorten)


def _per_gemeente(gebied, van, tot):
    """Every gemeente of the scope side by side, and for the whole country
    also every region: two more queries. A former gemeente's figures count
    in the row of the gemeente it merged into."""
    gemeenten = list(
        (gebied.regio.gemeenten if gebied.regio else Gemeente.objects).only(
            "naam", "opgegaan_in"
        )
    )
    opvolger = {g.pk: g.opgegaan_in_id for g in gemeenten if g.opgegaan_in_id}
    gemeenten = [g for g in gemeenten if not g.opgegaan_in_id]

    def huidig(pk):
        for _i in range(10):  # a chain of mergers, never a loop
            if pk not in opvolger:
                break
            pk = opvolger[pk]
        return pk

    rows = gebied.per_gemeente(van, tot)
    per_gemeente = defaultdict(lambda: defaultdict(int))
    for gemeente_id, soort, n in rows:
        per_gemeente[huidig(gemeente_id)][soort] += n
    kolommen = _kolommen_gebied()

    def rij(naam, counts):
        return [
            naam,
            *(som(counts, soorten) for _k, soorten in kolommen),
        ]

    tabellen = [
        Tabel(
            titel=_("Per gemeente"),
            id="per-gemeente",
            kop=[_("Gemeente"), *(k for k, _s in kolommen)],
            rijen=[rij(g.naam, per_gemeente[g.pk]) for g in gemeenten],
        )
    ]
    if gebied.landelijk:
        per_regio = defaultdict(lambda: defaultdict(int))
        namen = {}
        for link in Gemeente.regios.through.objects.select_related("regio"):
            namen[link.regio_id] = link.regio.naam
            for soort, n in per_gemeente[link.gemeente_id].items():
                per_regio[link.regio_id][soort] += n
        tabellen.insert(
            0,
            Tabel(
                titel=_("Per regio"),
                id="per-regio",
                kop=[_("Regio"), *(k for k, _s in kolommen)],
                rijen=sorted(rij(namen[r], per_regio[r]) for r in namen),
            ),
        )
    return tabellen


def maand_label(maand):
    return formats.date_format(maand, "F Y")


def samenvatting(gebied, van, tot, totaal, per_pad, zorgpaden):
    """The figures in the words a coalition meeting uses: whole sentences,
    each translated as one (with its count, for the plural), so another
    language can put its words in its own order."""
    # Dutch says "1 keer" and "2 keer": singular and plural often read alike.
    n = totaal[Soort.OVERZICHT]
    if gebied.gemeente is not None:
        overview = ngettext(
            "Van %(van)s tot en met %(tot)s is de overzichtspagina van "
            "%(gebied)s %(n)d keer bekeken.",
            "Van %(van)s tot en met %(tot)s is de overzichtspagina van "
            "%(gebied)s %(n)d keer bekeken.",
            n,
        )
    else:
        overview = ngettext(
            "Van %(van)s tot en met %(tot)s zijn de overzichtspagina's in "
            "%(gebied)s %(n)d keer bekeken.",
            "Van %(van)s tot en met %(tot)s zijn de overzichtspagina's in "
            "%(gebied)s %(n)d keer bekeken.",
            n,
        )
    sentences = [
        overview
        % {
            "van": maand_label(van),
            "tot": maand_label(tot),
            "gebied": gebied.naam,
            "n": n,
        }
    ]
    sentences.append(
        ngettext(
            "Een specifiek zorgpad is %(n)d keer geopend.",
            "Een specifiek zorgpad is %(n)d keer geopend.",
            totaal[Soort.PAD],
        )
        % {"n": totaal[Soort.PAD]}
    )
    if top := most_viewed(per_pad, zorgpaden):
        # Translators: one care path in the "Meest bekeken" list, with how
        # many times it was viewed.
        item = _("%(zorgpad)s (%(n)dx)")
        sentences.append(
            _("Meest bekeken: %(lijst)s.")
            % {"lijst": ", ".join(item % {"zorgpad": t, "n": k} for k, t in top)}
        )
    clicks = sum(totaal[s] for s in CONTACT_SOORTEN)
    sentences.append(
        ngettext(
            "Er is %(n)d keer op een telefoonnummer, e-mailadres of website geklikt.",
            "Er is %(n)d keer op een telefoonnummer, e-mailadres of website geklikt.",
            clicks,
        )
        % {"n": clicks}
    )
    sentences.append(
        ngettext(
            "De screening is %(n)d keer ingevuld.",
            "De screening is %(n)d keer ingevuld.",
            totaal[Soort.SCREENING],
        )
        % {"n": totaal[Soort.SCREENING]}
    )
    sentences.append(
        ngettext(
            "Er is %(n)d foutmelding verstuurd.",
            "Er zijn %(n)d foutmeldingen verstuurd.",
            totaal[Soort.MELDING],
        )
        % {"n": totaal[Soort.MELDING]}
    )
    return " ".join(sentences)


def most_viewed(per_pad, zorgpaden, limit=3):
    """[(n, titel)] of the most viewed zorgpaden, a tie in alphabetical order."""
    namen = {z.pk: z.titel for z in zorgpaden}
    return sorted(
        (
            (counts[Soort.PAD], namen[pk])
            for pk, counts in per_pad.items()
            if counts[Soort.PAD]
        ),
        key=lambda item: (-item[0], item[1]),
    )[:limit]


def csv_rijen(dashboard):
    """The dashboard as CSV rows: the summary, then every table as shown."""
    yield [dashboard.samenvatting]
    if dashboard.toelichting:
        yield [dashboard.toelichting]
    for tabel in dashboard.tabellen:
        yield []
        yield [tabel.titel]
        yield tabel.kop
        yield from tabel.rijen
