"""Each gemeente's blocks per zorgpad, as the screening result shows them
(heading, summary, who can help), rendered once and kept in the shared cache.

A block depends on the gemeente's offers and national texts only, never on
the answers: the key holds the gemeente, the zorgpad and the language, and
the block is kept with the version tokens of both scopes (zorgpad/cache.py),
so an edit that changes a block makes it fresh on the next request on every
app server.
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from gemeenten import directory
from zorgpad import cache

from .dossier import verwijs_regels

TEMPLATE = "screening/contact.html"


def met_contact(gemeente, zorgpaden):
    """Attach `.kop` (its heading and summary), `.contact` (who can help
    here, and a link to its page) and `.verwijzen` (the same organisations
    as lines for the note for the record, screening/dossier.py) to each
    zorgpad, rendered. One cache round trip on a hit; one query for the
    offers of the zorgpaden missing from the cache."""
    if not zorgpaden:
        return zorgpaden
    keys = {z.pk: _key(gemeente, z) for z in zorgpaden}
    versions, found = cache.get_current(
        cache.gemeente_scopes(gemeente.slug), keys.values()
    )
    missing = [z for z in zorgpaden if keys[z.pk] not in found]
    for zorgpad in zorgpaden:
        if keys[zorgpad.pk] in found:
            zorgpad.kop, zorgpad.contact, zorgpad.verwijzen = found[keys[zorgpad.pk]]
    if missing:
        _render(gemeente, missing)
        if versions is not None:
            cache.set_current(
                versions,
                {keys[z.pk]: (z.kop, z.contact, z.verwijzen) for z in missing},
            )
    return zorgpaden


def _render(gemeente, zorgpaden):
    directory.met_aanbod(gemeente, zorgpaden)
    for zorgpad in zorgpaden:
        zorgpad.verwijzen = verwijs_regels(zorgpad.aanbod_hier)
        # No request: nothing of the visitor (no CSP nonce, no CSRF token).
        context = {"gemeente": gemeente, "zorgpad": zorgpad}
        zorgpad.kop = render_to_string(f"{TEMPLATE}#kop", context)
        zorgpad.contact = render_to_string(f"{TEMPLATE}#contact", context)


def _key(gemeente, zorgpad):
    return f"zp:contact:{cache.release()}:{gemeente.slug}:{zorgpad.pk}:{get_language()}"
