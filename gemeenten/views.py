"""Public pages: find a gemeente, its zorgpaden, one zorgpad with its contacts."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.decorators.vary import vary_on_headers

from statistieken import counting
from statistieken.models import Soort
from zorgpad import cache

from . import directory, meldingen
from .forms import MeldingForm
from .models import Gemeente


@require_safe
@vary_on_headers("HX-Request")
@cache.cached_page(cache.national_scopes, params=["q"])
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
    # Back/forward without htmx's cache asks for the whole page again.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "gemeenten/home.html#resultaten", context)
    return render(request, "gemeenten/home.html", context)


# "Waar maak je je zorgen over?" is a POST, so what a parent types ("slaan",
# "schulden") never lands in an address, the browser history or an access
# log; the page cache passes it by. It changes nothing, so it needs no CSRF
# token (and no cookie).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@counting.counted
@cache.cached_page(cache.gemeente_scopes)
def gemeente(request, gemeente_slug):
    gemeente = directory.published_gemeente_or_404(gemeente_slug)
    zoeken = request.method == "POST"
    zorgpaden = directory.zorgpaden_voor(gemeente)
    zoekterm = request.POST.get("zorg", "").strip()[:100] if zoeken else ""
    context = {
        "gemeente": gemeente,
        "zorgpaden": zorgpaden,
        "laatst_gecontroleerd": directory.laatst_gecontroleerd(zorgpaden),
        "zoekterm": zoekterm,
        "gevonden": directory.zoek_zorgpaden(zorgpaden, zoekterm) if zoekterm else [],
    }
    if zoeken:
        # A search is neither counted (no mark) nor kept.
        template = "gemeenten/gemeente.html"
        if request.htmx:
            template += "#onderwerpen"
        response = render(request, template, context)
        add_never_cache_headers(response)
        return response
    response = render(request, "gemeenten/gemeente.html", context)
    return counting.mark(response, Soort.OVERZICHT, gemeente)


@require_safe
@counting.counted
@cache.cached_page(cache.gemeente_scopes, params=["melding"])
def zorgpad(request, gemeente_slug, zorgpad_slug):
    gemeente, pad = _gemeente_and_pad_or_404(gemeente_slug, zorgpad_slug)
    if request.GET.get("melding", "verzonden") != "verzonden":
        # Only the confirmation has a second address: made-up values would
        # each fill the page cache with a copy of this page.
        return redirect("gemeenten:zorgpad", gemeente.slug, pad.zorgpad.slug)
    context = {
        "gemeente": gemeente,
        "pad": pad,
        "melding_form": MeldingForm(organisaties=_organisaties(pad)),
        "melding_verzonden": request.GET.get("melding") == "verzonden",
    }
    response = render(request, "gemeenten/zorgpad.html", context)
    return counting.mark(response, Soort.PAD, gemeente, pad.zorgpad)


# No CSRF token: it would need a cookie on every path page, and these pages
# set none. meldingen.same_origin() checks the Origin instead (see there).
@csrf_exempt
@require_POST
def melding(request, gemeente_slug, zorgpad_slug):
    """Receive a visitor's error report ("Klopt er iets niet?")."""
    gemeente, pad = _gemeente_and_pad_or_404(gemeente_slug, zorgpad_slug)
    form = MeldingForm(request.POST, organisaties=_organisaties(pad))
    verzonden = False
    eigen_site = meldingen.same_origin(request)
    if not eigen_site:
        # The form again, text kept, instead of a bare refusal.
        form.is_valid()
        form.add_error(
            None,
            _(
                "Je browser stuurde niet mee van welke site dit formulier kwam. "
                "Verstuur het opnieuw vanaf deze pagina; je tekst staat er nog."
            ),
        )
    elif form.is_valid():
        if form.is_spam:
            verzonden = True  # pretend, so the bot learns nothing
        elif meldingen.te_vaak(request, gemeente):
            form.add_error(
                None,
                _(
                    "Er zijn net veel meldingen verstuurd. Probeer het over een uur "
                    "opnieuw; je tekst staat er nog."
                ),
            )
        else:
            meldingen.maak_melding(request, gemeente, pad.zorgpad, form.cleaned_data)
            counting.record_melding(gemeente, pad.zorgpad)
            verzonden = True
    if verzonden and not request.htmx:
        url = reverse("gemeenten:zorgpad", args=[gemeente.slug, pad.zorgpad.slug])
        return redirect(f"{url}?melding=verzonden#melding")
    context = {
        "gemeente": gemeente,
        "pad": pad,
        "melding_form": MeldingForm(organisaties=_organisaties(pad))
        if verzonden
        else form,
        "melding_verzonden": verzonden,
    }
    template = "gemeenten/zorgpad.html"
    status = 200 if verzonden or request.htmx else 400
    if not eigen_site:
        status = 403
    return render(
        request,
        f"{template}#melding" if request.htmx else template,
        context,
        status=status,
    )


def _gemeente_and_pad_or_404(gemeente_slug, zorgpad_slug):
    gemeente = directory.published_gemeente_or_404(gemeente_slug)
    pad = directory.pad_voor(gemeente, zorgpad_slug)
    if pad is None:
        raise Http404(_("Dit zorgpad bestaat niet."))
    return gemeente, pad


def _organisaties(pad):
    """The organisations on the page, for "which organisation?"; no query."""
    seen = {}
    for aanbod in pad.aanbod:
        seen.setdefault(aanbod.organisatie.pk, aanbod.organisatie)
    return list(seen.values())


def page_not_found(request, exception=None):
    """A 404 that helps: suggests gemeenten that look like the address typed,
    and the gemeente's own overview when only the zorgpad was wrong."""
    context = directory.suggesties_voor_pad(request.path)
    return render(request, "404.html", context, status=404)
