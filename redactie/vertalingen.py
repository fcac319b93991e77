"""The national content in the languages newcomers speak.

One file per language, `fixtures/vertalingen/<taal>.json`, keyed by the
stable slugs and codes of the reference data (never by database ids), so the
Dutch and English fixtures and these files can change independently:

    {"zorgpaden": {"<slug>": {"titel", "samenvatting", "doel", "stappen": [..]}},
     "domeinen": {"<code>": "titel"},
     "vragen": {"<code>": {"tekst": "client voice", "opties": {"<code>": "label"}}},
     "redenen": {"<vraag>/<optie>/<zorgpad slug>": "neutral reason"}}

Only the client's voice is translated: the professional voice stays Dutch
and English. Loading overwrites these languages' columns (as loaddata does
for Dutch and English); what a file does not name keeps falling back to Dutch.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings

from gemeenten.models import Zorgpad
from screening.models import Domein, Optie, Signaal, Vraag
from zorgpad.cache import LANDELIJK, bump

from .models import Taalversie

MAP = settings.BASE_DIR / "fixtures" / "vertalingen"


@dataclass
class Resultaat:
    """How many content fields one language file filled, and the keys it
    names that the reference data does not have (a renamed slug, say)."""

    velden: int = 0
    onbekend: list = field(default_factory=list)


def laad_taal(taal, data):
    """Write one language's translations into the `<field>_<taal>` columns."""
    resultaat = Resultaat()

    def zet(queryset, sleutel, **waarden):
        waarden = {f"{naam}_{taal}": tekst for naam, tekst in waarden.items()}
        if queryset.update(**waarden):
            resultaat.velden += len(waarden)
        else:
            resultaat.onbekend.append(sleutel)

    for slug, velden in data.get("zorgpaden", {}).items():
        velden = dict(velden)
        if isinstance(velden.get("stappen"), list):
            velden["stappen"] = "\n".join(velden["stappen"])
        zet(Zorgpad.objects.filter(slug=slug), slug, **velden)
    for code, titel in data.get("domeinen", {}).items():
        zet(Domein.objects.filter(code=code), code, titel=titel)
    for code, vraag in data.get("vragen", {}).items():
        zet(Vraag.objects.filter(code=code), code, tekst_client=vraag["tekst"])
        for optie, label in vraag.get("opties", {}).items():
            opties = Optie.objects.filter(vraag__code=code, code=optie)
            zet(opties, f"{code}/{optie}", label_client=label)
    for sleutel, reden in data.get("redenen", {}).items():
        vraag, optie, zorgpad = sleutel.split("/")
        signalen = Signaal.objects.filter(
            optie__vraag__code=vraag, optie__code=optie, zorgpad__slug=zorgpad
        )
        zet(signalen, sleutel, reden=reden)
    # QuerySet.update sends no signal: every page in the language is rebuilt.
    bump(LANDELIJK)
    return resultaat


def laad_vertalingen():
    """Load every added language's file; {taal: Resultaat}. Each language
    gets its review flag row (unchecked until an editor sets it)."""
    resultaten = {}
    for taal in settings.ZORGPAD_PARENT_LANGUAGES:
        Taalversie.objects.get_or_create(taal=taal)
        pad = MAP / f"{taal}.json"
        if pad.exists():
            resultaten[taal] = laad_taal(taal, json.loads(pad.read_text()))
    return resultaten
