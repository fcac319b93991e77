"""The statements: one page each, in every language of the site."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Verklaring
from .opmaak import opmaak


@require_safe
def verklaring(request, soort):
    verklaring = get_object_or_404(Verklaring, soort=soort)
    context = {"verklaring": verklaring, "inhoud": opmaak(verklaring.tekst)}
    return render(request, "redactie/verklaring.html", context)
