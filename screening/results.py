"""The zorgpaden to show after a screening, each with the gemeente's offers."""

from collections import defaultdict

import segno
from django.utils.safestring import mark_safe

from gemeenten.models import Aanbod


def met_aanbod(gemeente, zorgpaden):
    """Attach `.aanbod_hier` (the gemeente's offers, local first) to each
    zorgpad. One query, however many zorgpaden."""
    per_pad = defaultdict(list)
    aanbod = (
        Aanbod.objects.voor_gemeente(gemeente)
        .filter(zorgpad__in=[z.pk for z in zorgpaden])
        .met_werkgebied(gemeente)
        .select_related("organisatie")
    )
    for item in aanbod:
        per_pad[item.zorgpad_id].append(item)
    for zorgpad in zorgpaden:
        zorgpad.aanbod_hier = per_pad[zorgpad.pk]
    return zorgpaden


def qr_svg(url, title):
    """An inline SVG QR code for the URL, made here (no outside service)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=4, title=title, dark="#000", light="#fff")
    return mark_safe(
        svg.replace("<svg ", '<svg role="img" ', 1)
    )  # segno escapes the title; the rest is its own markup
