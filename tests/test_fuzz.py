"""The review's fuzzing as tests: every public URL pattern and every public
form, with arbitrary values, never answers 500 or shows a traceback.

Routes are read from the URL map, so a new public page is fuzzed without
touching this file. Bounded (a few hundred requests, well under a minute)
and deterministic in CI; `HYPOTHESIS_PROFILE=fuzz` runs many more, random
examples locally.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemeenten.models import Zorgpad
from screening.models import Vraag

pytestmark = pytest.mark.django_db

settings.register_profile(
    "ci",
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=3000,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def public_routes():
    """Every route outside the back office, e.g. 'gemeente/<slug:gemeente_slug>/'."""

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return sorted(
        {r for r in walk(get_resolver().url_patterns, "") if not r.startswith("beheer")}
    )


ROUTES = public_routes()
# Real values now and then, so the fuzz reaches past the 404s.
GEMEENTEN = ["kerkrade", "heerlen", "s-hertogenbosch"]
ZORGPADEN = [
    "veiligheid-thuis",
    "wonen",
    "geldzorgen-en-schulden",
    "screening",
    "mee",
    "lijst",
]
# Everything a browser could put in an address or a form, NUL and
# surrogate-free unicode, RTL marks and very long values included.
weird_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=300
)
segment = st.one_of(
    weird_text.filter(bool),
    st.sampled_from([".", "..", "%", "//evil.example", "\\", "0", "-1", "9" * 30]),
)


def value_for(converter, name):
    real = {
        "gemeente_slug": GEMEENTEN,
        "zorgpad_slug": ZORGPADEN,
        "soort": ["telefoon", "email", "website"],
        "code": ["16", "y", "w", "1"],
        "paden": ["wonen", "veiligheid-thuis+wonen"],
        "aanbod_pk": ["1", "2", str(2**63), str(2**64)],
    }.get(name, [])
    numbers = st.integers(min_value=0, max_value=2**80).map(str)
    raw = numbers if converter == "int" else segment
    options = [raw] + ([st.sampled_from(real)] if real else [])
    return st.one_of(*options)


@st.composite
def addresses(draw):
    route = draw(st.sampled_from(ROUTES))
    path = PLACEHOLDER.sub(
        lambda m: quote(draw(value_for(m[1], m[2])), safe=""),
        route,
    )
    language = draw(st.sampled_from(["", "", "en/", "xx/"]))
    query = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "q",
                    "stem",
                    "page",
                    "per_page",
                    "gemeente",
                    "zorgpad",
                    "taxonomy_term_id",
                    "organization_id",
                    "modified_after",
                    "search",
                    "full",
                    "melding",
                    "sectie",
                ]
            ),
            st.one_of(weird_text, st.sampled_from(["client", "professional", "1"])),
            max_size=4,
        )
    )
    return "/" + language + path, query


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body
    assert "Server Error" not in body


@given(
    address=addresses(),
    method=st.sampled_from(["get", "get", "head", "post", "options"]),
    htmx=st.booleans(),
)
def test_every_public_address_with_any_value(address, method, htmx):
    path, query = address
    headers = {"User-Agent": BROWSER}
    if htmx:
        headers["HX-Request"] = "true"
    client = Client(headers=headers)
    if method == "post":
        response = client.post(path, query, HTTP_ORIGIN="http://testserver")
    else:
        response = getattr(client, method)(path, query)
    assert_no_server_error(response)


# --- the public forms, with their own field names ------------------------------


def screening_fields():
    codes = list(Vraag.objects.values_list("code", flat=True))
    keys = st.one_of(
        st.sampled_from(["stem", "sectie", "actie", "csrfmiddlewaretoken"]),
        st.sampled_from([f"v-{c}" for c in codes]),
        weird_text,
    )
    values = st.one_of(
        weird_text,
        st.sampled_from(
            ["client", "professional", "volgende", "vorige", "overslaan", "taal"]
        ),
        st.sampled_from(["nee", "ja", "onbekend", "schulden", "-1", "99", "8", "9"]),
    )
    return st.dictionaries(keys, values, max_size=25)


@settings(max_examples=max(settings.default.max_examples // 2, 10))
@given(data=st.data())
def test_the_screening_form_with_any_fields(data, kerkrade):
    fields = data.draw(screening_fields())
    language = data.draw(st.sampled_from(["", "en/"]))
    htmx = data.draw(st.booleans())
    headers = {"User-Agent": BROWSER, **({"HX-Request": "true"} if htmx else {})}
    response = Client(headers=headers).post(
        f"/{language}gemeente/kerkrade/screening/", fields
    )
    assert_no_server_error(response)


# Each report also writes the rate limit to the cache table: fewer examples.
@settings(max_examples=max(settings.default.max_examples // 3, 10))
@given(
    fields=st.dictionaries(
        st.sampled_from(["bericht", "email", "organisatie", "website", "naam"]),
        st.one_of(weird_text, st.sampled_from(["1", "999999999999999999999", "a@b"])),
        max_size=5,
    ),
    origin=st.sampled_from(["http://testserver", "https://evil.example", None]),
    slug=st.sampled_from(ZORGPADEN),
)
def test_the_error_report_form_with_any_fields(fields, origin, slug, kerkrade):
    extra = {"HTTP_ORIGIN": origin} if origin else {}
    response = Client(headers={"User-Agent": BROWSER}).post(
        f"/gemeente/kerkrade/{slug}/melding/", fields, **extra
    )
    assert_no_server_error(response)


def test_the_fuzz_reaches_every_public_route():
    # A guard for the guard: the URL map was read, and real pages are among it.
    assert "gemeente/<slug:gemeente_slug>/<slug:zorgpad_slug>/" in ROUTES
    assert "api/hsds/services" in ROUTES
    assert len(ROUTES) >= 20
    assert Zorgpad.objects.filter(slug__in=ZORGPADEN).count() >= 3
