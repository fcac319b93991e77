"""Mergers and renames (herindeling, issue 14): a realistic merger of three
Zuid-Limburg gemeenten into a new one, on the demo data."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from beheer.roles import BELEIDSMEDEWERKER
from gemeenten import herindeling
from gemeenten.models import (
    Aanbod,
    Gemeente,
    LokaalZorgpad,
    Melding,
    Organisatie,
    OudAdres,
    Zorgpad,
)
from gemeenten.referentie import laad_gemeenten
from statistieken import counting
from statistieken.models import Soort

from .conftest import make_aanbod, make_organisatie, make_user

pytestmark = pytest.mark.django_db

DRIE = ["GM0981", "GM1729", "GM1903"]  # Vaals, Gulpen-Wittem, Eijsden-Margraten
DATUM = datetime.date(2026, 1, 1)
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}


def run(*args):
    out = io.StringIO()
    call_command("herindeling", *args, stdout=out)
    return out.getvalue()


def merge(*extra):
    args = [f"--van={c}" for c in DRIE]
    return run(
        *args,
        "--naar=GM1999",
        "--naam=Heuvelland",
        "--provincie=Limburg",
        "--datum=2026-01-01",
        *extra,
    )


@pytest.fixture
def drie(db):
    call_command("loaddata", "demo", verbosity=0)
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(cbs_code__in=DRIE)}
    vaals, gulpen, eijsden = (gemeenten[c] for c in DRIE)
    wonen = Zorgpad.objects.get(slug="wonen")
    # Local texts for the same zorgpad in two of them: a conflict.
    LokaalZorgpad.objects.create(
        gemeente=vaals, zorgpad=wonen, afspraken="Vaste contactpersoon in Vaals."
    )
    LokaalZorgpad.objects.create(
        gemeente=gulpen, zorgpad=wonen, stappen="Bel het wijkteam\nMaak een afspraak"
    )
    org = make_organisatie(gemeenten=[gulpen], naam="Wijkteam Gulpen-Wittem")
    make_aanbod(org, wonen)
    # Shared by two of them: one link to the new gemeente afterwards.
    gedeeld = make_organisatie(gemeenten=[vaals, eijsden], naam="Gedeeld")
    make_aanbod(gedeeld, Zorgpad.objects.get(slug="geldzorgen-en-schulden"))
    officer = make_user("vera", BELEIDSMEDEWERKER, [vaals])
    Melding.objects.create(gemeente=eijsden, zorgpad=wonen, bericht="Oud nummer")
    counting.record(Soort.OVERZICHT, vaals, moment=_moment(2025, 6, 1))
    counting.record(Soort.PAD, eijsden, wonen, moment=_moment(2025, 7, 1))
    return {"vaals": vaals, "gulpen": gulpen, "eijsden": eijsden, "officer": officer}


def cbs_fixture():
    return json.loads((settings.BASE_DIR / "fixtures/gemeenten.json").read_text())


def _moment(*ymd):
    return datetime.datetime(*ymd, 12, tzinfo=datetime.UTC)


def test_dry_run_lists_conflicts_and_changes_nothing(drie):
    before = Organisatie.objects.filter(gemeenten=drie["vaals"]).count()
    with pytest.raises(CommandError, match="1 conflict"):
        merge("--uitvoeren")
    assert not Gemeente.objects.filter(cbs_code="GM1999").exists()
    assert Organisatie.objects.filter(gemeenten=drie["vaals"]).count() == before
    plan = herindeling.plan(DRIE, "GM1999", naam="Heuvelland", provincie="Limburg")
    assert any("Wonen" in c and "Vaals" in c and "Gulpen" in c for c in plan.conflicten)

    out = merge("--teksten-samenvoegen")
    assert "Dry run: nothing changed" in out
    assert "organisation(s) move to Heuvelland" in out
    assert not Gemeente.objects.filter(cbs_code="GM1999").exists()


def test_a_merger_of_three_moves_everything_to_the_new_gemeente(drie, client):
    demo_orgs = set(
        Organisatie.objects.filter(gemeenten__in=list(drie.values())[:3]).values_list(
            "pk", flat=True
        )
    )
    out = merge("--teksten-samenvoegen", "--uitvoeren")
    assert "Done: Heuvelland (GM1999)" in out

    heuvelland = Gemeente.objects.get(cbs_code="GM1999")
    assert heuvelland.slug == "heuvelland" and heuvelland.gepubliceerd
    assert set(heuvelland.regios.values_list("slug", flat=True)) == {"zuid-limburg"}
    # Organisations and their offers.
    assert set(heuvelland.organisaties.values_list("pk", flat=True)) == demo_orgs
    gedeeld = Organisatie.objects.get(naam="Gedeeld")
    assert list(gedeeld.gemeenten.all()) == [heuvelland]
    # Local texts, joined.
    lokaal = LokaalZorgpad.objects.get(gemeente=heuvelland, zorgpad__slug="wonen")
    assert lokaal.afspraken == "Vaste contactpersoon in Vaals."
    assert lokaal.stappen == "Bel het wijkteam\nMaak een afspraak"
    assert not LokaalZorgpad.objects.filter(gemeente__cbs_code__in=DRIE).exists()
    # Officers and reports.
    assert list(heuvelland.beheerders.all()) == [drie["officer"]]
    assert Melding.objects.get(bericht="Oud nummer").gemeente == heuvelland
    # The former gemeenten: unpublished history pointing at the new one.
    for code in DRIE:
        oud = Gemeente.objects.get(cbs_code=code)
        assert (oud.gepubliceerd, oud.opgegaan_in, oud.opgeheven_op) == (
            False,
            heuvelland,
            DATUM,
        )
    # Search for an old name finds the new gemeente.
    response = client.get("/", {"q": "vaals"})
    assert (
        response.status_code == 302 and response["Location"] == "/gemeente/heuvelland/"
    )
    # The new gemeente's page lists what the old ones had.
    html = client.get("/gemeente/heuvelland/wonen/").content.decode()
    assert "Wijkteam Gulpen-Wittem" in html and "Vaste contactpersoon in Vaals." in html


OLD_ADDRESSES = [
    ("/gemeente/vaals/", "/gemeente/heuvelland/"),
    ("/en/gemeente/vaals/", "/en/gemeente/heuvelland/"),
    ("/gemeente/gulpen-wittem/wonen/", "/gemeente/heuvelland/wonen/"),
    ("/en/gemeente/gulpen-wittem/wonen/", "/en/gemeente/heuvelland/wonen/"),
    # Every language the site speaks.
    *(
        (f"/{lang}/gemeente/vaals/wonen/", f"/{lang}/gemeente/heuvelland/wonen/")
        for lang in ("ar", "tr", "pl", "uk")
    ),
    ("/uk/gemeente/vaals/lijst/y/", "/uk/gemeente/heuvelland/lijst/y/"),
    ("/gemeente/vaals/screening/", "/gemeente/heuvelland/screening/"),
    (
        "/gemeente/vaals/screening/?stem=client",
        "/gemeente/heuvelland/screening/?stem=client",
    ),
    # Take-home links, old (topics) and opaque: whatever follows the
    # gemeente is kept as it is.
    (
        "/gemeente/eijsden-margraten/mee/wonen+veiligheid-thuis/",
        "/gemeente/heuvelland/mee/wonen+veiligheid-thuis/",
    ),
    ("/gemeente/eijsden-margraten/lijst/y/", "/gemeente/heuvelland/lijst/y/"),
    ("/gemeente/vaals/open-data.json", "/gemeente/heuvelland/open-data.json"),
    ("/gemeente/vaals/open-data.csv", "/gemeente/heuvelland/open-data.csv"),
]


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES)
def test_every_old_address_redirects_permanently(drie, client, old, new):
    merge("--teksten-samenvoegen", "--uitvoeren")
    response = client.get(old, headers=BROWSER)
    assert response.status_code == 301
    assert response["Location"] == new
    # An old take-home link then moves on to its opaque code.
    assert client.get(new, headers=BROWSER, follow=True).status_code == 200


def test_normal_pages_cost_no_query_for_old_addresses(
    drie, client, settings, django_assert_num_queries
):
    settings.ZORGPAD_PAGE_CACHE = False  # the page's own queries, rendered
    merge("--teksten-samenvoegen", "--uitvoeren")
    from .test_queries import MAX_QUERIES

    with django_assert_num_queries(MAX_QUERIES["gemeente"]):
        assert client.get("/gemeente/heuvelland/", headers=BROWSER).status_code == 200
    # A slug nobody ever had is still the friendly 404.
    assert client.get("/gemeente/nergenshuizen/").status_code == 404


def test_a_report_posted_to_an_old_address_keeps_its_method(drie, client):
    merge("--teksten-samenvoegen", "--uitvoeren")
    response = client.post("/gemeente/vaals/wonen/melding/", {"bericht": "x"})
    assert response.status_code == 308
    assert response["Location"] == "/gemeente/heuvelland/wonen/melding/"


def test_open_data_shows_the_new_gemeente(drie, client):
    merge("--teksten-samenvoegen", "--uitvoeren")
    org = Organisatie.objects.get(naam="Wijkteam Gulpen-Wittem")
    data = client.get(
        "/api/hsds/services", {"gemeente": "GM1999", "full": "true", "per_page": 200}
    ).json()
    names = {s["name"] for s in data["contents"]}
    assert any(n.startswith("Wijkteam Gulpen-Wittem") for n in names)
    service = next(s for s in data["contents"] if s["name"].startswith("Wijkteam"))
    extents = {a["extent"] for a in service["service_areas"]}
    assert extents == {"GM1999"}
    # A reuser still asking for a former code gets the new gemeente's data.
    old = client.get(
        "/api/hsds/services", {"gemeente": "GM1729", "per_page": 200}
    ).json()
    assert old["total_items"] == data["total_items"]
    assert Aanbod.objects.filter(organisatie=org).get().gewijzigd.date() == (
        datetime.date.today()
    )


def test_statistics_stay_history_and_count_for_the_new_gemeente(drie, client):
    merge("--teksten-samenvoegen", "--uitvoeren")
    officer = drie["officer"]
    client.force_login(officer)
    url = "/beheer/statistieken/telling/"
    period = {"van": "2025-01", "tot": "2026-06"}
    response = client.get(url, period)
    dashboard = response.context["dashboard"]
    assert dashboard.gebied.naam == "Heuvelland"
    html = response.content.decode()
    assert "is de overzichtspagina van Heuvelland 1 keer bekeken" in html
    assert "Een specifiek zorgpad is 1 keer geopend." in html
    assert "Inclusief de cijfers van de voormalige gemeenten" in html
    assert "Vaals (tot 1 januari 2026)" in html
    # The former gemeente on its own: history, and said so.
    response = client.get(url, {**period, "gebied": "vaals"})
    html = response.content.decode()
    assert "is de overzichtspagina van Vaals 1 keer bekeken" in html
    assert "Vaals is op 1 januari 2026 opgegaan in een andere gemeente" in html
    # The country: the new gemeente's row carries the old counts once.
    client.force_login(make_user("rita", "Landelijke redactie"))
    response = client.get(url, {**period, "gebied": "nl"})
    tabel = next(
        t for t in response.context["dashboard"].tabellen if t.id == "per-gemeente"
    )
    rijen = {r[0]: r for r in tabel.rijen}
    assert "Vaals" not in rijen and rijen["Heuvelland"][1:3] == [1, 1]


def test_merging_into_an_existing_gemeente(drie, client):
    out = run(
        "--van=GM0981",
        "--naar=GM1729",
        "--naam=Gulpen-Wittem-Vaals",
        "--teksten-samenvoegen",
        "--uitvoeren",
    )
    assert "Done" in out
    doel = Gemeente.objects.get(cbs_code="GM1729")
    assert doel.slug == "gulpen-wittem-vaals"
    for old in ("/gemeente/vaals/wonen/", "/gemeente/gulpen-wittem/wonen/"):
        assert client.get(old)["Location"] == "/gemeente/gulpen-wittem-vaals/wonen/"


def test_a_rename_keeps_the_statistics_and_redirects(client):
    kerkrade = Gemeente.objects.get(cbs_code="GM0928")
    out = run("--van=GM0928", "--naar=GM0928", "--naam=Kirchroa", "--uitvoeren")
    assert "Done" in out
    kerkrade.refresh_from_db()
    assert (kerkrade.naam, kerkrade.slug, kerkrade.gepubliceerd) == (
        "Kirchroa",
        "kirchroa",
        True,
    )
    assert "Kerkrade" in kerkrade.andere_namen
    response = client.get("/en/gemeente/kerkrade/wonen/?melding=verzonden")
    assert response.status_code == 301
    assert response["Location"] == "/en/gemeente/kirchroa/wonen/?melding=verzonden"
    # Renamed twice: both old addresses lead to the current one.
    run("--van=GM0928", "--naar=GM0928", "--naam=Kerkrade-Stad", "--uitvoeren")
    assert client.get("/gemeente/kerkrade/")["Location"] == "/gemeente/kerkrade-stad/"
    assert client.get("/gemeente/kirchroa/")["Location"] == "/gemeente/kerkrade-stad/"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--van=GM9999", "--naar=GM1999"], "Unknown CBS code"),
        (["--van=GM0981", "--van=GM1729", "--naar=GM1999"], "--naam and --provincie"),
        (
            [
                "--van=GM0981",
                "--van=GM1729",
                "--naar=GM1999",
                "--naam=Heerlen",
                "--provincie=Limburg",
            ],
            "is taken",
        ),
    ],
)
def test_wrong_requests_are_refused_with_a_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_merged_gemeente_cannot_be_merged_again(drie):
    merge("--teksten-samenvoegen", "--uitvoeren")
    with pytest.raises(CommandError, match="already merged"):
        run("--van=GM0981", "--naar=GM0917")


def test_refreshing_the_cbs_list_loses_no_data(drie, tmp_path):
    merge("--teksten-samenvoegen", "--uitvoeren")
    kerkrade = Gemeente.objects.get(slug="kerkrade")
    kerkrade.intro = "Welkom in Kerkrade."
    kerkrade.feedback_email = "zorgpad@kerkrade.example"
    kerkrade.save()
    pk_before = kerkrade.pk
    # The next CBS file: the three are gone, Heuvelland is in, numbered anew.
    objects = cbs_fixture()
    objects = [o for o in objects if o["fields"].get("cbs_code") not in DRIE]
    gemeenten = [o for o in objects if o["model"] == "gemeenten.gemeente"]
    for n, obj in enumerate(gemeenten):
        obj["pk"] = n + 1
    objects.append(
        {
            "model": "gemeenten.gemeente",
            "pk": 999,
            "fields": {
                "cbs_code": "GM1999",
                "naam": "Heuvelland",
                "slug": "heuvelland",
                "provincie": "Limburg",
                "andere_namen": "",
                "regios": [["zuid-limburg"]],  # a natural key
            },
        }
    )
    path = tmp_path / "gemeenten.json"
    path.write_text(json.dumps(objects), encoding="utf-8")

    verslag = laad_gemeenten(path)

    assert verslag.ontbreekt == [] and verslag.nieuw == []
    kerkrade.refresh_from_db()
    assert (kerkrade.pk, kerkrade.intro, kerkrade.feedback_email) == (
        pk_before,
        "Welkom in Kerkrade.",
        "zorgpad@kerkrade.example",
    )
    vaals = Gemeente.objects.get(cbs_code="GM0981")
    assert vaals.opgegaan_in.cbs_code == "GM1999" and not vaals.gepubliceerd
    heuvelland = Gemeente.objects.get(cbs_code="GM1999")
    assert "Vaals" in heuvelland.andere_namen  # names from the merger kept
    # And the normal reference load leaves the merger alone, too.
    call_command("load_reference", verbosity=0)
    vaals.refresh_from_db()
    assert vaals.opgegaan_in_id == heuvelland.pk and not vaals.gepubliceerd
    assert OudAdres.objects.get(slug="vaals").gemeente == heuvelland


def test_a_new_cbs_code_is_added_and_a_missing_one_reported(tmp_path):
    objects = cbs_fixture()
    objects = [o for o in objects if o["fields"].get("cbs_code") != "GM0981"]
    objects.append(
        {
            "model": "gemeenten.gemeente",
            "fields": {
                "cbs_code": "GM2000",
                "naam": "Nieuwdorp",
                "slug": "nieuwdorp",
                "provincie": "Zeeland",
                "andere_namen": "",
                "regios": [],
            },
        }
    )
    path = tmp_path / "gemeenten.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    verslag = laad_gemeenten(path)
    assert [g.naam for g in verslag.nieuw] == ["Nieuwdorp"]
    assert [g.naam for g in verslag.ontbreekt] == ["Vaals"]
    assert Gemeente.objects.get(cbs_code="GM0981").gepubliceerd  # not deleted


def test_an_encoded_question_mark_stays_in_the_path(drie, client):
    merge("--teksten-samenvoegen", "--uitvoeren")
    response = client.get("/gemeente/vaals/a%3Fb/", headers=BROWSER)
    assert response.status_code == 301
    assert response["Location"] == "/gemeente/heuvelland/a%3Fb/"
