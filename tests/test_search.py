"""A visitor finds their gemeente: the full list, the search, the type-ahead."""

import pytest
from django.urls import reverse

from gemeenten.models import Gemeente

HOME = reverse("gemeenten:home")

pytestmark = pytest.mark.django_db


def result_names(response):
    return [g.naam for g in response.context["gemeenten"]]


def test_home_lists_all_342_gemeenten_grouped_by_province(client):
    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/gemeente/') == 342
    for provincie in ["Limburg", "Fryslân", "Noord-Brabant", "Zuid-Holland"]:
        assert f"<summary>{provincie} " in html
    assert "Súdwest-Fryslân" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kerk", "Kerkrade"),
        ("sudwest", "Súdwest-Fryslân"),
        ("den bosch", "'s-Hertogenbosch"),
        ("hertogenbosch", "'s-Hertogenbosch"),
        ("s-hertogenbosch", "'s-Hertogenbosch"),
        ("Den Haag", "'s-Gravenhage"),
        ("EIJSDEN margraten", "Eijsden-Margraten"),
        ("eijsdenmargraten", "Eijsden-Margraten"),
        ("bergen limburg", "Bergen (L.)"),
        ("nuenen", "Nuenen, Gerwen en Nederwetten"),
    ],
)
def test_search_forgives_accents_apostrophes_and_spacing(client, query, expected):
    response = client.get(HOME, {"q": query}, headers={"HX-Request": "true"})
    assert expected in result_names(response)


def test_search_lists_names_that_start_with_the_query_first(client):
    response = client.get(HOME, {"q": "berg"}, headers={"HX-Request": "true"})
    names = result_names(response)
    assert names[0].startswith("Berg")
    assert "Steenbergen" in names
    assert names.index("Steenbergen") > names.index("Bergen op Zoom")


def test_plain_search_with_one_hit_goes_straight_to_the_gemeente(client):
    response = client.get(HOME, {"q": "kerkrade"})
    assert response.status_code == 302
    assert response["Location"] == "/gemeente/kerkrade/"


def test_plain_search_with_several_hits_shows_a_page_with_the_form(client):
    response = client.get(HOME, {"q": "berg"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="berg"' in html  # the query stays in the search box
    assert "gemeenten gevonden voor ‘berg’" in html
    assert '<a href="/gemeente/bergen-l/">Bergen (L.)</a>' in html


def test_typeahead_returns_only_the_results_fragment(client):
    response = client.get(HOME, {"q": "kerk"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<a href="/gemeente/kerkrade/">Kerkrade</a>' in html
    # the live region is updated out of band, so screen readers hear the count
    assert 'id="zoekstatus"' in html and 'hx-swap-oob="true"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_search_without_hits_says_so_and_offers_the_full_list(client):
    response = client.get(HOME, {"q": "atlantis"})
    html = response.content.decode()
    assert "0 gemeenten gevonden" in html
    assert "Toon alle gemeenten" in html


def test_unpublished_gemeente_is_not_found(client):
    Gemeente.objects.filter(slug="vaals").update(gepubliceerd=False)
    response = client.get(HOME, {"q": "vaals"}, headers={"HX-Request": "true"})
    assert result_names(response) == []
    assert client.get("/gemeente/vaals/").status_code == 404


def test_slugs_are_stable_and_readable(db):
    slugs = dict(Gemeente.objects.values_list("naam", "slug"))
    assert slugs["Kerkrade"] == "kerkrade"
    assert slugs["'s-Hertogenbosch"] == "s-hertogenbosch"
    assert slugs["Bergen (L.)"] == "bergen-l"
    assert slugs["Bergen (NH.)"] == "bergen-nh"
    assert Gemeente.objects.count() == 342
