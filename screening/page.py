"""The screening's page, with what in it holds no answers kept in this
process's memory.

A step (a section of questions, or the result) is rendered for every
request: it holds the answers. Two parts of the page hold none, yet with
Django's templates they cost more than the rest together (measured: 29 % of
a result page for the frame, a third of the step for the progress list):

- the frame around the step (the site's header and footer, the language
  buttons, the breadcrumbs), kept per gemeente, language and address as the
  text around the step and the page title (both rendered per request);
- the progress list, kept per language and the state of each section (it
  says which sections were answered, skipped or open, never how).

Both are kept under the version tokens the request looked up first
(zorgpad/cache.py), so an edit shows on the next request, as on the cached
pages: the frame under the gemeente's and the national token (a renamed
gemeente, a language's review notice), the progress list under the national
one (the questionnaire's section titles). With the cache away or the page
cache off nothing is kept: every request renders both. As the page cache
does, an address with a made-up query string is rendered but not kept.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zorgpad import cache

from .questionnaire import STEMMEN

TEMPLATE = "screening/screening.html"
# Where the title and the step go; a template never writes these (gemeente
# names are escaped, so no "<!--" comes from data).
_PLEK_TITEL = "<!--zorgpad:titel-->"
_PLEK_STAP = "<!--zorgpad:stap-->"
# The query strings of the screening's own addresses: the language buttons
# repeat the query string, so a frame is kept per query string.
_EIGEN_ADRESSEN = {"", *(f"stem={stem}" for stem in STEMMEN)}

# A frame is ~5,000 characters; 342 gemeenten in a few languages stay under
# this. A progress list is ~2,000, and few states of the sections are usual.
_frames = cache.KeptHere(2000)
_voortgang = cache.KeptHere(1000)


def render_page(request, context):
    """The whole page: the title and the step, rendered, in the frame this
    process kept for this gemeente, language and address (else rendered,
    and kept)."""
    gemeente = context["gemeente"]
    query = request.GET.urlencode()
    key = (gemeente.slug, get_language(), query)
    # The gemeente was read under these (directory.remembered_gemeente_or_404).
    versions = cache.seen_versions(cache.gemeente_scopes(gemeente.slug))
    frame = _frames.get(key, versions)
    if frame is None:
        plekken = {"titel_html": _PLEK_TITEL, "stap_html": _PLEK_STAP}
        page = render_to_string(
            TEMPLATE,
            {**context, **{name: mark_safe(plek) for name, plek in plekken.items()}},
            request,
        )
        voor, plek, rest = page.partition(_PLEK_TITEL)
        midden, plek2, na = rest.partition(_PLEK_STAP)
        assert plek and plek2, f"{TEMPLATE} has no place for the title or the step"
        frame = (voor, midden, na)
        if query in _EIGEN_ADRESSEN:
            _frames.put(key, versions, frame)
    titel = render_to_string(f"{TEMPLATE}#titel", context, request)
    return frame[0] + titel + frame[1] + render_step(request, context) + frame[2]


def render_step(request, context):
    """Only the step: what htmx swaps into the page."""
    return render_to_string(f"{TEMPLATE}#stap", context, request)


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
