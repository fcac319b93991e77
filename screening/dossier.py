"""The note for the client record ("Kopieer voor het dossier").

A plain-text summary a midwife pastes into her own record system: the date,
the gemeente, the signalled topics with their neutral reasons, and per topic
the organisations she may refer to with a way to reach them. It is built
from the result that is on the page, never from the answers themselves, and
it is neither stored nor sent: the page shows it (copied by zorgpad.js) and
the same text comes back as a .txt download for a browser without
JavaScript.
"""

from django.utils.translation import gettext as _

INSPRINGEN = "   "


def dossier_tekst(gemeente, signalen, datum):
    """The note as text, one line per fact; `signalen` are the result's
    zorgpaden, most urgent first, each with `.redenen` and `.verwijzen`
    (`verwijs_regels()` of its offers, kept with its contact block), and
    where the result left organisations out (`.meer`), `.adres`: the web
    address of its page, which lists them all."""
    regels = [
        _("Zorgpad-screening van %(datum)s, gemeente %(gemeente)s")
        % {"datum": datum.strftime("%d-%m-%Y"), "gemeente": gemeente.naam},
        "",
    ]
    if not signalen:
        regels.append(_("Er kwam geen onderwerp naar voren."))
    for nummer, zorgpad in enumerate(signalen, 1):
        regels.append(f"{nummer}. {zorgpad.titel}")
        regels.append(
            INSPRINGEN
            + _("Reden: %(redenen)s") % {"redenen": "; ".join(zorgpad.redenen)}
        )
        organisaties = zorgpad.verwijzen
        if organisaties:
            regels.append(INSPRINGEN + _("Verwijzen naar:"))
            regels += [f"{INSPRINGEN}- {regel}" for regel in organisaties]
            if zorgpad.meer:
                regels.append(
                    INSPRINGEN
                    + _("Meer organisaties: %(adres)s") % {"adres": zorgpad.adres}
                )
        else:
            regels.append(INSPRINGEN + _("Nog geen organisaties op Zorgpad."))
        regels.append("")
    regels.append(
        _("Alleen onderwerpen en neutrale redenen; de antwoorden zijn nergens bewaard.")
    )
    return "\n".join(regels) + "\n"


def verwijs_regels(aanbod):
    """One line per organisation: its name and phone number (or, without a
    phone, its e-mail address or website)."""
    regels = {}
    for item in aanbod:
        org = item.organisatie
        bereik = org.telefoon or org.email or org.website
        if org.telefoon and org.telefoon_toelichting:
            bereik += f" ({org.telefoon_toelichting})"
        regels.setdefault(org.pk, f"{org.naam}: {bereik}" if bereik else org.naam)
    return list(regels.values())


def bestandsnaam(datum):
    """A neutral file name: the date only, never a topic."""
    return f"zorgpad-{datum.isoformat()}.txt"
