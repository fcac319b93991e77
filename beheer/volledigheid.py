"""Completeness of one gemeente, for its officer's admin home: for each
national zorgpad whether the gemeente has a local or regional contact, which
only show national help, which contacts were not verified for a year, and a
link that adds an organisation for that zorgpad, prefilled (voorinvullen.py).

Three queries whatever the data: the officer's gemeenten, the zorgpaden, and
the offers the gemeente's pages list (`Aanbod.objects.op_pagina`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from gemeenten.models import (
    Aanbod,
    Gemeente,
    Werkgebied,
    Zorgpad,
    een_jaar_voor,
    is_landelijke_redactie,
)


@dataclass
class PadStatus:
    zorgpad: Zorgpad
    lokaal: list = field(default_factory=list)  # local and regional offers
    landelijk: int = 0
    verouderd: list = field(default_factory=list)
    toevoegen: str = ""

    @property
    def status(self):
        if self.lokaal:
            return "lokaal"
        return "landelijk" if self.landelijk else "geen"


@dataclass
class Volledigheid:
    gemeente: Gemeente
    gemeenten: list  # the officer's other gemeenten, to switch
    paden: list
    grens: object

    @property
    def met_contact(self):
        return sum(1 for p in self.paden if p.lokaal)


def volledigheid(user, slug="", today=None):
    """The completeness of the gemeente `slug` (or the officer's first), or
    None when the user keeps no gemeente. National editors keep all 342:
    they get a gemeente only when they ask for one (from the coverage page)."""
    if not user.has_perm("gemeenten.view_organisatie"):
        return None
    gemeenten = Gemeente.objects.beheerd_door(user).filter(opgegaan_in__isnull=True)
    if is_landelijke_redactie(user):
        if not slug:
            return None
        keuzes = []
        gemeente = gemeenten.filter(slug=slug).only("naam", "slug").first()
    else:
        keuzes = list(gemeenten.only("naam", "slug"))
        gemeente = next((g for g in keuzes if g.slug == slug), None) or next(
            iter(keuzes), None
        )
    if gemeente is None:
        return None

    grens = een_jaar_voor(today)
    paden = {z.pk: PadStatus(z) for z in Zorgpad.objects.only("titel", "slug")}
    per_pad = defaultdict(list)
    for aanbod in Aanbod.objects.op_pagina(gemeente):
        per_pad[aanbod.zorgpad_id].append(aanbod)
    mag_toevoegen = user.has_perm("gemeenten.add_organisatie")
    toevoegen = reverse("admin:gemeenten_organisatie_add")
    for pk, status in paden.items():
        for aanbod in per_pad[pk]:
            if aanbod.werkgebied == Werkgebied.LANDELIJK:
                status.landelijk += 1
                continue
            status.lokaal.append(aanbod)
            if aanbod.gecontroleerd_op <= grens:
                status.verouderd.append(aanbod)
        if mag_toevoegen:
            query = urlencode({"gemeenten": gemeente.pk, "zorgpad": pk})
            status.toevoegen = f"{toevoegen}?{query}"
    return Volledigheid(
        gemeente=gemeente,
        gemeenten=keuzes if len(keuzes) > 1 else [],
        paden=list(paden.values()),
        grens=grens,
    )
