"""What the officer's admin home shows: the work waiting in their own gemeenten."""

from django import template

from ..backoffice import werkvoorraad as _werkvoorraad

register = template.Library()


@register.simple_tag
def werkvoorraad(user):
    return _werkvoorraad(user)
