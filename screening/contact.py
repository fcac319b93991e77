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
from gemeenten.models import Werkgebied
from zorgpad import cache

from .dossier import verwijs_regels

TEMPLATE = "screening/contact.html"
# Local and regional organisations per zorgpad in the result and its note
# (no gemeente in the reference data has more than 9 for one zorgpad, national
# ones included); national ones are always all shown.
MAX_ORGANISATIES = 10


def met_contact(gemeente, zorgpaden):
    """Attach `.kop` (its heading and summary), `.contact` (who can help
    here: at most MAX_ORGANISATIES local and regional ones and every
    national one, and a link to its page, which lists them all; `.meer`
    when some were left out) and `.verwijzen` (the same organisations
    as lines for the note for the record, screening/dossier.py) to each
    zorgpad, rendered. No cache round trip when this process has the blocks
    for the tokens the request looked up already, else one; one query for
    the offers of the zorgpaden missing from the cache."""
    if not zorgpaden:
        return zorgpaden
    keys = {z.pk: _key(gemeente, z) for z in zorgpaden}
    scopes = cache.gemeente_scopes(gemeente.slug)
    # The tokens this request read the gemeente and the zorgpaden under (the
    # first lookup of the request): blocks made from them are kept under
    # these, never under newer ones an edit made meanwhile. A token that was
    # missing then may still be made now (set_current: only if nobody made
    # one meanwhile).
    read_under = cache.seen_versions(scopes)
    found = _here.get_many(keys.values(), read_under)
    keep = False
    if len(found) < len(keys) and read_under:
        versions, shared = cache.get_current(scopes, keys.values())
        keep = versions == read_under
        if keep:
            found |= shared
            _here.put_many(shared, versions)
    missing = [z for z in zorgpaden if keys[z.pk] not in found]
    for zorgpad in zorgpaden:
        if keys[zorgpad.pk] in found:
            zorgpad.kop, zorgpad.contact, zorgpad.verwijzen, zorgpad.meer = found[
                keys[zorgpad.pk]
            ]
    if missing:
        _render(gemeente, missing)
        made = {keys[z.pk]: (z.kop, z.contact, z.verwijzen, z.meer) for z in missing}
        if keep and cache.set_current(read_under, made):
            _here.put_many(made, read_under)
    return zorgpaden


# The blocks this process used last: a result whose blocks are here, kept
# under the tokens the request looked up already, needs no second cache
# round trip.
_here = cache.KeptHere(2000)


def _render(gemeente, zorgpaden):
    directory.met_aanbod(gemeente, zorgpaden)
    for zorgpad in zorgpaden:
        # A conversation needs a short list: the first local and regional
        # ones, and a word that the path page lists them all; every national
        # line stays (a helpline such as 113 must never drop off). It also
        # bounds the result whatever the size of the gemeente.
        hier = [a for a in zorgpad.aanbod_hier if a.werkgebied != Werkgebied.LANDELIJK]
        landelijk = [
            a for a in zorgpad.aanbod_hier if a.werkgebied == Werkgebied.LANDELIJK
        ]
        zorgpad.meer = len(hier) > MAX_ORGANISATIES
        zorgpad.aanbod_hier = hier[:MAX_ORGANISATIES] + landelijk
        zorgpad.verwijzen = verwijs_regels(zorgpad.aanbod_hier)
        # No request: nothing of the visitor (no CSP nonce, no CSRF token).
        context = {"gemeente": gemeente, "zorgpad": zorgpad}
        zorgpad.kop = render_to_string(f"{TEMPLATE}#kop", context)
        zorgpad.contact = render_to_string(f"{TEMPLATE}#contact", context)


def _key(gemeente, zorgpad):
    return f"zp:contact:{cache.release()}:{gemeente.slug}:{zorgpad.pk}:{get_language()}"
