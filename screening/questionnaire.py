"""The questionnaire, built once per process and content version, and the
answers read from a POST.

Answers travel only in the form (`v-<vraag code>` = option code); this module
checks them against the questionnaire and never stores them.
"""

import copy
from dataclasses import dataclass

from django.conf import settings
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
    titel: str  # a Tekst (gemeenten/talen.py)
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

    def sectie(self, index):
        """Section `index` with its own copies of its questions: the view
        sets one request's answers on them, which must never reach another
        visitor's page (the questionnaire itself is shared, see
        `laad_vragenlijst`)."""
        domein = copy.copy(self.secties[index])
        domein.vragen_lijst = [copy.copy(vraag) for vraag in domein.vragen_lijst]
        return domein

    def zorgpaden(self, pks):
        """Copies of these zorgpaden, in this order, for this request (the
        result sets its reasons on them). National data, kept with the
        questionnaire."""
        alle = {z.pk: z for z in self.alle_zorgpaden}
        return [copy.copy(alle[pk]) for pk in pks]

    def volgorde(self):
        """{zorgpad pk: (urgency, order)}, what the scoring sorts by."""
        return {z.pk: (z.urgentie, z.volgorde) for z in self.alle_zorgpaden}

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

    def statussen(self, antwoorden, huidige, verst):
        """The state of each section for the progress list: the current
        one, done (something answered), skipped (passed without an answer)
        or still open. `verst` is the furthest section shown so far."""
        statussen = []
        for index, domein in enumerate(self.secties):
            if index == huidige:
                statussen.append(NU)
            elif any(v.code in antwoorden for v in domein.vragen_lijst):
                statussen.append(KLAAR)
            elif index < verst:
                statussen.append(OVERGESLAGEN)
            else:
                statussen.append(OPEN)
        return tuple(statussen)

    def voortgang(self, statussen):
        """Each section as a Stap in the progress list, in these states."""
        return [
            Stap(index, vertaald(domein, "titel"), status)
            for (index, domein), status in zip(
                enumerate(self.secties), statussen, strict=True
            )
        ]


# Per language, the questionnaire as last built in this process. An edit of
# the questionnaire replaces the national token (screening/signals.py), so
# the next request on every process builds it anew.
_gebouwd = cache.KeptHere(len(settings.LANGUAGES))


def laad_vragenlijst():
    """The questionnaire as this process built it for the current national
    token and language, shared by every request: read it, and take what a
    request changes from `sectie` and `zorgpaden`, which copy. No query and
    no cache round trip when the request looked up the national token
    already; five queries when it changed, the cache is down or the page
    cache is off."""
    versions = cache.remembered_versions([cache.LANDELIJK])
    vragenlijst = _gebouwd.get(get_language(), versions)
    if vragenlijst is None:
        vragenlijst = _bouw()
        _gebouwd.put(get_language(), versions, vragenlijst)
    return vragenlijst


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
