from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override


def site(request):
    """Site-wide template variables."""
    return {
        "ZORGPAD_DEMO": settings.ZORGPAD_DEMO,
        "QUICK_EXIT_URL": settings.ZORGPAD_QUICK_EXIT_URL,
        # Only full pages show the switch: build it when a template asks.
        "talen": SimpleLazyObject(lambda: talen(request)),
    }


def talen(request):
    """The other languages, each with the address of this same page in it.

    Built from the route Django resolved, never from the raw address: on a
    404 for `//evil.example/` the raw path would make `//evil.example/en/`,
    a link to another host. A page without a route (a 404) links to the
    home page in the other language."""
    huidig = get_language()
    match = request.resolver_match
    query = request.GET.urlencode()
    return [
        {"code": code, "naam": naam, "url": _url_in(code, match, query)}
        for code, naam in settings.LANGUAGES
        if code != huidig
    ]


def _url_in(code, match, query):
    if match is None:
        url = _reverse_in(code, "gemeenten:home")
    else:
        url = _reverse_in(
            code, match.view_name, match.args, tuple(sorted(match.kwargs.items()))
        )
    return f"{url}?{query}" if query else url


# The same addresses come back on every page of a gemeente; a reverse()
# costs ~45 µs, and a page lists every other language. Bounded memory.
@lru_cache(maxsize=4096)
def _reverse_in(code, view_name, args=(), kwargs=()):
    with override(code):
        try:
            return reverse(view_name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:  # a route without a name, or not in this language
            return reverse("gemeenten:home")
