"""Each gemeente's contact blocks per zorgpad, as the screening result shows
them, rendered once and kept in the shared cache.

A block depends on the gemeente's offers and national texts only, never on
the answers: the key holds the gemeente, the zorgpad, the language and the
version tokens of both scopes (zorgpad/cache.py), so an edit that changes a
block makes it fresh on the next request on every app server.
"""

from django.core.cache import cache as shared
from django.template.loader import render_to_string
from django.utils.translation import get_language

from gemeenten import directory
from zorgpad import cache

from .dossier import verwijs_regels

TEMPLATE = "screening/contact.html"


def met_contact(gemeente, zorgpaden):
    """Attach `.contact` (the rendered block: who can help here) and
    `.verwijzen` (the same organisations as lines for the note for the
    record, screening/dossier.py) to each zorgpad. Two cache round trips on
    a hit; one query for the offers of the zorgpaden missing from the cache."""
    if not zorgpaden:
        return zorgpaden
    versions = cache.complete_versions(cache.gemeente_scopes(gemeente.slug))
    if versions is None:
        _render(gemeente, zorgpaden)
        return zorgpaden
    keys = {z.pk: _key(gemeente, z, versions) for z in zorgpaden}
    found = shared.get_many(keys.values())
    missing = [z for z in zorgpaden if keys[z.pk] not in found]
    for zorgpad in zorgpaden:
        zorgpad.contact, zorgpad.verwijzen = found.get(keys[zorgpad.pk], (None, None))
    if missing:
        _render(gemeente, missing)
        shared.set_many(
            {keys[z.pk]: (z.contact, z.verwijzen) for z in missing},
            timeout=cache.PAGE_TIMEOUT,
        )
    return zorgpaden


def _render(gemeente, zorgpaden):
    directory.met_aanbod(gemeente, zorgpaden)
    for zorgpad in zorgpaden:
        zorgpad.verwijzen = verwijs_regels(zorgpad.aanbod_hier)
        # No request: nothing of the visitor (no CSP nonce, no CSRF token).
        zorgpad.contact = render_to_string(
            TEMPLATE, {"gemeente": gemeente, "zorgpad": zorgpad}
        )


def _key(gemeente, zorgpad, versions):
    return ":".join(
        [
            "zp:contact",
            gemeente.slug,
            str(zorgpad.pk),
            get_language(),
            *versions.values(),
        ]
    )
