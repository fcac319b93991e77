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
    with override(code):
        if match is None:
            return reverse("gemeenten:home")
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:  # a route without a name, or not in this language
            return reverse("gemeenten:home")
    return f"{url}?{query}" if query else url
