"""A parent who does not know which topic fits types a worry in everyday words
on the gemeente page ("Waar maak je je zorgen over?") and finds the zorgpaden."""

import re

import pytest

from gemeenten.models import Zorgpad
from statistieken.models import Telling

pytestmark = pytest.mark.django_db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}


def found(response):
    """The slugs of the topic cards on the page, in order."""
    return re.findall(
        r'class="card-title"><a href="/(?:en/)?gemeente/[a-z-]+/([a-z-]+)/"',
        response.content.decode(),
    )


def search(client, gemeente, text, prefix="", **extra):
    return client.post(f"{prefix}/gemeente/{gemeente.slug}/", {"zorg": text}, **extra)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("schulden", "geldzorgen-en-schulden"),
        ("huur", "wonen"),
        ("depressief", "psychisch-welzijn"),
        ("slaan", "veiligheid-thuis"),
        ("blowen", "roken-alcohol-drugs"),
        ("geen verzekering", "zorgverzekering"),
        ("inburgering", "nieuwkomers"),
        # The same forgiveness as the gemeente search: case, accents, parts.
        ("DEPRESSIEF", "psychisch-welzijn"),
        ("cocaine", "roken-alcohol-drugs"),
        ("cocaïne", "roken-alcohol-drugs"),
        ("verzeker", "zorgverzekering"),
        ("schuldenlast", "geldzorgen-en-schulden"),
        ("Ik maak me zorgen over mijn huur", "wonen"),
        ("miskraam", "eerdere-zwangerschap"),
    ],
)
def test_everyday_words_find_the_right_zorgpad(client, kerkrade, text, slug):
    response = search(client, kerkrade, text)
    assert response.status_code == 200
    assert slug in found(response)
    assert len(found(response)) <= 4  # a handful, not everything
    assert "gevonden voor" in response.content.decode()


def test_a_search_of_two_words_prefers_topics_with_both(client, kerkrade):
    # "geen" alone is in many topics (geen huis, geen steun, geen werk).
    assert found(search(client, kerkrade, "geen verzekering")) == ["zorgverzekering"]


def test_english_words_work_on_the_english_page(client, kerkrade):
    response = search(client, kerkrade, "debt collector", prefix="/en")
    assert found(response) == ["geldzorgen-en-schulden"]
    assert "1 topic found for" in response.content.decode()
    # A Dutch word typed on the English page is found too.
    assert "wonen" in found(search(client, kerkrade, "huur", prefix="/en"))


def test_no_match_suggests_the_screening_and_shows_every_topic(client, kerkrade):
    response = search(client, kerkrade, "xylofoon")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geen onderwerp gevonden voor ‘xylofoon’" in html
    assert html.count('href="/gemeente/kerkrade/screening/"') == 2  # also the CTA
    assert len(found(response)) == Zorgpad.objects.count()


def test_the_type_ahead_gets_only_the_topics_and_the_status(client, kerkrade):
    response = search(client, kerkrade, "blow", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "site-header" not in html
    assert 'id="zorgstatus"' in html and 'hx-swap-oob="true"' in html
    assert found(response) == ["roken-alcohol-drugs"]


def test_the_search_form_works_without_javascript(client, kerkrade):
    page = client.get(kerkrade.get_absolute_url()).content.decode()
    form = re.search(r'<form class="search zorg-zoeken"[^>]*>', page)[0]
    assert 'method="post"' in form
    assert f'action="{kerkrade.get_absolute_url()}"' in form
    assert 'name="zorg"' in page
    assert "Waar maak je je zorgen over?" in page
    # The full page comes back, the typed words kept in the box.
    response = search(client, kerkrade, "huur")
    assert "site-header" in response.content.decode()
    assert 'value="huur"' in response.content.decode()


def test_a_search_is_not_counted_and_not_kept(client, kerkrade):
    client.get(kerkrade.get_absolute_url(), headers=BROWSER)
    before = list(Telling.objects.values_list("soort", "aantal"))
    response = search(client, kerkrade, "slaan", headers=BROWSER)
    assert list(Telling.objects.values_list("soort", "aantal")) == before
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_long_or_odd_search_is_never_an_error(client, kerkrade):
    for text in ["", "   ", "x" * 5000, "<script>", "'; drop table", "\u00a0é"]:
        response = search(client, kerkrade, text)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_national_editors_keep_the_words_officers_cannot(
    client, kerkrade, national_editor, officer_kerkrade
):
    from django.urls import reverse

    from .conftest import admin_form_data

    wonen = Zorgpad.objects.get(slug="wonen")
    change = reverse("admin:gemeenten_zorgpad_change", args=[wonen.pk])
    client.force_login(national_editor)
    data = admin_form_data(client.get(change))
    assert {"zoekwoorden_nl", "zoekwoorden_en"} <= set(data)
    data["zoekwoorden_nl"] += ", kraakpand"
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert found(search(client, kerkrade, "kraakpand")) == ["wonen"]

    client.force_login(officer_kerkrade)
    data["zoekwoorden_nl"] += ", iets anders"
    assert client.post(change, data).status_code == 403
    wonen.refresh_from_db()
    assert "iets anders" not in wonen.zoekwoorden_nl
