"""A policy officer or partner downloads what a gemeente's pages show, as
CSV (for a spreadsheet) or as one HSDS JSON document."""

import csv
import io

import pytest
from django.urls import reverse

from gemeenten import directory
from gemeenten.models import Zorgpad
from opendata.downloads import CSV_COLUMNS
from opendata.ids import hsds_id

from .conftest import make_aanbod, make_gemeente, make_organisatie, queries_of
from .hsds_schemas import assert_valid, item_schema

pytestmark = pytest.mark.django_db


def shown_on_pages(gemeente):
    """(zorgpad slug, organisation name, werkgebied) per offer on its pages."""
    rows = []
    for pad in Zorgpad.objects.all():
        for aanbod in directory.pad_voor(gemeente, pad.slug).aanbod:
            rows.append((pad.slug, aanbod.organisatie.naam, aanbod.werkgebied))
    return rows


def read_csv(client, gemeente):
    response = client.get(reverse("opendata:gemeente_csv", args=[gemeente.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="zorgpad-{gemeente.slug}.csv"'
    )
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def offers(kerkrade, heerlen, zorgpad):
    local = make_organisatie(
        naam="Wijkteam Kerkrade-Oost",
        gemeenten=[kerkrade],
        adres="Markt 1",
        plaats="Kerkrade",
        talen="Nederlands, Duits",
        is_demo=True,
    )
    make_aanbod(local, zorgpad, contactpersoon="Anna de Vries", aanmelden="Bel ons.")
    make_aanbod(
        local, Zorgpad.objects.get(slug="wonen"), omschrijving="x", gepubliceerd=False
    )
    make_aanbod(make_organisatie(naam="Alleen Heerlen", gemeenten=[heerlen]), zorgpad)
    return local


def test_csv_has_exactly_the_rows_the_pages_show(client, kerkrade, offers):
    rows = read_csv(client, kerkrade)
    assert list(rows[0]) == [name for name, _ in CSV_COLUMNS]
    werkgebied = {1: "lokaal", 2: "regionaal", 3: "landelijk"}
    assert [(r["zorgpad_slug"], r["organisatie"], r["werkgebied"]) for r in rows] == [
        (slug, naam, werkgebied[w]) for slug, naam, w in shown_on_pages(kerkrade)
    ]
    names = {r["organisatie"] for r in rows}
    assert "Alleen Heerlen" not in names
    (local,) = [r for r in rows if r["organisatie"] == "Wijkteam Kerkrade-Oost"]
    assert local["contactpersoon"] == "Anna de Vries"
    assert local["aanmelden"] == "Bel ons."
    assert local["adres"] == "Markt 1"
    assert local["gecontroleerd_op"] == "2026-01-15"
    assert local["demo"] == "ja"
    assert local["service_id"].startswith("7a6f7270-0002-")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, kerkrade, zorgpad):
    org = make_organisatie(
        naam='=HYPERLINK("http://evil.example")',
        gemeenten=[kerkrade],
        telefoon="+31 45 123 45 67",
    )
    make_aanbod(org, zorgpad, aanmelden="@SUM(1)")
    rows = read_csv(client, kerkrade)
    (row,) = [r for r in rows if "HYPERLINK" in r["organisatie"]]
    assert row["organisatie"].startswith("'=")
    assert row["aanmelden"] == "'@SUM(1)"
    assert row["telefoon"] == "+31 45 123 45 67"  # a phone number stays as it is


def test_json_download_is_valid_hsds_and_matches_the_csv(client, kerkrade, offers):
    url = reverse("opendata:gemeente_json", args=[kerkrade.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="zorgpad-kerkrade.json"' in response["Content-Disposition"]
    data = response.json()
    assert data["version"] == "3.1"
    assert data["gemeente"] == {"naam": "Kerkrade", "cbs_code": "GM0928"}
    for service in data["services"]:
        assert_valid(item_schema("service"), service)
    assert_valid(item_schema("taxonomy"), data["taxonomy"])
    assert [s["id"] for s in data["services"]] == [
        r["service_id"] for r in read_csv(client, kerkrade)
    ]


def test_a_gemeente_with_nothing_local_still_lists_national_help(client):
    gemeente = make_gemeente(naam="Leegdorp")
    rows = read_csv(client, gemeente)
    assert rows
    assert {r["werkgebied"] for r in rows} == {"landelijk"}


def test_an_unpublished_gemeente_has_no_download(client):
    gemeente = make_gemeente(gepubliceerd=False)
    for name in ("opendata:gemeente_csv", "opendata:gemeente_json"):
        assert client.get(reverse(name, args=[gemeente.slug])).status_code == 404


def test_the_gemeente_page_links_to_both_downloads(client, kerkrade):
    html = client.get(kerkrade.get_absolute_url()).content.decode()
    assert 'href="/gemeente/kerkrade/open-data.csv"' in html
    assert 'href="/gemeente/kerkrade/open-data.json"' in html
    assert "Open data" in html


def test_the_downloads_only_read_what_the_hsds_ids_promise(client, kerkrade, offers):
    """The ids in the download lead to the same service in the API."""
    rows = read_csv(client, kerkrade)
    (row,) = [r for r in rows if r["organisatie"] == "Wijkteam Kerkrade-Oost"]
    response = client.get(f"/api/hsds/services/{row['service_id']}")
    assert response.json()["organization_id"] == hsds_id("organization", offers.pk)


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_made_up_parameters_cannot_make_a_download_be_built_again(
    client, kerkrade, extension
):
    url = f"/gemeente/{kerkrade.slug}/open-data.{extension}"
    first = client.get(url)
    response, own, _cache = queries_of(client, url + "?x=1&nocache=2")
    assert response.status_code == 200
    assert own == []  # the stored download, not built again
    assert response.content == first.content
