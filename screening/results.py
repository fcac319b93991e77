"""The take-home QR code, drawn on our own server."""

from functools import lru_cache

import segno
from django.utils.safestring import mark_safe


# Drawing one costs ~10 ms; the same take-home address (gemeente and
# zorgpaden, nothing of the client) comes back often. Bounded memory.
@lru_cache(maxsize=1024)
def qr_svg(url, title):
    """An inline SVG QR code for the URL, made here (no outside service)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=4, title=title, dark="#000", light="#fff")
    return mark_safe(
        svg.replace("<svg ", '<svg role="img" ', 1)
    )  # segno escapes the title; the rest is its own markup
