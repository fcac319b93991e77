"""Scoring: which zorgpaden the answers signal, most urgent first.

Pure functions over plain data, so they are easy to test and never touch the
database or a log. `ONBEKEND` ("weet ik niet / wil ik niet zeggen") and
skipped questions signal nothing.
"""

from dataclasses import dataclass, field

ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Regel:
    """One option → zorgpad signal."""

    zorgpad_id: int
    sterkte: int
    reden: str


@dataclass
class Uitkomst:
    """A signalled zorgpad: the summed strength and the reasons, in order."""

    zorgpad_id: int
    sterkte: int = 0
    redenen: list = field(default_factory=list)


def score(antwoorden, regels_per_optie, rangorde):
    """Signalled zorgpaden for the answers, most urgent first.

    antwoorden: {vraag_code: optie_code}
    regels_per_optie: {(vraag_code, optie_code): [Regel, ...]}
    rangorde: {zorgpad_id: (urgentie, volgorde)}; lower urgentie is more urgent
    (1 = safety). Within an urgency the stronger signal comes first.
    """
    uitkomsten = {}
    for vraag_code, optie_code in antwoorden.items():
        if optie_code == ONBEKEND:
            continue
        for regel in regels_per_optie.get((vraag_code, optie_code), ()):
            uitkomst = uitkomsten.setdefault(
                regel.zorgpad_id, Uitkomst(regel.zorgpad_id)
            )
            uitkomst.sterkte += regel.sterkte
            if regel.reden not in uitkomst.redenen:
                uitkomst.redenen.append(regel.reden)
    return sorted(
        uitkomsten.values(),
        key=lambda u: (
            rangorde[u.zorgpad_id][0],
            -u.sterkte,
            rangorde[u.zorgpad_id][1],
        ),
    )
