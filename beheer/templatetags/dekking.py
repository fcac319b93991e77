"""The admin home's completeness list and its link to the coverage page."""

from django import template

from ..dekking_admin import mag_dekking_zien as _mag_dekking_zien
from ..volledigheid import volledigheid as _volledigheid

register = template.Library()


@register.simple_tag
def volledigheid(request):
    return _volledigheid(request.user, request.GET.get("gemeente", ""))


@register.simple_tag
def mag_dekking_zien(user):
    return _mag_dekking_zien(user)
