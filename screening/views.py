"""The risk screening: questions as data, scoring in memory, nothing stored.

Answers arrive in each POST (earlier sections as hidden fields), the result
is computed from them and rendered; they never reach the database, the
session, a cookie or a log. A GET never carries answers, so they cannot end
up in an address, a browser history or a server log either.
"""

from functools import partial

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from gemeenten import directory
from gemeenten.models import Urgentie, Zorgpad
from gemeenten.talen import vertaald
from statistieken import counting
from zorgpad import cache

from . import meenemen, page
from .contact import met_contact
from .dossier import bestandsnaam, dossier_tekst
from .questionnaire import FIELD_PREFIX, STEMMEN, laad_vragenlijst
from .results import qr_svg
from .scoring import ONBEKEND, score

MAX_MEE = 20  # zorgpaden in one take-home link


@require_http_methods(["GET", "POST"])
@never_cache
@vary_on_headers("HX-Request")
def screening(request, gemeente_slug):
    return _screening(request, gemeente_slug)


def _screening(request, gemeente_slug, fout=None):
    """Start page, the next section, or the result, as the POST asks.
    `fout` is an error about the request as a whole (an expired form)."""
    gemeente = directory.remembered_gemeente_or_404(gemeente_slug)
    data = request.POST if request.method == "POST" else request.GET
    stem = stem_in_taal(data.get("stem"))
    if stem not in STEMMEN:
        context = {
            "gemeente": gemeente,
            "alleen_client": stem_in_taal("professional") == "client",
        }
        return render(request, "screening/start.html", context)

    vragenlijst = laad_vragenlijst()
    laatste = len(vragenlijst.secties) - 1
    antwoorden, fouten, sectie, vorige, verst = {}, {}, 0, 0, 0
    actie = data.get("actie")
    if request.method == "POST":
        antwoorden, fouten = vragenlijst.lees_antwoorden(data)
        sectie = vorige = _int(data.get("sectie"), 0, laatste)
        verst = max(_int(data.get("verst"), 0, laatste), sectie)
        if fout:
            fouten[""] = fout
        if not fouten:
            sectie = _volgende(actie, sectie, vragenlijst, antwoorden, fouten)

    context = {"gemeente": gemeente, "stem": stem, "fouten": fouten}
    if sectie > laatste:
        context.update(_uitslag(request, gemeente, vragenlijst, antwoorden))
        if actie == "dossier" and vorige > laatste and not fouten:
            return _dossier_download(context["dossier"])
        # Counted once, when the result is first reached; not when it is
        # shown again in another language or after changing an answer.
        if verst <= laatste:
            # The one thing a screening writes: an anonymous count.
            counting.record_screening_visit(request, gemeente, context["signalen"])
    else:
        context.update(_sectie(vragenlijst, sectie, antwoorden, stem, fouten))
    verst = max(verst, sectie)
    context.update(
        sectie=sectie,
        verst=verst,
        verborgen=_verborgen(antwoorden, behalve=context.get("eigen", ())),
        voortgang=page.voortgang_html(
            vragenlijst,
            vragenlijst.statussen(antwoorden, sectie, verst),
            klaar=sectie > laatste,
            uitslag_bereikt=verst > laatste,
        ),
    )
    status = (403 if fout else 400) if fouten else 200
    render_page = page.render_step if request.htmx else page.render_page
    return HttpResponse(render_page(request, context), status=status)


def stem_in_taal(stem):
    """The voice to use in the page's language. The professional voice is
    Dutch and English only; in the languages newcomers speak the screening
    goes on in the client's own voice (the questions are the same, so the
    answers stay valid: a midwife can hand the tablet to her client)."""
    if stem == "professional" and get_language() in settings.ZORGPAD_PARENT_LANGUAGES:
        return "client"
    return stem


def _volgende(actie, sectie, vragenlijst, antwoorden, fouten):
    """The section to show after this button (past the last one: the
    result). Skipping forgets the section; "Geen zorgen" answers it, unless
    a worry was chosen there (then it stays, with a message); a change of
    language shows the same one again; the progress list goes to any."""
    aantal = len(vragenlijst.secties)
    if actie == "taal":
        return sectie
    if actie == "vorige":
        return max(sectie - 1, 0)
    if actie and actie.startswith("naar-"):
        return _int(actie.removeprefix("naar-"), 0, aantal - 1)
    if sectie >= aantal:
        return sectie  # already at the result
    if actie == "overslaan":
        for vraag in vragenlijst.secties[sectie].vragen_lijst:
            antwoorden.pop(vraag.code, None)
    if actie == "geen-zorgen":
        for code in vragenlijst.geen_zorgen(sectie, antwoorden):
            fouten[code] = _(
                "Hier is al een ander antwoord gekozen. ‘Geen zorgen in dit "
                "onderwerp’ verandert dat niet: kies ‘Volgende’ om het te bewaren."
            )
        if fouten:
            return sectie
    return sectie + 1


def _verborgen(antwoorden, behalve=()):
    """Answers as hidden form fields: they travel on with the next POST.
    Made here, not in a template loop: a result repeats them for every
    request (see screening/page.py)."""
    return format_html_join(
        "\n",
        '<input type="hidden" name="{}" value="{}">',
        (
            (FIELD_PREFIX + code, waarde)
            for code, waarde in antwoorden.items()
            if code not in behalve
        ),
    )


def _sectie(vragenlijst, index, antwoorden, stem, fouten):
    domein = vragenlijst.sectie(index)
    eigen = {v.code for v in domein.vragen_lijst}
    for vraag in domein.vragen_lijst:
        vraag.tekst = vertaald(vraag, f"tekst_{stem}")
        vraag.tip_tekst = vertaald(vraag, "tip") if stem == "professional" else ""
        vraag.gekozen = antwoorden.get(vraag.code, "")
        vraag.fout = fouten.get(vraag.code, "")
        vraag.keuzes = [
            (o.code, vertaald(o, f"label_{stem}")) for o in vraag.opties_lijst
        ] + [(ONBEKEND, _("Weet ik niet / wil ik niet zeggen"))]
    return {
        "domein": domein,
        "stap": index + 1,
        "aantal_secties": len(vragenlijst.secties),
        "eigen": eigen,  # answered in the visible radios, not hidden fields
        # Keyboard users start at the first question; after an error, at
        # the heading with the summary below it.
        "focus_vraag": not fouten,
        # A tampered field outside this section has no place of its own.
        "algemene_fouten": [fout for code, fout in fouten.items() if code not in eigen],
    }


def _uitslag(request, gemeente, vragenlijst, antwoorden):
    uitkomsten = score(antwoorden, vragenlijst.regels, vragenlijst.volgorde())
    signalen = vragenlijst.zorgpaden(u.zorgpad_id for u in uitkomsten)
    for zorgpad, uitkomst in zip(signalen, uitkomsten, strict=True):
        zorgpad.redenen = uitkomst.redenen
    met_contact(gemeente, signalen)
    for zorgpad in signalen:
        if zorgpad.meer:  # the note for the record says where the rest are
            zorgpad.adres = request.build_absolute_uri(
                reverse("gemeenten:zorgpad", args=[gemeente.slug, zorgpad.slug])
            )
    context = {
        "klaar": True,
        "signalen": signalen,
        "veiligheid": any(z.urgentie == Urgentie.VEILIGHEID for z in signalen),
        "dossier": dossier_tekst(gemeente, signalen, timezone.localdate()),
        # Every topic, for a result without one: read only when the result
        # is made to be kept (screening/page.py makes every kind of result
        # at once), not for each request; the template calls it.
        "alle_zorgpaden": partial(directory.zorgpaden_voor, gemeente),
    }
    if signalen:
        url = request.build_absolute_uri(mee_url(gemeente, signalen))
        context["mee_url"] = url
        context["qr"] = qr_svg(url, _("QR-code met de link naar deze hulp"))
    return context


def _dossier_download(tekst):
    """The note for the client record as a .txt file: the very text the
    page shows and zorgpad.js copies, for a browser without JavaScript."""
    response = HttpResponse(tekst, content_type="text/plain; charset=utf-8")
    naam = bestandsnaam(timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


def mee_url(gemeente, zorgpaden):
    """The take-home address: the gemeente and an opaque code for the set of
    zorgpaden (screening/meenemen.py), nothing else."""
    code = meenemen.encode(z.pk for z in zorgpaden)
    return reverse("screening:lijst", args=[gemeente.slug, code])


def _int(value, low, high):
    try:
        return min(max(int(value), low), high + 1)
    except (TypeError, ValueError):
        return low


@require_safe
# Private to whoever holds the link: kept by no browser cache or proxy, and
# the address is not sent on to the sites the list links to.
@cache_control(no_store=True, private=True)
# Codes anyone can make up: kept for VARIANT_TIMEOUT only.
@cache.cached_page(cache.gemeente_scopes, timeout=cache.VARIANT_TIMEOUT)
def lijst(request, gemeente_slug, code):
    """The take-home list and client handout: only an opaque code for the
    set of zorgpaden in the address, never answers or topics. Zorgpaden
    that no longer exist are left out."""
    gemeente = directory.published_gemeente_or_404(gemeente_slug)
    pks = meenemen.decode(code)[:MAX_MEE]
    zorgpaden = list(
        Zorgpad.objects.filter(pk__in=pks).order_by("urgentie", "volgorde", "titel")
    )
    if not zorgpaden:
        raise Http404(_("Deze onderwerpen bestaan niet (meer)."))
    canonical = mee_url(gemeente, zorgpaden)
    if canonical != request.path:
        # One address per list (bits of zorgpaden that do not exist dropped),
        # so made-up codes cannot fill the page cache with copies.
        response = HttpResponsePermanentRedirect(canonical)
        response["Referrer-Policy"] = "no-referrer"
        return response
    directory.met_aanbod(gemeente, zorgpaden)
    context = {
        "gemeente": gemeente,
        "zorgpaden": zorgpaden,
        "gevoelig": any(z.gevoelig for z in zorgpaden),
    }
    response = render(request, "screening/mee.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def mee(request, gemeente_slug, paden):
    """An old take-home link (/mee/a+b/, topics in the address): moved for
    good to its code. Unknown slugs are left out; none known is a 404."""
    gemeente = directory.published_gemeente_or_404(gemeente_slug)
    slugs = paden.split("+")[:MAX_MEE]
    zorgpaden = Zorgpad.objects.filter(slug__in=slugs).only("pk")
    if not zorgpaden:
        raise Http404(_("Deze onderwerpen bestaan niet (meer)."))
    return HttpResponsePermanentRedirect(mee_url(gemeente, zorgpaden))


@require_safe
@cache.cached_page(cache.gemeente_scopes)
def folder(request, gemeente_slug):
    """The handout when nothing was signalled: every topic with help in the
    gemeente, and a QR code to its page. The same for every client, so it
    says nothing about her answers."""
    gemeente = directory.published_gemeente_or_404(gemeente_slug)
    url = request.build_absolute_uri(gemeente.get_absolute_url())
    context = {
        "gemeente": gemeente,
        "zorgpaden": Zorgpad.objects.all(),
        "url": url,
        "qr": qr_svg(url, _("QR-code met de link naar de hulp in uw gemeente")),
    }
    return render(request, "screening/folder.html", context)


def csrf_failure(request, reason=""):
    """A screening page that was open too long (or lost its CSRF cookie)
    is shown again with every answer kept, instead of a bare 403."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match and match.view_name == "screening:start" and request.method == "POST":
        view = never_cache(vary_on_headers("HX-Request")(_screening))
        return view(
            request,
            match.kwargs["gemeente_slug"],
            fout=_(
                "Deze pagina was te lang open of uw browser weigerde een cookie. "
                "Uw antwoorden staan er nog: kies opnieuw ‘Volgende’."
            ),
        )
    return django_csrf_failure(request, reason)
