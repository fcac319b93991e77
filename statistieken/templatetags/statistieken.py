"""`{% klik gemeente aanbod "telefoon" %}`: where a contact link pings."""

from functools import lru_cache

from django import template
from django.urls import reverse

register = template.Library()


@lru_cache(maxsize=1024)
def _voor_gemeente(gemeente_slug):
    # reverse() costs ~40 µs and a path page has up to three links per offer:
    # resolve the gemeente's part once per process, add offer and kind as text.
    return reverse("statistieken:klik", args=[gemeente_slug, 0, "x"]).removesuffix(
        "0/x/"
    )


@register.simple_tag
def klik(gemeente, aanbod, soort):
    """The counting address of one contact link of one offer."""
    return f"{_voor_gemeente(gemeente.slug)}{aanbod.pk}/{soort}/"
