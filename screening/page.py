"""The screening's page, with what in it holds no answers kept in this
process's memory.

A step (a section of questions, or the result) is rendered for every
request: it holds the answers. Two parts of the page hold none, yet with
Django's templates they cost more than the rest together (measured: 29 % of
a result page for the frame, a third of the step for the progress list):

- the frame around the step (the site's header and footer, the language
  buttons, the breadcrumbs, the title), kept per gemeente, language and
  step as the text before and after the step;
- the progress list, kept per language and the state of each section (it
  says which sections were answered, skipped or open, never how).

Both are kept under version tokens (zorgpad/cache.py) the request looked up
already, so an edit shows on the next request, as on the cached pages: the
frame under the gemeente's and the national token (a renamed gemeente, a
language's review notice), the progress list under the national one (the
questionnaire's section titles). With the cache away or the page cache off
nothing is kept: every request renders both.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zorgpad import cache

TEMPLATE = "screening/screening.html"
# Where the step goes; a template never writes it (gemeente names are
# escaped, so no "<!--" comes from data).
_PLEK = "<!--zorgpad:stap-->"

# A frame is ~4 KB, a progress list ~2 KB: 342 gemeenten x 10 steps in a
# language, and the usual states of the sections, stay under this.
_kept = cache.KeptHere(5000)


def render_page(request, context):
    """The whole page: the step, rendered, in the frame this process kept
    for this gemeente, language and step (else rendered and kept)."""
    stap = render_step(request, context)
    gemeente = context["gemeente"]
    key = (
        "frame",
        gemeente.slug,
        get_language(),
        context.get("klaar", False),
        context.get("stap"),
        context.get("aantal_secties"),
        # The language buttons keep the address's query string.
        request.GET.urlencode(),
    )
    versions = cache.seen_versions(cache.gemeente_scopes(gemeente.slug))
    frame = _kept.get(key, versions)
    if frame is None:
        page = render_to_string(
            TEMPLATE, {**context, "stap_html": mark_safe(_PLEK)}, request
        )
        before, plek, after = page.partition(_PLEK)
        assert plek, f"{TEMPLATE} has no place for the step"
        frame = (before, after)
        _kept.put(key, versions, frame)
    return frame[0] + stap + frame[1]


def render_step(request, context):
    """Only the step: what htmx swaps into the page."""
    return render_to_string(f"{TEMPLATE}#stap", context, request)


def voortgang_html(vragenlijst, statussen, klaar, uitslag_bereikt):
    """The progress list (screening/voortgang.html) with the sections in
    these states (Vragenlijst.statussen), kept per language and states."""
    key = ("voortgang", get_language(), statussen, klaar, uitslag_bereikt)
    # The section titles were read under this token (laad_vragenlijst).
    versions = cache.seen_versions([cache.LANDELIJK])
    html = _kept.get(key, versions)
    if html is None:
        context = {
            "voortgang": vragenlijst.voortgang(statussen),
            "klaar": klaar,
            "uitslag_bereikt": uitslag_bereikt,
        }
        html = mark_safe(render_to_string("screening/voortgang.html", context))
        _kept.put(key, versions, html)
    return html
