"""The language switch on a 404 never links off-site: it is built from the
resolved route only, never from an address a browser could read as a host
(issue 12, defect 3)."""

import re
from urllib.parse import unquote

import pytest
from django.conf import settings

from .test_languages import switch_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "//evil.example",
        "/%2F%2Fevil.example",
        "/%2F/evil.example/",
        "/\\evil.example/",
        "/%5Cevil.example/",
        "///evil.example/",
        "/en//evil.example/",
        "//evil.example/gemeente/kerkrade/",
        "/gemeente/onbekend/%2F%2Fevil.example",
    ],
)
def test_the_404_language_switch_stays_on_this_site(client, path):
    # As a WSGI server passes the request line on (the test client would
    # read "//evil.example/" as a host and ask for "/").
    response = client.get("/", PATH_INFO=unquote(path))
    assert response.status_code == 404
    for url in switch_links(response.content.decode()):
        # A same-site path: one slash, then no slash or backslash.
        assert re.match(r"^/(?![/\\])", url), url
        assert "evil" not in url, url


def test_a_404_inside_a_known_route_keeps_its_place(client):
    response = client.get("/gemeente/kerkrade/bestaat-niet/")
    assert response.status_code == 404
    links = switch_links(response.content.decode())
    other = [code for code, _ in settings.LANGUAGES if code != "nl"]
    assert links == {f"/{code}/gemeente/kerkrade/bestaat-niet/": code for code in other}


def test_the_switch_keeps_the_search_but_not_a_host(client):
    response = client.get("/", {"q": "//evil.example"})
    links = switch_links(response.content.decode())
    assert len(links) == len(settings.LANGUAGES) - 1
    for url, code in links.items():
        assert url.startswith(f"/{code}/?q="), url
