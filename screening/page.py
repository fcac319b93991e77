"""The screening's page, with what in it holds no answers kept in this
process's memory.

A step (a section of questions, or the result) is rendered for every
request: it holds the answers. Most of the page holds none, yet with
Django's templates it costs more than the rest together (measured: 29 % of
a result page for the frame, a third of the step for the progress list,
most of the result's own template for its fixed texts):

- the frame around the step (the site's header and footer, the language
  buttons, the breadcrumbs), kept per gemeente, language and address;
- the result around what comes from the answers (its headings, the fixed
  texts and buttons, the list of all topics when none came up), kept per
  gemeente, language and voice: each kind of result (a topic came up or
  not, a safety topic or not) made at once, so what is kept does not say
  which kinds visitors got;
- the progress list, kept per language and the state of each section (it
  says which sections were answered, skipped or open, never how).

A kept part is the template rendered once with a place for each value that
is the request's own (the title, the step, the topics with their reasons,
the note for the record, the take-home link, the hidden fields); the values
are rendered per request and put in their places.

Each is kept under the version tokens the request looked up first
(zorgpad/cache.py), so an edit shows on the next request, as on the cached
pages: the frame and the result under the gemeente's and the national token
(a renamed gemeente, a language's review notice, a zorgpad's title), the
progress list under the national one (the questionnaire's section titles).
With the cache away or the page cache off nothing is kept: every request
renders everything. As the page cache does, an address with a made-up query
string is rendered but not kept.
"""

import re
import secrets

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zorgpad import cache

from .questionnaire import STEMMEN

TEMPLATE = "screening/screening.html"
UITSLAG = "screening/uitslag.html"
# A place for a value in a kept part. Data cannot write one: texts are
# escaped, and the mark is new in each process (not even an editor's HTML
# can hold it).
_MERK = secrets.token_hex(8)
_PLEK = re.compile(rf"<!--zorgpad:{_MERK}:(\w+)-->")
# The query strings of the screening's own addresses: the language buttons
# repeat the query string, so a frame is kept per query string.
_EIGEN_ADRESSEN = {"", *(f"stem={stem}" for stem in STEMMEN)}

# A frame is ~4,000 characters; 342 gemeenten in a few languages stay under
# this. A result's three kinds without the topics ~9,000 together (measured),
# per gemeente, language and voice: the gemeenten in use in the usual ones.
# A progress list is ~2,000, and few states of the sections are usual.
_frames = cache.KeptHere(2000)
_titels = cache.KeptHere(2000)
_uitslagen = cache.KeptHere(1000)
_signalen = cache.KeptHere(50)  # one per language
_voortgang = cache.KeptHere(1000)
# The kinds of result: whether a topic came up, and a safety topic.
_SOORTEN = ((True, True), (True, False), (False, False))
# What the result's form holds of the request (screening/velden.html).
_FORMULIER = ("csrf_token", "sectie", "verst", "verborgen", "voortgang")


def render_page(request, context):
    """The whole page: the title and the step, rendered, in the frame this
    process kept for this gemeente, language and address (else rendered,
    and kept)."""
    gemeente = context["gemeente"]
    query = request.GET.urlencode()
    frame = _kept(
        _frames,
        (gemeente.slug, get_language(), query),
        # The gemeente was read under these (directory.remembered_gemeente_or_404).
        cache.gemeente_scopes(gemeente.slug),
        lambda _: _split(
            render_to_string(
                TEMPLATE, {**context, **_places("titel_html", "stap_html")}, request
            )
        ),
        keep=query in _EIGEN_ADRESSEN,
    )
    titel = _kept(
        _titels,
        (gemeente.slug, get_language(), context.get("klaar"), context.get("stap")),
        cache.gemeente_scopes(gemeente.slug),
        # The title needs nothing of the request: no context processors run.
        lambda _: _split(render_to_string(f"{TEMPLATE}#titel", context)),
    )
    return _filled(
        frame, titel_html=_filled(titel), stap_html=render_step(request, context)
    )


def render_step(request, context):
    """Only the step: what htmx swaps into the page. Rendered without the
    request's context processors: the step needs only its CSRF token."""
    context = {**context, "csrf_token": get_token(request)}
    if context.get("klaar"):
        return _uitslag(context)
    return render_to_string(f"{TEMPLATE}#stap", context)


def _uitslag(context):
    """The result: the topics with their reasons (each with its kept
    contact block), the note, the take-home link and the hidden fields,
    rendered, in the rest of the result kept for this gemeente, language
    and voice (each kind of result)."""
    gemeente, signalen = context["gemeente"], context["signalen"]
    signaal = _kept(
        _signalen,
        get_language(),
        [cache.LANDELIJK],
        lambda _: _split(
            render_to_string(f"{UITSLAG}#signaal", _places("kop", "redenen", "contact"))
        ),
    )
    waarden = {
        "signalen_html": mark_safe(
            "".join(
                _filled(
                    signaal,
                    kop=zorgpad.kop,
                    redenen=format_html_join(
                        "", "<li{}>{}</li>", ((r.lang, r) for r in zorgpad.redenen)
                    ),
                    contact=zorgpad.contact,
                )
                for zorgpad in signalen
            )
        ),
        "dossier": context["dossier"],
        "mee_url": context.get("mee_url", ""),
        "qr": context.get("qr", ""),
        # The form: its hidden fields and the progress list.
        **{naam: context[naam] for naam in _FORMULIER},
    }
    soort = (bool(signalen), context["veiligheid"])
    soorten = _kept(
        _uitslagen,
        (gemeente.slug, get_language(), context["stem"]),
        cache.gemeente_scopes(gemeente.slug),
        # Every kind at once, so what is kept says nothing of which kinds
        # visitors got; when it cannot be kept, only this one.
        lambda keeping: {
            (iets, veilig): _split(
                render_to_string(
                    UITSLAG,
                    {**context, "signalen": iets, "veiligheid": veilig}
                    | _places(*waarden),
                )
            )
            for iets, veilig in (_SOORTEN if keeping else [soort])
        },
    )
    return _filled(soorten[soort], **waarden)


def _places(*names):
    """Template values that leave a place for each name."""
    return {name: mark_safe(f"<!--zorgpad:{_MERK}:{name}-->") for name in names}


def _kept(kept, key, scopes, make, keep=True):
    """What `make(keeping)` makes, kept under the tokens the request looked
    up for `scopes` (unless `keep` is false, or they are not all there:
    `keeping` then is false), or as kept already."""
    versions = cache.seen_versions(scopes)
    value = kept.get(key, versions)
    if value is None:
        keeping = keep and cache.complete(versions)
        value = make(keeping)
        if keeping:
            kept.put(key, versions, value)
    return value


def _split(html):
    """The texts between the places of a rendered part, alternating with
    the names of its places (as re.split gives them)."""
    return _PLEK.split(html)


def _filled(parts, **values):
    """The part with each place holding its value, escaped unless safe."""
    return mark_safe(
        "".join(
            str(conditional_escape(values[part])) if index % 2 else part
            for index, part in enumerate(parts)
        )
    )


def voortgang_html(vragenlijst, statussen, klaar, uitslag_bereikt):
    """The progress list (screening/voortgang.html) with the sections in
    these states (Vragenlijst.statussen), kept per language and states."""
    key = (get_language(), statussen, klaar, uitslag_bereikt)
    # The section titles were read under this token (laad_vragenlijst).
    versions = cache.seen_versions([cache.LANDELIJK])
    html = _voortgang.get(key, versions)
    if html is None:
        context = {
            "voortgang": vragenlijst.voortgang(statussen),
            "klaar": klaar,
            "uitslag_bereikt": uitslag_bereikt,
        }
        html = mark_safe(render_to_string("screening/voortgang.html", context))
        _voortgang.put(key, versions, html)
    return html
