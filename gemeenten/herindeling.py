"""Municipal mergers and renames (herindeling), and the old addresses that
keep answering afterwards.

`plan()` works out what a merger of gemeenten A, B… into a new or existing
gemeente C (or the rename of one) would do and which conflicts stand in the
way, without writing anything: the dry run of `manage.py herindeling`.
`uitvoeren()` carries a plan out in one transaction: organisations, offers,
local texts, officers and error reports move to C; A and B stay as
unpublished rows pointing at C (`opgegaan_in`), so their statistics remain
readable as history; their slugs become `OudAdres` rows, which the
middleware turns into permanent redirects. Every change goes through save(),
so whatever listens to model signals (cache invalidation, `gewijzigd` for the
open data) sees it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Gemeente,
    LokaalZorgpad,
    Melding,
    Organisatie,
    OudAdres,
    Provincie,
)

TEKSTVELDEN = ("doel", "stappen", "afspraken")


class HerindelingFout(Exception):
    """The request itself is wrong (unknown code, slug taken …)."""


@dataclass
class Plan:
    bronnen: list
    doel: Gemeente
    datum: datetime.date
    nieuw: bool = False
    hernoemen: bool = False
    teksten_samenvoegen: bool = False
    feedback_email: str | None = None
    conflicten: list = field(default_factory=list)
    stappen: list = field(default_factory=list)

    @property
    def uitvoerbaar(self):
        return not self.conflicten


def plan(
    van,
    naar,
    naam="",
    slug="",
    provincie="",
    datum=None,
    teksten_samenvoegen=False,
    feedback_email=None,
):
    """What merging the gemeenten with CBS codes `van` into `naar` would do.
    One code in `van` and `naar` equal to it or unknown: a rename."""
    datum = datum or timezone.localdate()
    codes = [c.strip().upper() for c in van]
    naar = naar.strip().upper()
    bronnen = list(Gemeente.objects.filter(cbs_code__in=codes))
    onbekend = sorted(set(codes) - {g.cbs_code for g in bronnen})
    if onbekend:
        raise HerindelingFout(f"Unknown CBS code(s): {', '.join(onbekend)}")
    for bron in bronnen:
        if bron.opgegaan_in_id:
            raise HerindelingFout(f"{bron} was already merged into another gemeente.")
    if provincie and provincie not in Provincie.values:
        raise HerindelingFout(f"Unknown province {provincie!r}.")

    doel = Gemeente.objects.filter(cbs_code=naar).first()
    hernoemen = len(bronnen) == 1 and (doel is None or doel == bronnen[0])
    if doel is not None and doel.opgegaan_in_id:
        raise HerindelingFout(f"{doel} was itself merged into another gemeente.")
    if hernoemen:
        doel = bronnen[0]
        oud_slug = doel.slug
        doel.cbs_code = naar
        doel.naam = naam or doel.naam
        doel.slug = slug or slugify(doel.naam)
        doel.provincie = provincie or doel.provincie
        result = Plan(bronnen, doel, datum, hernoemen=True)
        _check_slug(doel, toegestaan=[oud_slug])
        result.stappen.append(
            f"Rename {oud_slug} ({', '.join(codes)}) to {doel.naam} "
            f"({doel.cbs_code}, /gemeente/{doel.slug}/); the old address redirects."
        )
        return result

    bronnen = [b for b in bronnen if b != doel]
    if len(bronnen) < 1:
        raise HerindelingFout("Name at least one gemeente to merge.")
    nieuw = doel is None
    if nieuw:
        if not naam or not provincie:
            raise HerindelingFout(f"{naar} is new: give --naam and --provincie.")
        doel = Gemeente(cbs_code=naar, naam=naam, slug=slug or slugify(naam))
        doel.provincie = provincie
    elif naam or slug or provincie:
        doel.naam = naam or doel.naam
        doel.slug = slug or (slugify(naam) if naam else doel.slug)
        doel.provincie = provincie or doel.provincie
    result = Plan(
        bronnen,
        doel,
        datum,
        nieuw=nieuw,
        teksten_samenvoegen=teksten_samenvoegen,
        feedback_email=feedback_email,
    )
    _check_slug(doel, toegestaan=[b.slug for b in bronnen])
    _conflicten(result)
    _stappen(result)
    return result


def _check_slug(doel, toegestaan):
    taken = Gemeente.objects.filter(slug=doel.slug).exclude(pk=doel.pk)
    if doel.slug in toegestaan:
        taken = taken.exclude(slug__in=toegestaan)
    if taken.exists():
        raise HerindelingFout(f"The address /gemeente/{doel.slug}/ is taken.")
    oud = OudAdres.objects.filter(slug=doel.slug).exclude(gemeente=doel.pk).first()
    if oud is not None and doel.slug not in toegestaan:
        raise HerindelingFout(
            f"/gemeente/{doel.slug}/ redirects to {oud.gemeente}; choose --slug."
        )


def _alle(plan):
    """The gemeenten whose data end up in the target: sources and target."""
    return plan.bronnen + ([] if plan.nieuw else [plan.doel])


def _conflicten(plan):
    alle = _alle(plan)
    per_pad = defaultdict(list)
    for lokaal in LokaalZorgpad.objects.filter(gemeente__in=alle).select_related(
        "gemeente", "zorgpad"
    ):
        per_pad[lokaal.zorgpad].append(lokaal)
    for zorgpad, lokale in per_pad.items():
        met_tekst = [lz for lz in lokale if any(getattr(lz, f) for f in TEKSTVELDEN)]
        if len(met_tekst) > 1 and not plan.teksten_samenvoegen:
            namen = ", ".join(lz.gemeente.naam for lz in met_tekst)
            plan.conflicten.append(
                f"Local texts for '{zorgpad}' in {namen}: keep one (edit or "
                "delete the others in the admin) or pass --teksten-samenvoegen."
            )
    intros = [g for g in alle if g.intro.strip()]
    if len(intros) > 1 and not plan.teksten_samenvoegen:
        plan.conflicten.append(
            "Local introductions in "
            + ", ".join(g.naam for g in intros)
            + ": keep one or pass --teksten-samenvoegen."
        )
    adressen = {g.feedback_email for g in alle if g.feedback_email}
    if len(adressen) > 1 and plan.feedback_email is None:
        plan.conflicten.append(
            "Different addresses for error reports ("
            + ", ".join(sorted(adressen))
            + "): choose one with --feedback-email."
        )


def _stappen(plan):
    bronnen = plan.bronnen
    namen = ", ".join(f"{b.naam} ({b.cbs_code})" for b in bronnen)
    doel = plan.doel
    wat = "new gemeente" if plan.nieuw else "existing gemeente"
    plan.stappen.append(
        f"Merge {namen} into the {wat} {doel.naam} ({doel.cbs_code}, "
        f"/gemeente/{doel.slug}/) on {plan.datum:%Y-%m-%d}."
    )
    organisaties = Organisatie.objects.filter(gemeenten__in=bronnen).distinct()
    plan.stappen.append(f"{organisaties.count()} organisation(s) move to {doel.naam}.")
    lokale = LokaalZorgpad.objects.filter(gemeente__in=bronnen).count()
    plan.stappen.append(f"{lokale} local text(s) move.")
    beheerders = {u for b in bronnen for u in b.beheerders.all()}
    plan.stappen.append(f"{len(beheerders)} officer(s) move.")
    meldingen = Melding.objects.filter(gemeente__in=bronnen).count()
    plan.stappen.append(f"{meldingen} error report(s) move.")
    plan.stappen.append(
        "Old addresses redirect: " + ", ".join(f"/gemeente/{b.slug}/" for b in bronnen)
    )
    plan.stappen.append(
        "Statistics stay with the former gemeenten and count towards "
        f"{doel.naam} on the dashboard."
    )


@transaction.atomic
def uitvoeren(plan):
    """Carry out a plan without conflicts; returns the target gemeente."""
    if not plan.uitvoerbaar:
        raise HerindelingFout("Resolve the conflicts first.")
    if plan.hernoemen:
        return _hernoem(plan)
    doel = plan.doel
    bronnen = plan.bronnen
    doel.andere_namen = _namen(doel, bronnen)
    if plan.feedback_email is not None:
        doel.feedback_email = plan.feedback_email
    elif not doel.feedback_email:
        doel.feedback_email = next(
            (b.feedback_email for b in bronnen if b.feedback_email), ""
        )
    intros = [g.intro.strip() for g in _alle(plan) if g.intro.strip()]
    doel.intro = "\n\n".join(dict.fromkeys(intros))
    vorig_slug = None if plan.nieuw else Gemeente.objects.get(pk=doel.pk).slug
    bezet = [b for b in bronnen if b.slug == doel.slug]
    for bron in bezet:  # C takes the address of one of the gemeenten it replaces
        bron.slug = f"{bron.slug}-{bron.cbs_code.lower()}"
        bron.save(update_fields=["slug"])
    doel.save()
    doel.regios.add(*{r for b in bronnen for r in b.regios.all()})

    for org in Organisatie.objects.filter(gemeenten__in=bronnen).distinct():
        org.gemeenten.add(doel)
        org.gemeenten.remove(*bronnen)
        org.save()  # changed where it works: the open data says so
        for aanbod in org.aanbod.all():
            aanbod.save()
    _verplaats_teksten(plan)
    for bron in bronnen:
        doel.beheerders.add(*bron.beheerders.all())
        bron.beheerders.clear()
    for melding in Melding.objects.filter(gemeente__in=bronnen):
        melding.gemeente = doel
        melding.save(update_fields=["gemeente"])
    for bron in bronnen:
        bron.gepubliceerd = False
        bron.opgegaan_in = doel
        bron.opgeheven_op = plan.datum
        bron.save()
        if bron not in bezet:
            _oud_adres(bron.slug, doel, plan.datum)
        OudAdres.objects.filter(gemeente=bron).update(gemeente=doel)
    if vorig_slug and vorig_slug != doel.slug:  # the target was renamed too
        _oud_adres(vorig_slug, doel, plan.datum)
    # An address that is the target's own again needs no redirect.
    OudAdres.objects.filter(slug=doel.slug).delete()
    return doel


def _hernoem(plan):
    doel = plan.doel
    oud = Gemeente.objects.get(pk=doel.pk)
    if oud.naam != doel.naam:
        doel.andere_namen = _namen(doel, [oud])
    doel.save()
    if oud.slug != doel.slug:
        _oud_adres(oud.slug, doel, plan.datum)
        OudAdres.objects.filter(slug=doel.slug).delete()
    return doel


def _oud_adres(slug, gemeente, datum):
    OudAdres.objects.update_or_create(
        slug=slug, defaults={"gemeente": gemeente, "sinds": datum}
    )


def _namen(doel, bronnen):
    """The target's other names plus the names of what it replaces, so that
    a search for an old name still finds it."""
    namen = [n.strip() for n in doel.andere_namen.split(",") if n.strip()]
    for bron in bronnen:
        namen += [bron.naam, *(n.strip() for n in bron.andere_namen.split(","))]
    namen = [n for n in dict.fromkeys(namen) if n and n != doel.naam]
    return ", ".join(namen)[:200]


def _verplaats_teksten(plan):
    doel = plan.doel
    per_pad = defaultdict(list)
    for lokaal in LokaalZorgpad.objects.filter(gemeente__in=_alle(plan)).order_by("pk"):
        per_pad[lokaal.zorgpad_id].append(lokaal)
    for lokale in per_pad.values():
        # The target's own text first, then the sources' in the order given.
        lokale.sort(key=lambda lz: lz.gemeente_id != doel.pk)
        bewaard, *rest = lokale
        for andere in rest:
            for veld in TEKSTVELDEN:
                samen = [getattr(bewaard, veld).strip(), getattr(andere, veld).strip()]
                if veld == "stappen":
                    regels = [r for t in samen for r in t.splitlines() if r.strip()]
                    waarde = "\n".join(dict.fromkeys(regels))
                else:
                    waarde = "\n\n".join(dict.fromkeys(t for t in samen if t))
                setattr(bewaard, veld, waarde)
            andere.delete()
        bewaard.gemeente = doel
        bewaard.save()


def nieuw_adres(slug):
    """The gemeente that now answers for an old slug, or None (one query)."""
    oud = OudAdres.objects.filter(slug=slug).select_related("gemeente").first()
    if oud is None or not oud.gemeente.gepubliceerd:
        return None
    return oud.gemeente


def huidige_gemeente(cbs_code):
    """The published gemeente a former CBS code now belongs to, or None."""
    gemeente = Gemeente.objects.filter(cbs_code=cbs_code).first()
    for _ in range(10):  # a chain of mergers, never a loop
        if gemeente is None or gemeente.opgegaan_in_id is None:
            break
        gemeente = gemeente.opgegaan_in
    if gemeente is None or not gemeente.gepubliceerd:
        return None
    return gemeente
