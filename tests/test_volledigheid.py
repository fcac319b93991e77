"""The officer's completeness list on the admin home, the prefilled "add an
organisation for this zorgpad", and the public "last checked" line (issue 14)."""

import datetime

import pytest
from django.urls import reverse

from gemeenten.models import Aanbod, Organisatie, Regio, Zorgpad

from .conftest import make_aanbod, make_organisatie, make_user

pytestmark = pytest.mark.django_db

HOME = "/beheer/"
OLD = datetime.date.today() - datetime.timedelta(days=400)


def status(response):
    return {p.zorgpad.slug: p for p in response.context["vh"].paden}


@pytest.fixture
def pads(db):
    return {z.slug: z for z in Zorgpad.objects.all()}


def test_officer_sees_per_zorgpad_what_is_local_national_or_old(
    client, officer_kerkrade, kerkrade, pads
):
    lokaal = make_organisatie(gemeenten=[kerkrade], naam="Wijkteam Kerkrade")
    make_aanbod(lokaal, pads["wonen"])
    oud = make_organisatie(
        regios=[Regio.objects.get(slug="zuid-limburg")],
        naam="Oude regio-organisatie",
        laatst_gecontroleerd=OLD,
    )
    make_aanbod(oud, pads["geldzorgen-en-schulden"])
    client.force_login(officer_kerkrade)

    response = client.get(HOME)

    per_pad = status(response)
    assert len(per_pad) == Zorgpad.objects.count() == 16
    assert per_pad["wonen"].status == "lokaal"
    assert per_pad["geldzorgen-en-schulden"].status == "lokaal"
    assert [
        a.organisatie.naam for a in per_pad["geldzorgen-en-schulden"].verouderd
    ] == ["Oude regio-organisatie"]
    national = set(
        Aanbod.objects.filter(organisatie__landelijk=True).values_list(
            "zorgpad__slug", flat=True
        )
    )
    for slug in national - {"wonen", "geldzorgen-en-schulden"}:
        assert per_pad[slug].status == "landelijk"
    html = response.content.decode()
    assert (
        "Zorgpaden in Kerkrade: 2 van de 16 met een lokaal of regionaal contact" in html
    )
    assert "Alleen landelijke hulp" in html
    assert "Oude regio-organisatie" in html


def test_officer_cannot_look_at_another_gemeente(
    client, officer_kerkrade, heerlen, pads
):
    make_aanbod(
        make_organisatie(gemeenten=[heerlen], naam="Geheim Heerlen"), pads["wonen"]
    )
    client.force_login(officer_kerkrade)
    response = client.get(HOME, {"gemeente": "heerlen"})
    assert response.context["vh"].gemeente.slug == "kerkrade"
    assert "Geheim Heerlen" not in response.content.decode()


def test_without_a_gemeente_there_is_no_list(client):
    from beheer.roles import BELEIDSMEDEWERKER

    client.force_login(make_user("frank", BELEIDSMEDEWERKER))
    response = client.get(HOME)
    assert response.status_code == 200
    assert 'id="volledigheid"' not in response.content.decode()


def test_national_editor_opens_one_gemeente_from_the_coverage_page(
    client, national_editor
):
    client.force_login(national_editor)
    assert 'id="volledigheid"' not in client.get(HOME).content.decode()
    response = client.get(HOME, {"gemeente": "vaals"})
    assert response.context["vh"].gemeente.naam == "Vaals"


def test_region_officer_switches_between_the_region_gemeenten(client):
    from beheer.roles import BELEIDSMEDEWERKER

    user = make_user("dora", BELEIDSMEDEWERKER)
    Regio.objects.get(slug="zuid-limburg").beheerders.add(user)
    client.force_login(user)
    response = client.get(HOME, {"gemeente": "vaals"})
    vh = response.context["vh"]
    assert vh.gemeente.naam == "Vaals"
    assert "Heerlen" in [g.naam for g in vh.gemeenten]
    assert 'name="gemeente"' in response.content.decode()


def test_one_click_adds_an_organisation_with_an_offer_for_that_zorgpad(
    client, officer_kerkrade, kerkrade, pads
):
    client.force_login(officer_kerkrade)
    link = status(client.get(HOME))["wonen"].toevoegen
    assert link.startswith(reverse("admin:gemeenten_organisatie_add"))

    form = client.get(link)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{kerkrade.pk}" selected>' in html
    assert f'<option value="{pads["wonen"].pk}" selected>' in html

    data = {
        "naam": "Nieuw wijkteam",
        "beschrijving": "Helpt bij wonen.",
        "telefoon": "045 123 4567",
        "gemeenten": [kerkrade.pk],
        "laatst_gecontroleerd": "2026-11-01",
        "gepubliceerd": "on",
        "aanbod-TOTAL_FORMS": "1",
        "aanbod-INITIAL_FORMS": "0",
        "aanbod-MIN_NUM_FORMS": "0",
        "aanbod-MAX_NUM_FORMS": "1000",
        "aanbod-0-zorgpad": pads["wonen"].pk,
        "aanbod-0-volgorde": "100",
        "aanbod-0-gepubliceerd": "on",
    }
    response = client.post(link, data)
    assert response.status_code == 302, response.context["errors"]
    org = Organisatie.objects.get(naam="Nieuw wijkteam")
    assert list(org.gemeenten.all()) == [kerkrade]
    assert list(org.aanbod.values_list("zorgpad__slug", flat=True)) == ["wonen"]
    assert status(client.get(HOME))["wonen"].status == "lokaal"


def test_plain_add_form_has_no_empty_offer(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    html = client.get(reverse("admin:gemeenten_organisatie_add")).content.decode()
    assert 'name="aanbod-TOTAL_FORMS" value="0"' in html


@pytest.mark.parametrize("per_pad", [1, 10])
def test_the_list_costs_the_same_queries_with_more_data(
    client, officer_kerkrade, kerkrade, pads, per_pad, django_assert_max_num_queries
):
    for pad in pads.values():
        for _ in range(per_pad):
            make_aanbod(
                make_organisatie(gemeenten=[kerkrade], laatst_gecontroleerd=OLD), pad
            )
    client.force_login(officer_kerkrade)
    with django_assert_max_num_queries(17):
        response = client.get(HOME)
    assert all(len(p.verouderd) == per_pad for p in response.context["vh"].paden)


def test_public_page_says_when_local_information_was_last_checked(
    client, kerkrade, pads
):
    assert (
        "laatst gecontroleerd" not in client.get("/gemeente/kerkrade/").content.decode()
    )
    make_aanbod(
        make_organisatie(
            gemeenten=[kerkrade], laatst_gecontroleerd=datetime.date(2026, 3, 2)
        ),
        pads["wonen"],
    )
    make_aanbod(
        make_organisatie(
            gemeenten=[kerkrade], laatst_gecontroleerd=datetime.date(2025, 1, 1)
        ),
        pads["wonen"],
    )
    html = client.get("/gemeente/kerkrade/").content.decode()
    assert (
        "De lokale contactgegevens zijn voor het laatst gecontroleerd op 2 maart 2026."
        in html
    )
