"""Public pages: find a gemeente, its zorgpaden, one zorgpad with its contacts."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from statistieken import counting
from statistieken.models import Soort

from . import directory
from .models import Gemeente


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    query = request.GET.get("q", "").strip()[:100]
    if query:
        gemeenten = directory.zoek_gemeenten(query)
        # A plain form submit with one exact hit goes straight there.
        if len(gemeenten) == 1 and not request.htmx:
            return redirect(gemeenten[0])
    else:
        gemeenten = (
            Gemeente.objects.gepubliceerd()
            .only("naam", "slug", "provincie")
            .order_by("provincie", "naam")
        )
    context = {"query": query, "gemeenten": gemeenten}
    if request.htmx:
        return render(request, "gemeenten/home.html#resultaten", context)
    return render(request, "gemeenten/home.html", context)


@require_GET
def gemeente(request, gemeente_slug):
    gemeente = _get_gemeente(gemeente_slug)
    counting.record_visit(request, Soort.OVERZICHT, gemeente)
    context = {
        "gemeente": gemeente,
        "zorgpaden": directory.zorgpaden_voor(gemeente),
    }
    return render(request, "gemeenten/gemeente.html", context)


@require_GET
def zorgpad(request, gemeente_slug, zorgpad_slug):
    gemeente = _get_gemeente(gemeente_slug)
    pad = directory.pad_voor(gemeente, zorgpad_slug)
    if pad is None:
        raise Http404(_("Dit zorgpad bestaat niet."))
    counting.record_visit(request, Soort.PAD, gemeente, pad.zorgpad)
    return render(request, "gemeenten/zorgpad.html", {"gemeente": gemeente, "pad": pad})


def _get_gemeente(slug):
    return get_object_or_404(Gemeente.objects.gepubliceerd(), slug=slug)


def page_not_found(request, exception=None):
    """A 404 that helps: suggests gemeenten that look like the address typed,
    and the gemeente's own overview when only the zorgpad was wrong."""
    context = directory.suggesties_voor_pad(request.path)
    return render(request, "404.html", context, status=404)
