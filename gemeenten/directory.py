"""What the public pages show: the queries behind them, in one place.

Each function costs a fixed number of queries, whatever the amount of data;
tests pin those counts.
"""

import copy
import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, get_language_from_path

from zorgpad import cache

from .models import Aanbod, Gemeente, LokaalZorgpad, Zorgpad, split_lines
from .search import normalise, treffers, zoekwoorden
from .talen import Tekst, nederlands, vertaald


def published_gemeente_or_404(slug):
    """The published gemeente with this slug, for every page under
    /gemeente/<slug>/; a 404 for an unknown or unpublished one."""
    return get_object_or_404(Gemeente.objects.gepubliceerd(), slug=slug)


# What this process last read of each gemeente.
_gelezen = cache.KeptHere(1000)


def remembered_gemeente_or_404(slug):
    """`published_gemeente_or_404` without a query while the gemeente's
    pages keep their tokens (zorgpad/cache.py): for a page that is never
    cached whole (the screening), which would read it on every request.
    One cache round trip, whose tokens the rest of the request reuses."""
    versions = settings.ZORGPAD_PAGE_CACHE and cache.current_versions(
        cache.gemeente_scopes(slug)
    )
    gemeente = _gelezen.get(slug, versions)
    if gemeente is None:
        gemeente = published_gemeente_or_404(slug)  # a made-up slug: a 404
        _gelezen.put(slug, versions, gemeente)
    return copy.copy(gemeente)


def zoek_gemeenten(query):
    """Published gemeenten matching the query; names that start with it first."""
    gemeenten = list(
        Gemeente.objects.gepubliceerd().zoek(query).only("naam", "slug", "provincie")
    )
    start = normalise(query)
    gemeenten.sort(key=lambda g: (not normalise(g.naam).startswith(start), g.naam))
    return gemeenten


def zorgpaden_voor(gemeente):
    """All zorgpaden, each with `aantal` (organisations to contact here) and
    `lokaal_gecontroleerd` (when a local or regional one was last verified,
    or None). Two queries."""
    rows = (
        Aanbod.objects.voor_gemeente(gemeente)
        .values("zorgpad")
        .annotate(
            aantal=Count("pk"),
            gecontroleerd=Max(
                "organisatie__laatst_gecontroleerd",
                filter=Q(organisatie__landelijk=False),
            ),
        )
        .values_list("zorgpad", "aantal", "gecontroleerd")
        .order_by()
    )
    per_pad = {pk: (aantal, datum) for pk, aantal, datum in rows}
    zorgpaden = list(Zorgpad.objects.all())
    for pad in zorgpaden:
        pad.aantal, pad.lokaal_gecontroleerd = per_pad.get(pad.pk, (0, None))
    return zorgpaden


def zoek_zorgpaden(zorgpaden, query):
    """The zorgpaden (already loaded) that match the most words of an
    everyday search ("huur", "geen verzekering"), in their own order; empty
    when no word matches. The query is only read, never kept."""
    words = zoekwoorden(query)
    scored = [(pad, treffers(words, pad.zoeksleutel())) for pad in zorgpaden]
    best = max((hits for _pad, hits in scored), default=0)
    return [pad for pad, hits in scored if best and hits == best]


def laatst_gecontroleerd(zorgpaden):
    """When the local information was last checked: the latest verification
    of a local or regional organisation on these zorgpaden (no query)."""
    return max(
        (p.lokaal_gecontroleerd for p in zorgpaden if p.lokaal_gecontroleerd),
        default=None,
    )


@dataclass
class Pad:
    """One zorgpad as seen in one gemeente: local text where there is some,
    the national text otherwise. Texts are `Tekst`s: they know their language."""

    zorgpad: Zorgpad
    doel: Tekst
    stappen: list  # of Tekst
    afspraken: Tekst
    aanbod: list = field(default_factory=list)


def pad_voor(gemeente, zorgpad_slug):
    """The zorgpad with its offers for this gemeente, or None. Three queries."""
    zorgpad = Zorgpad.objects.filter(slug=zorgpad_slug).first()
    if zorgpad is None:
        return None
    lokaal = LokaalZorgpad.objects.filter(gemeente=gemeente, zorgpad=zorgpad).first()
    aanbod = list(Aanbod.objects.op_pagina(gemeente).filter(zorgpad=zorgpad))
    stappen = _lokaal_of_landelijk(lokaal, zorgpad, "stappen")
    return Pad(
        zorgpad=zorgpad,
        doel=_lokaal_of_landelijk(lokaal, zorgpad, "doel"),
        stappen=[Tekst(stap, stappen.taal) for stap in split_lines(stappen)],
        afspraken=nederlands(lokaal.afspraken if lokaal else ""),
        aanbod=aanbod,
    )


def _lokaal_of_landelijk(lokaal, zorgpad, field):
    """The gemeente's own text (written in Dutch), unless the visitor reads
    another language and the national text exists in it."""
    eigen = getattr(lokaal, field, "") if lokaal else ""
    taal = get_language()
    if eigen and (
        taal == settings.LANGUAGE_CODE or not getattr(zorgpad, f"{field}_{taal}", "")
    ):
        return nederlands(eigen)
    return vertaald(zorgpad, field)


def met_aanbod(gemeente, zorgpaden):
    """Attach `.aanbod_hier` (what the path page lists) to each zorgpad, for
    pages that show several. One query, however many zorgpaden."""
    per_pad = defaultdict(list)
    for aanbod in Aanbod.objects.op_pagina(gemeente).filter(zorgpad__in=zorgpaden):
        per_pad[aanbod.zorgpad_id].append(aanbod)
    for zorgpad in zorgpaden:
        zorgpad.aanbod_hier = per_pad[zorgpad.pk]
    return zorgpaden


def suggesties_voor_pad(path):
    """Context for the 404 page, read from the address that was not found:
    the gemeente if it exists, or gemeenten whose name looks like the slug."""
    parts = [p for p in path.split("/") if p]
    if parts and get_language_from_path(path):
        parts = parts[1:]  # /en/gemeente/… reads like /gemeente/…
    context = {"gemeente": None, "suggesties": [], "query": ""}
    if len(parts) >= 2 and parts[0] == "gemeente":
        slug = parts[1][:100]
        gemeente = Gemeente.objects.gepubliceerd().filter(slug=slug).first()
        if gemeente and len(parts) >= 3:
            context["gemeente"] = gemeente
        else:
            query = slug.replace("-", " ")
            context["query"] = query
            context["suggesties"] = _suggesties(query)
    return context


def _suggesties(query):
    """Gemeenten containing the typed words, or else with a similar name
    ("kerkraade" -> Kerkrade)."""
    found = zoek_gemeenten(query)
    if not found:
        gemeenten = {
            normalise(g.naam): g
            for g in Gemeente.objects.gepubliceerd().only("naam", "slug")
        }
        close = difflib.get_close_matches(normalise(query), gemeenten, n=5, cutoff=0.75)
        found = [gemeenten[name] for name in close]
    return found[:10]
