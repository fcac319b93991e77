"""A reuser (a sociale kaart, a 211-style service) reads the directory as
Open Referral HSDS 3.1 JSON: every response valid against the official
schemas, exactly the published data, stable ids, clear errors."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from gemeenten import directory
from gemeenten.models import Aanbod, Gemeente, Organisatie, Regio, Zorgpad
from opendata.ids import hsds_id, pk_from_id

from .conftest import make_aanbod, make_gemeente, make_organisatie, queries_of
from .hsds_schemas import assert_valid, item_schema, page_schema, root_schema

pytestmark = pytest.mark.django_db

API = "/api/hsds/"


def get(client, path, status=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def ids(page):
    return {item["id"] for item in page["contents"]}


def all_of(client, path, **params):
    """Every item of a list endpoint, following the pages."""
    items, page = [], 1
    while True:
        data = get(client, path, page=page, per_page=200, **params)
        items += data["contents"]
        if data["last_page"]:
            return items
        page += 1


@pytest.fixture
def helpers(kerkrade, heerlen, zorgpad):
    """Local, regional and national help for Kerkrade; help that Kerkrade's
    pages must not show (elsewhere, unpublished)."""
    zuid = Regio.objects.get(slug="zuid-limburg")
    hidden_gemeente = make_gemeente(
        naam="Verborgen", cbs_code="GM9990", gepubliceerd=False
    )
    orgs = {
        "lokaal": make_organisatie(
            naam="Wijkteam Kerkrade-Oost",
            gemeenten=[kerkrade],
            adres="Markt 1",
            postcode="6461 EC",
            plaats="Kerkrade",
            email="wijkteam@kerkrade.example",
            website="https://wijkteam.example/",
            telefoon_toelichting="op werkdagen",
            talen="Nederlands, Duits en Limburgs",
        ),
        "regionaal": make_organisatie(naam="Kredietbank Zuid", regios=[zuid]),
        "landelijk": make_organisatie(naam="Geldlijn Nederland", landelijk=True),
        "heerlen": make_organisatie(naam="Wijkteam Heerlen-Noord", gemeenten=[heerlen]),
        "verborgen_org": make_organisatie(
            naam="Oude Schuldhulp", gemeenten=[kerkrade], gepubliceerd=False
        ),
        "verborgen_gemeente": make_organisatie(
            naam="Alleen in Verborgen", gemeenten=[hidden_gemeente]
        ),
    }
    offers = {
        key: make_aanbod(org, zorgpad, omschrijving=f"Hulp van {org.naam}.")
        for key, org in orgs.items()
    }
    offers["lokaal"].contactpersoon = "Anna de Vries"
    offers["lokaal"].aanmelden = "Bel en vraag naar het wijkteam."
    offers["lokaal"].save()
    wonen = Zorgpad.objects.get(slug="wonen")
    offers["verborgen_aanbod"] = make_aanbod(
        orgs["lokaal"], wonen, omschrijving="Nog niet klaar.", gepubliceerd=False
    )
    return {"orgs": orgs, "offers": offers}


def service_id(aanbod):
    return hsds_id("service", aanbod.pk)


def org_id(org):
    return hsds_id("organization", org.pk)


# --- schema validation -------------------------------------------------------


def test_root_says_version_and_profile(client):
    data = get(client, "")
    assert_valid(root_schema(), data)
    assert data["version"] == "3.1"


def list_cases(kerkrade, zorgpad, helpers):
    term = hsds_id("taxonomy_term", zorgpad.pk)
    org = org_id(helpers["orgs"]["lokaal"])
    yesterday = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    filters = [
        {},
        {"gemeente": kerkrade.cbs_code},
        {"taxonomy_term_id": term},
        {"zorgpad": zorgpad.slug},
        {"gemeente": kerkrade.cbs_code, "taxonomy_term_id": term},
        {"modified_after": yesterday},
        {"modified_after": "2020-01-01"},
        {"organization_id": org},
        {"search": "wijkteam"},
        {"page": 2, "per_page": 3},
    ]
    for params in filters:
        yield "services", "service_list", params
        yield "service_at_locations", "service_at_location_list", params
        if "organization_id" not in params:
            yield "organizations", "organization_list", params
    yield "services", "service", {"full": "true", "per_page": 200}
    yield "services", "service", {"full": "true", "gemeente": kerkrade.cbs_code}
    yield "taxonomies", "taxonomy", {}
    yield "taxonomy_terms", "taxonomy_term", {}
    yield "taxonomy_terms", "taxonomy_term", {"taxonomy_id": hsds_id("taxonomy", 1)}


def test_every_list_and_filter_matches_the_hsds_schemas(
    client, kerkrade, zorgpad, helpers
):
    for path, item, params in list_cases(kerkrade, zorgpad, helpers):
        data = get(client, path, **params)
        assert_valid(page_schema(item), data)
        assert data["contents"] or path == "service_at_locations", (path, params)


def test_every_detail_matches_the_hsds_schemas(client, kerkrade, zorgpad, helpers):
    offers = list(Aanbod.objects.openbaar())
    assert len(offers) > 40  # the national reference data and the fixture
    for aanbod in offers:
        data = get(client, f"services/{service_id(aanbod)}")
        assert_valid(item_schema("service"), data)
    for org in Organisatie.objects.openbaar().filter(aanbod__isnull=False).distinct():
        assert_valid(
            item_schema("organization"), get(client, f"organizations/{org_id(org)}")
        )
    sal = get(client, "service_at_locations", gemeente=kerkrade.cbs_code)["contents"]
    assert sal
    for item in sal:
        data = get(client, f"service_at_locations/{item['id']}")
        assert_valid(item_schema("service_at_location"), data)
    taxonomy = get(client, f"taxonomies/{hsds_id('taxonomy', 1)}")
    assert_valid(item_schema("taxonomy"), taxonomy)
    term = get(client, f"taxonomy_terms/{hsds_id('taxonomy_term', zorgpad.pk)}")
    assert_valid(item_schema("taxonomy_term"), term)


def test_the_strict_validation_catches_an_invented_field():
    """Guard on the test itself: unknown keys and wrong types fail."""
    good = {"id": hsds_id("taxonomy", 1), "name": "x", "description": "y"}
    assert_valid(item_schema("taxonomy"), good)
    with pytest.raises(AssertionError):
        assert_valid(item_schema("taxonomy"), {**good, "assured_dat": "2026-01-01"})
    with pytest.raises(AssertionError):
        assert_valid(item_schema("taxonomy"), {**good, "id": "not-a-uuid"})


# --- what a service says -----------------------------------------------------


def test_a_local_service_carries_what_the_page_shows(
    client, kerkrade, zorgpad, helpers
):
    aanbod = helpers["offers"]["lokaal"]
    org = aanbod.organisatie
    data = get(client, f"services/{service_id(aanbod)}")
    assert data["name"] == f"Wijkteam Kerkrade-Oost – {zorgpad.titel}"
    assert data["description"] == "Hulp van Wijkteam Kerkrade-Oost."
    assert data["organization_id"] == org_id(org)
    assert data["application_process"] == "Bel en vraag naar het wijkteam."
    assert data["assured_date"] == "2026-01-15"  # last verified
    assert data["email"] == "wijkteam@kerkrade.example"
    assert data["url"] == "https://wijkteam.example/"
    assert [p["number"] for p in data["phones"]] == [org.telefoon]
    assert data["phones"][0]["description"] == "op werkdagen"
    assert [c["name"] for c in data["contacts"]] == ["Anna de Vries"]
    assert [(lang["name"], lang.get("code")) for lang in data["languages"]] == [
        ("Nederlands", "nl"),
        ("Duits", "de"),
        ("Limburgs", "li"),
    ]
    assert [a["extent"] for a in data["service_areas"]] == ["GM0928"]
    address = data["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Markt 1",
        "6461 EC",
        "Kerkrade",
    )
    assert address["state_province"] == "Limburg"
    (attribute,) = data["attributes"]
    assert attribute["taxonomy_term"]["code"] == zorgpad.slug
    assert data["organization"]["name"] == "Wijkteam Kerkrade-Oost"


def test_full_list_gives_the_same_services_as_the_detail(client, helpers):
    page = get(client, "services", full="true", gemeente="GM0928", per_page=20)
    assert page["size"] == 20
    for item in page["contents"]:
        assert item == get(client, f"services/{item['id']}")
    flat = get(client, "services", gemeente="GM0928", per_page=20)["contents"][0]
    assert "service_areas" not in flat


def test_assured_date_is_the_older_of_offer_and_organisation(client, helpers):
    aanbod = helpers["offers"]["lokaal"]
    aanbod.laatst_gecontroleerd = datetime.date(2025, 6, 1)
    aanbod.save()
    assert get(client, f"services/{service_id(aanbod)}")["assured_date"] == "2025-06-01"
    # The other way round: an organisation checked longer ago than its offer.
    org = aanbod.organisatie
    aanbod.laatst_gecontroleerd = datetime.date(2026, 6, 1)
    aanbod.save()
    org.laatst_gecontroleerd = datetime.date(2024, 3, 1)
    org.save()
    assert get(client, f"services/{service_id(aanbod)}")["assured_date"] == "2024-03-01"


def test_service_areas_say_where_the_help_is(client, kerkrade, helpers):
    regional = get(client, f"services/{service_id(helpers['offers']['regionaal'])}")
    codes = {area["extent"] for area in regional["service_areas"]}
    zuid = Regio.objects.get(slug="zuid-limburg")
    assert codes == set(zuid.gemeenten.values_list("cbs_code", flat=True))
    assert kerkrade.cbs_code in codes
    national = get(client, f"services/{service_id(helpers['offers']['landelijk'])}")
    assert [area["name"] for area in national["service_areas"]] == ["Nederland"]


def test_an_unpublished_gemeente_is_not_a_service_area(client, kerkrade, helpers):
    kerkrade.gepubliceerd = False
    kerkrade.save()
    regional = get(client, f"services/{service_id(helpers['offers']['regionaal'])}")
    assert "GM0928" not in {area["extent"] for area in regional["service_areas"]}
    # Kerkrade's own local organisation is then nowhere to be seen.
    get(client, f"services/{service_id(helpers['offers']['lokaal'])}", status=404)


# --- exactly the published data ----------------------------------------------


def pages_of(gemeente):
    """The offers the gemeente's zorgpad pages list, as a visitor sees them."""
    shown = set()
    for pad in Zorgpad.objects.all():
        shown |= {a.pk for a in directory.pad_voor(gemeente, pad.slug).aanbod}
    return shown


def test_gemeente_filter_gives_exactly_what_its_pages_show(client, kerkrade, helpers):
    listed = {item["id"] for item in all_of(client, "services", gemeente="GM0928")}
    assert listed == {hsds_id("service", pk) for pk in pages_of(kerkrade)}
    offers = helpers["offers"]
    for key in ("lokaal", "regionaal", "landelijk"):
        assert service_id(offers[key]) in listed, key
    for key in ("heerlen", "verborgen_org", "verborgen_gemeente", "verborgen_aanbod"):
        assert service_id(offers[key]) not in listed, key
    orgs = {item["id"] for item in all_of(client, "organizations", gemeente="gm0928")}
    assert org_id(helpers["orgs"]["landelijk"]) in orgs
    assert org_id(helpers["orgs"]["heerlen"]) not in orgs
    assert orgs == {
        org_id(o) for o in Organisatie.objects.filter(aanbod__pk__in=pages_of(kerkrade))
    }


def test_nothing_unpublished_appears_anywhere(client, helpers):
    hidden = [
        helpers["offers"][k]
        for k in ("verborgen_org", "verborgen_gemeente", "verborgen_aanbod")
    ]
    services = {item["id"] for item in all_of(client, "services")}
    sal = {item["service_id"] for item in all_of(client, "service_at_locations")}
    orgs = {item["id"] for item in all_of(client, "organizations")}
    for aanbod in hidden:
        assert service_id(aanbod) not in services | sal
        get(client, f"services/{service_id(aanbod)}", status=404)
        get(
            client,
            f"service_at_locations/{hsds_id('service_at_location', aanbod.pk)}",
            status=404,
        )
    for key in ("verborgen_org", "verborgen_gemeente"):
        org = helpers["orgs"][key]
        assert org_id(org) not in orgs
        get(client, f"organizations/{org_id(org)}", status=404)
    # The unpublished offer is not among its (visible) organisation's services.
    org = get(client, f"organizations/{org_id(helpers['orgs']['lokaal'])}")
    assert service_id(helpers["offers"]["verborgen_aanbod"]) not in {
        s["id"] for s in org["services"]
    }
    # Every published offer of a visible organisation is listed once.
    assert len(services) == Aanbod.objects.openbaar().count()


def test_an_organisation_without_published_offers_is_not_listed(client, kerkrade):
    org = make_organisatie(naam="Nog leeg", gemeenten=[kerkrade])
    assert org_id(org) not in {item["id"] for item in all_of(client, "organizations")}
    get(client, f"organizations/{org_id(org)}", status=404)


def test_taxonomy_filter_and_zorgpad_filter_agree(client, zorgpad, helpers):
    by_term = all_of(
        client, "services", taxonomy_term_id=hsds_id("taxonomy_term", zorgpad.pk)
    )
    by_slug = all_of(client, "services", zorgpad=zorgpad.slug)
    assert by_term == by_slug
    expected = Aanbod.objects.openbaar().filter(zorgpad=zorgpad)
    assert {s["id"] for s in by_term} == {service_id(a) for a in expected}
    other_taxonomy = str(uuid.uuid4())
    assert get(client, "services", taxonomy_id=other_taxonomy)["total_items"] == 0
    assert get(client, "taxonomy_terms", taxonomy_id=other_taxonomy)["empty"]


def test_an_unknown_gemeente_gives_an_empty_list_and_a_typo_a_400(client, helpers):
    # An unpublished gemeente looks just like one that does not exist.
    assert not Gemeente.objects.get(cbs_code="GM9990").gepubliceerd
    for code in ("GM9999", "GM9990"):
        for path in ("services", "organizations", "service_at_locations"):
            assert get(client, path, gemeente=code)["total_items"] == 0
    data = get(client, "services", status=400, gemeente="Kerkrade")
    assert "GM0928" in data["detail"]


def test_demo_organisations_are_included_as_on_the_site(client, kerkrade):
    demo = make_organisatie(naam="Voorbeeld (demo)", gemeenten=[kerkrade], is_demo=True)
    make_aanbod(demo, Zorgpad.objects.get(slug="wonen"))
    names = {o["name"] for o in all_of(client, "organizations", gemeente="GM0928")}
    assert "Voorbeeld (demo)" in names


# --- modified_after ----------------------------------------------------------


def test_modified_after_returns_what_changed_since(client, zorgpad, helpers):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Aanbod.objects.update(gewijzigd=long_ago)
    Organisatie.objects.update(gewijzigd=long_ago)
    Zorgpad.objects.update(gewijzigd=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert get(client, "services", modified_after=since)["total_items"] == 0

    changed_offer = helpers["offers"]["landelijk"]
    changed_offer.aanmelden = "Nieuw: chat via de website."
    changed_offer.save()
    changed_org = helpers["orgs"]["regionaal"]
    changed_org.telefoon = "012-999 99 99"
    changed_org.save()

    data = get(client, "services", modified_after=since)
    assert ids(data) == {
        service_id(changed_offer),
        service_id(helpers["offers"]["regionaal"]),
    }
    orgs = get(client, "organizations", modified_after=since)
    assert ids(orgs) == {org_id(changed_org)}
    # Dates, Z and offsets are read too; a naive time is Dutch time.
    today = timezone.localdate().isoformat()
    assert get(client, "services", modified_after=today)["total_items"] == 2
    assert get(client, "services", modified_after="2099-01-01T00:00:00Z")["empty"]
    assert (
        get(client, "services", modified_after="2020-01-01T00:00:00+01:00")[
            "total_items"
        ]
        == Aanbod.objects.openbaar().count()
    )
    listed = {s["id"]: s for s in data["contents"]}
    assert listed[service_id(changed_offer)]["last_modified"] >= since[:10]


def test_a_change_to_the_zorgpad_counts_as_a_change_of_its_services(
    client, zorgpad, helpers
):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    for model in (Aanbod, Organisatie, Zorgpad):
        model.objects.update(gewijzigd=long_ago)
    zorgpad.titel = "Geldzorgen"
    zorgpad.save()
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    data = all_of(client, "services", modified_after=since)
    assert {s["id"] for s in data} == {
        service_id(a) for a in Aanbod.objects.openbaar().filter(zorgpad=zorgpad)
    }


def test_saving_with_update_fields_still_marks_the_change(helpers):
    org = helpers["orgs"]["lokaal"]
    Organisatie.objects.filter(pk=org.pk).update(
        gewijzigd=timezone.now() - datetime.timedelta(days=30)
    )
    org.laatst_gecontroleerd = datetime.date(2026, 11, 1)
    org.save(update_fields=["laatst_gecontroleerd"])
    org.refresh_from_db()
    assert timezone.now() - org.gewijzigd < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2026-13-01",
        "31-01-2026",
        "2026-01-01T00:00:00 01:00",
        "0001-01-01",
        "9999-12-31T23:59:59-12:00",
    ],
)
def test_a_bad_modified_after_is_a_400_that_says_why(client, value):
    data = get(client, "services", status=400, modified_after=value)
    assert "modified_after" in data["detail"]
    assert "ISO 8601" in data["detail"] or "out of range" in data["detail"]


# --- pagination --------------------------------------------------------------


def test_pages_cover_every_item_once(client, helpers):
    total = get(client, "services")["total_items"]
    seen, page = [], 1
    while True:
        data = get(client, "services", page=page, per_page=7)
        assert data["page_number"] == page
        assert data["first_page"] == (page == 1)
        assert data["size"] == len(data["contents"]) <= 7
        seen += [s["id"] for s in data["contents"]]
        if data["last_page"]:
            break
        page += 1
    assert page == data["total_pages"] == -(-total // 7)
    assert len(seen) == len(set(seen)) == total


def test_a_page_past_the_end_is_empty_not_an_error(client, helpers):
    data = get(client, "services", page=10**9, per_page=1)
    assert data["empty"] and data["size"] == 0 and data["last_page"]
    assert data["total_items"] > 0


def test_per_page_is_capped(client, helpers):
    data = get(client, "services", per_page=100000)
    assert data["size"] == min(200, data["total_items"])
    assert data["total_pages"] == -(-data["total_items"] // 200)


def test_a_page_number_written_with_zeros_is_the_same_stored_page(client, helpers):
    url = reverse("opendata:services")
    first = client.get(url, {"page": "2", "per_page": "3"})
    for written in ({"page": "02", "per_page": "3"}, {"page": "2", "per_page": "003"}):
        response, own, _ = queries_of(client, url, data=written)
        assert response.status_code == 200
        assert response.content == first.content
        assert own == []  # served from the cache, not built again


def test_a_page_number_of_thousands_of_digits_is_a_400(client):
    for name in ("page", "per_page"):
        response = client.get(reverse("opendata:services"), {name: "1" * 5000})
        assert response.status_code == 400
        assert name in response.json()["detail"]


def test_an_empty_result_is_one_empty_page(client):
    data = get(client, "services", gemeente="GM9999")
    assert data == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "twee"},
        {"per_page": "0"},
        {"per_page": "1.5"},
        {"per_page": "²"},
        {"taxonomy_term_id": "geld"},
        {"organization_id": "42"},
        {"full": "ja"},
    ],
)
def test_bad_parameters_are_a_400_not_a_500(client, params):
    for path in ("services", "service_at_locations", "organizations"):
        if path != "services" and ("organization_id" in params or "full" in params):
            continue
        data = get(client, path, status=400, **params)
        assert next(iter(params)) in data["detail"]


# --- ids and 404s ------------------------------------------------------------


def test_ids_are_stable_uuids_that_lead_back(client, helpers):
    aanbod = helpers["offers"]["lokaal"]
    value = service_id(aanbod)
    assert uuid.UUID(value).version == 8
    assert pk_from_id("service", value) == aanbod.pk
    assert pk_from_id("organization", value) is None  # another kind
    assert pk_from_id("service", str(uuid.uuid4())) is None
    assert pk_from_id("service", "nonsense") is None
    # The national reference data has fixed keys: the same ids everywhere.
    assert hsds_id("organization", 1) == "7a6f7270-0001-8000-8000-000000000001"


@pytest.mark.parametrize(
    "path",
    [
        "services",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ],
)
def test_unknown_ids_are_a_json_404(client, helpers, path):
    aanbod = helpers["offers"]["lokaal"]
    for value in (
        str(uuid.uuid4()),
        "not-a-uuid",
        hsds_id("service", 10**12),
        hsds_id("attribute", aanbod.pk),  # ours, but another kind
    ):
        data = get(client, f"{path}/{value}", status=404)
        assert data == {"detail": "Not found."}


# --- headers -----------------------------------------------------------------


def test_responses_are_public_cacheable_and_readable_from_other_sites(client):
    response = client.get(API + "services")
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.get("Vary", "")
    # Writing is not part of this API.
    assert client.post(API + "services").status_code == 405


# --- query counts ------------------------------------------------------------

MAX_QUERIES = {
    "services": 2,
    "services?gemeente=GM0928": 3,
    "services?full=true": 5,
    "service_at_locations": 2,
    "organizations": 2,
    "organizations?gemeente=GM0928": 3,
    "taxonomies": 0,
    "taxonomy_terms": 2,
    "service": 4,
    "service_at_location": 2,
    "organization": 3,
    "taxonomy_term": 1,
    "open-data.json": 5,
    "open-data.csv": 2,
}


def fill(gemeente, n):
    """n local organisations with an address, n regional ones, each with an
    offer in four zorgpaden."""
    regio = Regio.objects.get(slug="zuid-limburg")
    pads = Zorgpad.objects.all()[:4]
    for i in range(n):
        local = make_organisatie(
            gemeenten=[gemeente], adres=f"Straat {i}", plaats="Kerkrade"
        )
        regional = make_organisatie(regios=[regio], talen="Nederlands, Engels")
        for pad in pads:
            make_aanbod(local, pad, contactpersoon="Sam")
            make_aanbod(regional, pad)


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_query_counts_do_not_grow_with_the_data(client, kerkrade, per_zorgpad):
    fill(kerkrade, per_zorgpad)
    aanbod = Aanbod.objects.openbaar().filter(organisatie__gemeenten=kerkrade).last()
    urls = {
        "services": API + "services?per_page=200",
        "services?gemeente=GM0928": API + "services?per_page=200&gemeente=GM0928",
        "services?full=true": API + "services?per_page=200&full=true",
        "service_at_locations": API + "service_at_locations?per_page=200",
        "organizations": API + "organizations?per_page=200",
        "organizations?gemeente=GM0928": API + "organizations?gemeente=GM0928",
        "taxonomies": API + "taxonomies",
        "taxonomy_terms": API + "taxonomy_terms",
        "service": API + f"services/{service_id(aanbod)}",
        "service_at_location": API
        + f"service_at_locations/{hsds_id('service_at_location', aanbod.pk)}",
        "organization": API + f"organizations/{org_id(aanbod.organisatie)}",
        "taxonomy_term": API + f"taxonomy_terms/{hsds_id('taxonomy_term', 1)}",
        "open-data.json": reverse("opendata:gemeente_json", args=[kerkrade.slug]),
        "open-data.csv": reverse("opendata:gemeente_csv", args=[kerkrade.slug]),
    }
    for name, url in urls.items():
        response, own, _ = queries_of(client, url)
        assert response.status_code == 200, name
        assert len(own) <= MAX_QUERIES[name], (name, own)
        # Served again from the cache (zorgpad/cache.py): no query of its own.
        response, own, _ = queries_of(client, url)
        assert response.status_code == 200 and own == [], name
