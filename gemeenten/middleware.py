"""Old gemeente addresses answer forever: a /gemeente/<slug>/… address that
is not found, whose slug belonged to a renamed or merged gemeente, is
redirected permanently to the same address under the new slug, in every
language and for every page below it (overview, zorgpaden, screening,
take-home links whatever follows /mee/, open-data downloads).

Like django.contrib.redirects' fallback middleware it looks only at 404
responses, so ordinary pages cost no extra query."""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import escape_uri_path

from . import herindeling


def _pattern():
    talen = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(
        rf"^(?P<voor>/(?:(?:{talen})/)?gemeente/)(?P<slug>[-\w]+)(?P<na>/.*)?$"
    )


class PermanentRedirect308(HttpResponsePermanentRedirect):
    status_code = 308  # keeps the method and body of a POST


class OudeAdressenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pattern = _pattern()

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        match = self.pattern.match(request.path_info)
        if match is None:
            return response
        gemeente = herindeling.nieuw_adres(match["slug"])
        if gemeente is None:
            return response
        script = request.path[: len(request.path) - len(request.path_info)]
        # The rest of the address re-encoded as it came: a decoded %3F or %25
        # would otherwise turn part of the path into a query or an escape.
        rest = escape_uri_path(match["na"] or "")
        url = f"{script}{match['voor']}{gemeente.slug}{rest}"
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        safe = request.method in ("GET", "HEAD")
        return (HttpResponsePermanentRedirect if safe else PermanentRedirect308)(url)
