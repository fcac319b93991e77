"""Dutch by default, English under /en/, a switch on every page that keeps
the visitor where they are, content that falls back to Dutch, and a layout
ready for right-to-left languages."""

import re

import pytest

from gemeenten.models import Zorgpad

from .test_screening import FormReader

pytestmark = pytest.mark.django_db


def switch_links(html):
    nav = re.search(r'<nav class="taalkeuze".*?</nav>', html, re.S)
    assert nav, "no language switch on the page"
    return dict(re.findall(r'href="([^"]+)" hreflang="([a-z-]+)"', nav[0]))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=kerk",
        "/gemeente/kerkrade/",
        "/gemeente/kerkrade/wonen/",
        "/gemeente/kerkrade/screening/",
        "/gemeente/kerkrade/lijst/w/",  # take-home list: wonen (pk 5)
    ],
)
def test_every_page_switches_language_in_place_and_back(client, path):
    dutch = client.get(path)
    assert dutch.status_code == 200
    assert '<html lang="nl" dir="ltr">' in dutch.content.decode()
    others = ["en", "ar", "tr", "pl", "uk"]
    assert switch_links(dutch.content.decode()) == {
        f"/{code}{path}": code for code in others
    }

    english = client.get("/en" + path)
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert switch_links(html) == {path: "nl"} | {
        f"/{code}{path}": code for code in others if code != "en"
    }


def test_the_interface_is_really_english_under_en(client):
    html = client.get("/en/gemeente/kerkrade/wonen/").content.decode()
    assert "Who can help?" in html
    assert "Skip to content" in html or "Go straight to the content" in html
    assert "Wie kan helpen?" not in html


def test_dutch_without_prefix_whatever_the_browser_asks(client):
    html = client.get("/gemeente/kerkrade/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in html
    assert not client.cookies.get("django_language")


def test_english_content_with_fallback_to_dutch(client):
    wonen = Zorgpad.objects.get(slug="wonen")
    wonen.titel_en, wonen.samenvatting_en = "Housing", ""
    wonen.save()
    html = client.get("/en/gemeente/kerkrade/wonen/").content.decode()
    assert "<h1><span>Housing</span>" in html
    # No English summary: the Dutch one, never an empty slot.
    assert Zorgpad.objects.get(slug="wonen").samenvatting_nl in html


def test_every_national_text_has_an_english_version():
    for pad in Zorgpad.objects.all():
        for field in ("titel", "samenvatting", "doel", "stappen", "achtergrond"):
            assert getattr(pad, f"{field}_en"), f"{pad.slug}.{field}_en is empty"


def test_the_screening_in_english_in_both_voices(client):
    for stem, text in (
        ("professional", "How does your client feel about this pregnancy?"),
        ("client", "How do you feel about this pregnancy?"),
    ):
        html = client.get(
            "/en/gemeente/kerkrade/screening/", {"stem": stem}
        ).content.decode()
        assert text in html
        assert "Don&#x27;t know / prefer not to say" in html


def test_switching_language_mid_screening_keeps_the_answers(client):
    url = "/gemeente/kerkrade/screening/"
    data = {
        "stem": "client",
        "sectie": "1",
        "v-gevoel-zwangerschap": "twijfel",
        "v-rondkomen": "krap",
        "actie": "taal",
    }
    response = client.post("/en" + url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    form = FormReader(html)
    assert form.fields["sectie"] == "1"  # the same step
    assert form.fields["v-gevoel-zwangerschap"] == "twijfel"
    assert form.fields["v-rondkomen"] == "krap"


def test_the_stylesheet_uses_only_logical_directions():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "zorgpad.css").read_text()
    physical = re.findall(
        r"^\s*((?:margin|padding|border)-(?:left|right)[\w-]*|left|right"
        r"|float:\s*(?:left|right)|text-align:\s*(?:left|right))\s*:(?!.*rtl-ok)",
        css,
        re.M,
    )
    assert physical == []


def test_english_readers_get_the_national_english_text_not_local_dutch(
    client, kerkrade
):
    from gemeenten.models import LokaalZorgpad

    wonen = Zorgpad.objects.get(slug="wonen")
    LokaalZorgpad.objects.create(
        gemeente=kerkrade, zorgpad=wonen, doel="Lokaal doel in het Nederlands."
    )
    dutch = client.get("/gemeente/kerkrade/wonen/").content.decode()
    english = client.get("/en/gemeente/kerkrade/wonen/").content.decode()
    assert "Lokaal doel in het Nederlands." in dutch
    assert "Lokaal doel in het Nederlands." not in english
    assert wonen.doel_en.split("\n")[0] in english
