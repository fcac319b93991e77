"""The questionnaire, built once per process and content version, and the
answers read from a POST.

Answers travel only in the form (`v-<vraag code>` = option code); this module
checks them against the questionnaire and never stores them.
"""

import copy
import threading
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gemeenten.models import Zorgpad
from gemeenten.talen import vertaald
from zorgpad import cache

from .models import Domein, Optie, Vraag
from .scoring import ONBEKEND, Regel

FIELD_PREFIX = "v-"
STEMMEN = ("professional", "client")


# The states of a section in the progress list.
NU, KLAAR, OVERGESLAGEN, OPEN = "nu", "klaar", "overgeslagen", "open"
STATUS_LABELS = {
    NU: gettext_lazy("nu"),
    KLAAR: gettext_lazy("klaar"),
    OVERGESLAGEN: gettext_lazy("overgeslagen"),
    OPEN: gettext_lazy("nog open"),
}


@dataclass
class Stap:
    index: int
    titel: str
    status: str

    @property
    def label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Vragenlijst:
    secties: list  # [Domein with .vragen_lijst, each Vraag with .opties_lijst]
    regels: dict  # {(vraag_code, optie_code): [Regel]}
    vragen: dict  # {vraag_code: Vraag}
    alle_zorgpaden: list  # [Zorgpad]: what the rules can signal

    def zorgpaden(self):
        """{pk: Zorgpad}, fresh objects for this request (the result sets
        its reasons on them). National data, kept with the questionnaire."""
        return {z.pk: copy.copy(z) for z in self.alle_zorgpaden}

    def lees_antwoorden(self, data):
        """({vraag_code: optie_code}, {vraag_code or "": error}) from the
        submitted form data. Unknown questions or options are errors; the
        valid answers are kept so the form can be shown again with them."""
        antwoorden, fouten = {}, {}
        for key in data:
            if not key.startswith(FIELD_PREFIX):
                continue
            code, value = key.removeprefix(FIELD_PREFIX), data.get(key)
            vraag = self.vragen.get(code)
            if vraag is None:
                fouten[""] = _(
                    "Het formulier bevatte een vraag die wij niet kennen. "
                    "Controleer uw antwoorden en ga verder."
                )
            elif value != ONBEKEND and value not in vraag.optie_codes:
                fouten[code] = _(
                    "Dit antwoord kennen wij niet. Kies een van de antwoorden."
                )
            else:
                antwoorden[code] = value
        return antwoorden, fouten

    def geen_zorgen(self, index, antwoorden):
        """ "Geen zorgen in dit onderwerp": answer every question of section
        `index` with its first option, which is always the "all is well" one.
        Returns the questions already answered otherwise, and then changes
        nothing: the button must never overrule a worry that was chosen."""
        vragen = self.secties[index].vragen_lijst
        anders = [
            v.code
            for v in vragen
            if antwoorden.get(v.code, v.opties_lijst[0].code) != v.opties_lijst[0].code
        ]
        if not anders:
            for vraag in vragen:
                antwoorden[vraag.code] = vraag.opties_lijst[0].code
        return anders

    def voortgang(self, antwoorden, huidige, verst):
        """Each section with its state for the progress list: the current
        one, done (something answered), skipped (passed without an answer) or
        still open. `verst` is the furthest section shown so far."""
        stappen = []
        for index, domein in enumerate(self.secties):
            if index == huidige:
                status = NU
            elif any(v.code in antwoorden for v in domein.vragen_lijst):
                status = KLAAR
            elif index < verst:
                status = OVERGESLAGEN
            else:
                status = OPEN
            stappen.append(Stap(index, vertaald(domein, "titel"), status))
        return stappen


# {language: (national token, Vragenlijst)}: the questionnaire as last built
# in this process. An edit of the questionnaire replaces the national token
# (screening/signals.py), so the next request on every process builds it
# anew; only the latest version per language is kept.
_gebouwd = {}
_lock = threading.Lock()


def laad_vragenlijst():
    """The questionnaire for one request: fresh Domein and Vraag objects (the
    view sets a request's answers on them while rendering), copied from the
    version this process built for the current national token and language.
    No query with Redis (one token lookup with the database cache); five
    queries when it changed, the cache is down or the page cache is off."""
    versions = cache.complete_versions([cache.LANDELIJK])
    if versions is None:
        return _bouw()
    token = versions[cache.LANDELIJK]
    taal = get_language()
    with _lock:
        gebouwd = _gebouwd.get(taal)
    if gebouwd is None or gebouwd[0] != token:
        gebouwd = (token, _bouw())
        with _lock:
            _gebouwd[taal] = gebouwd
    return _kopie(gebouwd[1])


def _kopie(basis):
    """Copies of the objects a request may change, so that nothing of one
    visitor's answers can reach another's page. Options, rules and option
    codes are shared: nothing writes to them."""
    secties, vragen = [], {}
    for domein in basis.secties:
        domein = copy.copy(domein)
        domein.vragen_lijst = [copy.copy(vraag) for vraag in domein.vragen_lijst]
        for vraag in domein.vragen_lijst:
            vragen[vraag.code] = vraag
        secties.append(domein)
    return Vragenlijst(secties, basis.regels, vragen, basis.alle_zorgpaden)


def _bouw():
    """The whole questionnaire and the zorgpaden in five queries."""
    opties = Optie.objects.prefetch_related("signalen")
    domeinen = list(
        Domein.objects.prefetch_related(
            Prefetch(
                "vragen",
                queryset=Vraag.objects.prefetch_related(
                    Prefetch("opties", queryset=opties)
                ),
                to_attr="vragen_lijst",
            )
        ).order_by("volgorde")
    )
    regels, vragen = {}, {}
    for domein in domeinen:
        for vraag in domein.vragen_lijst:
            vraag.opties_lijst = list(vraag.opties.all())
            vraag.optie_codes = {o.code for o in vraag.opties_lijst}
            vragen[vraag.code] = vraag
            for optie in vraag.opties_lijst:
                regels[(vraag.code, optie.code)] = [
                    Regel(s.zorgpad_id, s.sterkte, vertaald(s, "reden"))
                    for s in optie.signalen.all()
                ]
    return Vragenlijst(
        [d for d in domeinen if d.vragen_lijst],
        regels,
        vragen,
        list(Zorgpad.objects.all()),
    )
