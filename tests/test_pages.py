"""A visitor sees a gemeente's zorgpaden and, per zorgpad, who can help."""

import datetime
import re

import pytest
from django.urls import reverse

from gemeenten.models import Gemeente, LokaalZorgpad, Organisatie, Regio, Zorgpad

from .conftest import make_aanbod, make_gemeente, make_organisatie, make_regio

pytestmark = pytest.mark.django_db


def pad_url(gemeente, zorgpad):
    return reverse("gemeenten:zorgpad", args=[gemeente.slug, zorgpad.slug])


@pytest.fixture
def helpers(kerkrade, heerlen, zorgpad):
    """Local, regional and national help for Kerkrade, and help elsewhere."""
    zuid = Regio.objects.get(slug="zuid-limburg")
    noord = Regio.objects.get(slug="limburg-noord")
    orgs = {
        "lokaal": make_organisatie(naam="Wijkteam Kerkrade-Oost", gemeenten=[kerkrade]),
        "regionaal": make_organisatie(naam="Kredietbank Zuid", regios=[zuid]),
        "landelijk": make_organisatie(naam="Geldlijn Nederland", landelijk=True),
        "heerlen": make_organisatie(naam="Wijkteam Heerlen-Noord", gemeenten=[heerlen]),
        "noord": make_organisatie(naam="Schuldhulp Venlo", regios=[noord]),
        "verborgen": make_organisatie(
            naam="Oude Schuldhulp", gemeenten=[kerkrade], gepubliceerd=False
        ),
    }
    for org in orgs.values():
        make_aanbod(org, zorgpad, omschrijving=f"Hulp van {org.naam}.")
    return orgs


def test_overview_lists_every_zorgpad_with_summary_and_count(client, kerkrade, helpers):
    response = client.get(kerkrade.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    zorgpaden = list(Zorgpad.objects.all())
    assert len(zorgpaden) >= 14
    for pad in zorgpaden:
        assert f'href="{pad_url(kerkrade, pad)}"' in html
        assert pad.samenvatting in html
    geld = next(
        p for p in response.context["zorgpaden"] if p.slug == "geldzorgen-en-schulden"
    )
    national = Organisatie.objects.filter(landelijk=True, aanbod__zorgpad=geld).count()
    # local + regional + national helpers of the fixture, and the real national ones
    assert geld.aantal == national + 2
    assert f"{geld.aantal} organisaties om contact mee op te nemen" in html


def test_path_page_lists_local_regional_and_national_help_only(
    client, kerkrade, zorgpad, helpers
):
    response = client.get(pad_url(kerkrade, zorgpad))
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ["lokaal", "regionaal", "landelijk"]:
        assert helpers[shown].naam in html
    for hidden in ["heerlen", "noord", "verborgen"]:
        assert helpers[hidden].naam not in html
    # local help first, national last, each labelled
    assert html.index("Wijkteam Kerkrade-Oost") < html.index("Kredietbank Zuid")
    assert html.index("Kredietbank Zuid") < html.index("Geldlijn Nederland")
    assert "In Kerkrade" in html and "In de regio" in html and "Landelijk" in html


def test_regional_organisation_shows_in_every_member_gemeente(client, zorgpad):
    regio = make_regio()
    a, b, c = (make_gemeente(regios=[regio]) for _ in range(3))
    outsider = make_gemeente()
    make_aanbod(make_organisatie(naam="Regionale Kraamzorg", regios=[regio]), zorgpad)
    for gemeente in (a, b, c):
        assert (
            "Regionale Kraamzorg"
            in client.get(pad_url(gemeente, zorgpad)).content.decode()
        )
    assert (
        "Regionale Kraamzorg"
        not in client.get(pad_url(outsider, zorgpad)).content.decode()
    )


def test_path_page_shows_all_contact_details(client, kerkrade, zorgpad):
    org = make_organisatie(
        naam="Stichting Voorbeeld",
        gemeenten=[kerkrade],
        telefoon="012-345 67 89",
        telefoon_toelichting="op werkdagen",
        email="info@voorbeeld.example",
        website="https://voorbeeld.example/",
        adres="Voorbeeldstraat 1",
        postcode="6461 AA",
        plaats="Kerkrade",
        talen="Nederlands, Arabisch",
        laatst_gecontroleerd=datetime.date(2026, 3, 2),
    )
    make_aanbod(
        org,
        zorgpad,
        omschrijving="Wij helpen met een overzicht van je rekeningen.",
        aanmelden="Bel ons; de verloskundige mag ook bellen.",
        contactpersoon="Sanne (schuldhulpmaatje)",
    )
    html = client.get(pad_url(kerkrade, zorgpad)).content.decode()
    assert re.search(r'<a href="tel:0123456789"[^>]*>012-345 67 89</a>', html)
    assert "op werkdagen" in html
    assert 'href="mailto:info@voorbeeld.example"' in html
    assert 'href="https://voorbeeld.example/"' in html
    assert "Voorbeeldstraat 1, 6461 AA Kerkrade" in html
    assert "Nederlands, Arabisch" in html
    assert "Wij helpen met een overzicht van je rekeningen." in html
    assert "Bel ons; de verloskundige mag ook bellen." in html
    assert "Sanne (schuldhulpmaatje)" in html
    assert "Gegevens gecontroleerd op 2 maart 2026" in html


def test_empty_local_fields_fall_back_and_leave_no_empty_slots(
    client, kerkrade, zorgpad
):
    org = make_organisatie(
        naam="Alleen Telefoon",
        gemeenten=[kerkrade],
        beschrijving="Wat wij altijd doen.",
        telefoon="012-345 00 00",
    )
    make_aanbod(org, zorgpad, omschrijving="")
    html = client.get(pad_url(kerkrade, zorgpad)).content.decode()
    card = html[html.index("Alleen Telefoon") :]
    card = card[: card.index("</li>")]
    assert "Wat wij altijd doen." in card  # the organisation's own text
    for label in ["E-mail", "Website", "Adres", "Talen", "Contactpersoon"]:
        assert f"<dt>{label}</dt>" not in card
    # the national goal and steps are shown while Kerkrade has no local text
    assert zorgpad.doel.splitlines()[0] in html
    for stap in zorgpad.stappen_lijst():
        assert f"<li>{stap}</li>" in html


def test_local_text_replaces_the_national_text(client, kerkrade, zorgpad):
    LokaalZorgpad.objects.create(
        gemeente=kerkrade,
        zorgpad=zorgpad,
        doel="Het doel in Kerkrade.",
        stappen="Eerst naar het Knooppunt\nDan samen verder",
        afspraken="Elke dinsdag overleg in het Knooppunt.",
    )
    html = client.get(pad_url(kerkrade, zorgpad)).content.decode()
    assert "Het doel in Kerkrade." in html
    assert "<li>Eerst naar het Knooppunt</li>" in html
    assert zorgpad.stappen_lijst()[0] not in html
    assert "Afspraken in Kerkrade" in html
    assert "Elke dinsdag overleg in het Knooppunt." in html


def test_sensitive_path_has_a_quick_exit_first_in_the_page(client, kerkrade, settings):
    veilig = Zorgpad.objects.get(slug="veiligheid-thuis")
    assert veilig.gevoelig
    html = client.get(pad_url(kerkrade, veilig)).content.decode()
    body = html[html.index("<body") :]
    exit_link = f'href="{settings.ZORGPAD_QUICK_EXIT_URL}" data-quick-exit'
    assert exit_link in body
    # before everything else, so it is the first thing a keyboard reaches
    assert body.index(exit_link) < body.index('class="site-header"')
    assert "0800-2000" in html  # Veilig Thuis, national, always listed here


def test_other_paths_have_no_quick_exit(client, kerkrade, zorgpad):
    html = client.get(pad_url(kerkrade, zorgpad)).content.decode()
    assert "data-quick-exit" not in html


def test_unknown_gemeente_gets_a_friendly_404_with_suggestions(client):
    response = client.get("/gemeente/kerkraade/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html
    assert 'action="/"' in html  # the search form
    assert 'value="kerkraade"' in html


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hertogenbosch", "s-hertogenbosch"),
        ("kerkraade", "kerkrade"),
        ("sudwest-friesland", "sudwest-fryslan"),
        ("maastrict", "maastricht"),
    ],
)
def test_404_suggests_gemeenten_that_look_like_the_address(client, typed, meant):
    html = client.get(f"/gemeente/{typed}/").content.decode()
    assert f'<a href="/gemeente/{meant}/">' in html


def test_unknown_zorgpad_links_back_to_the_gemeente(client, kerkrade):
    response = client.get("/gemeente/kerkrade/bestaat-niet/")
    assert response.status_code == 404
    assert 'href="/gemeente/kerkrade/"' in response.content.decode()
    assert "Alle onderwerpen in Kerkrade" in response.content.decode()


def test_any_other_unknown_address_is_a_friendly_404(client):
    response = client.get("/iets/anders/")
    assert response.status_code == 404
    assert "Naar de lijst met alle gemeenten" in response.content.decode()


def test_all_342_gemeenten_have_working_pages(client):
    """Every gemeente's overview and, in turn, each zorgpad's page."""
    zorgpaden = list(Zorgpad.objects.all())
    for i, gemeente in enumerate(Gemeente.objects.all()):
        overview = client.get(gemeente.get_absolute_url())
        assert overview.status_code == 200, gemeente.slug
        pad = zorgpaden[i % len(zorgpaden)]
        page = client.get(pad_url(gemeente, pad))
        assert page.status_code == 200, (gemeente.slug, pad.slug)
        # national help is always there, so no gemeente shows an empty list
        assert 'class="organisatie"' in page.content.decode(), (gemeente.slug, pad.slug)


def test_only_get_is_allowed(client, kerkrade):
    # A POST to the gemeente page is its topic search (test_zorg_zoeken.py).
    assert client.post("/").status_code == 405
    assert client.put(kerkrade.get_absolute_url()).status_code == 405
    assert client.delete(kerkrade.get_absolute_url()).status_code == 405


def test_back_button_without_htmx_cache_gets_the_whole_page(client):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    html = client.get("/?q=kerk", **headers).content.decode()
    assert "<html" in html
    assert (
        "<html" not in client.get("/?q=kerk", HTTP_HX_REQUEST="true").content.decode()
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/gemeente/kerkrade/",
        "/gemeente/kerkrade/wonen/",
        "/gemeente/kerkrade/lijst/w/",  # take-home list: wonen (pk 5)
    ],
)
def test_link_checkers_may_ask_with_head(client, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""
