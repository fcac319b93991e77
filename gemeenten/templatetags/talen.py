"""Language of parts in templates: `{{ obj|vertaald:"titel" }}` gives the
field as a `Tekst` that knows its language, `<p{{ tekst.lang }}>` marks it,
and `<p{% nl %}>` marks a block an officer typed (always Dutch)."""

from django import template

from ..talen import NL, lang_attrs
from ..talen import vertaald as _vertaald

register = template.Library()


@register.filter
def vertaald(obj, field):
    return _vertaald(obj, field)


@register.simple_tag
def nl():
    return lang_attrs(NL)
