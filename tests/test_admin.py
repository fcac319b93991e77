"""The back office: officers work on their own gemeente only (fail closed)."""

import pytest
from django.urls import reverse

from beheer.roles import BELEIDSMEDEWERKER
from gemeenten.models import Organisatie

from .conftest import make_aanbod, make_organisatie, make_user

pytestmark = pytest.mark.django_db

ORGS = reverse("admin:gemeenten_organisatie_changelist")


@pytest.fixture
def orgs(kerkrade, heerlen, zorgpad):
    kerk = make_organisatie(naam="Wijkteam Kerkrade", gemeenten=[kerkrade])
    heer = make_organisatie(naam="Wijkteam Heerlen", gemeenten=[heerlen])
    make_aanbod(kerk, zorgpad)
    make_aanbod(heer, zorgpad)
    return {"kerkrade": kerk, "heerlen": heer}


def change_url(obj):
    return reverse(f"admin:gemeenten_{obj._meta.model_name}_change", args=[obj.pk])


def test_officer_sees_only_own_organisations(client, officer_kerkrade, orgs):
    client.force_login(officer_kerkrade)
    html = client.get(ORGS).content.decode()
    assert "Wijkteam Kerkrade" in html
    assert "Wijkteam Heerlen" not in html
    assert "Veilig Thuis" not in html  # national: the national editors' work


def test_officer_cannot_open_or_delete_another_gemeentes_organisation(
    client, officer_kerkrade, orgs
):
    client.force_login(officer_kerkrade)
    other = orgs["heerlen"]
    response = client.get(change_url(other))
    assert response.status_code == 302  # "does not exist", back to the index
    delete = reverse("admin:gemeenten_organisatie_delete", args=[other.pk])
    client.post(delete, {"post": "yes"})
    assert Organisatie.objects.filter(pk=other.pk).exists()


def test_officer_can_only_choose_own_gemeenten(
    client, officer_kerkrade, orgs, kerkrade
):
    client.force_login(officer_kerkrade)
    form = client.get(change_url(orgs["kerkrade"])).context["adminform"].form
    assert list(form.fields["gemeenten"].queryset) == [kerkrade]
    assert "landelijk" not in form.fields and "regios" not in form.fields


def test_an_organisation_shared_with_another_gemeente_is_not_one_officers_to_change(
    client, officer_kerkrade, kerkrade, heerlen
):
    """Otherwise Kerkrade could rename, unpublish or delete what Heerlen's
    pages show."""
    shared = make_organisatie(naam="Gedeeld", gemeenten=[kerkrade, heerlen])
    client.force_login(officer_kerkrade)
    assert "Gedeeld" not in client.get(ORGS).content.decode()
    assert client.get(change_url(shared)).status_code == 302  # "does not exist"
    delete = reverse("admin:gemeenten_organisatie_delete", args=[shared.pk])
    client.post(delete, {"post": "yes"})
    assert Organisatie.objects.filter(pk=shared.pk).exists()


def test_an_officer_of_all_its_gemeenten_edits_a_shared_organisation(
    client, kerkrade, heerlen, national_editor
):
    shared = make_organisatie(naam="Gedeeld", gemeenten=[kerkrade, heerlen])
    both = make_user("erik", BELEIDSMEDEWERKER, [kerkrade, heerlen])
    client.force_login(both)
    data = {
        "naam": "Gedeeld en hernoemd",
        "beschrijving": "Tekst",
        "gemeenten": [kerkrade.pk, heerlen.pk],
        "laatst_gecontroleerd": "2026-11-01",
        "gepubliceerd": "on",
        "aanbod-TOTAL_FORMS": "0",
        "aanbod-INITIAL_FORMS": "0",
    }
    response = client.post(change_url(shared), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    shared.refresh_from_db()
    assert shared.naam == "Gedeeld en hernoemd"
    assert set(shared.gemeenten.all()) == {kerkrade, heerlen}
    client.force_login(national_editor)
    assert client.get(change_url(shared)).status_code == 200


def test_user_without_gemeente_sees_nothing(client, orgs):
    nobody = make_user("dave", BELEIDSMEDEWERKER)
    client.force_login(nobody)
    html = client.get(ORGS).content.decode()
    assert "Wijkteam" not in html
    assert (
        client.get(reverse("admin:gemeenten_gemeente_changelist"))
        .context["cl"]
        .result_count
        == 0
    )


def test_national_editor_sees_everything(client, national_editor, orgs):
    client.force_login(national_editor)
    html = client.get(ORGS).content.decode()
    assert "Wijkteam Kerkrade" in html and "Wijkteam Heerlen" in html
    assert "Veilig Thuis" in html


def test_officer_sees_only_own_gemeente_in_the_gemeente_list(
    client, officer_kerkrade, heerlen
):
    client.force_login(officer_kerkrade)
    cl = client.get(reverse("admin:gemeenten_gemeente_changelist")).context["cl"]
    assert [g.naam for g in cl.result_list] == ["Kerkrade"]
    assert client.get(change_url(heerlen)).status_code == 302


@pytest.mark.parametrize("offers", [1, 6])
def test_organisation_form_queries_do_not_grow_with_its_offers(
    client, national_editor, kerkrade, django_assert_max_num_queries, offers
):
    from gemeenten.models import Zorgpad

    org = make_organisatie(gemeenten=[kerkrade])
    for pad in Zorgpad.objects.all()[:offers]:
        make_aanbod(org, pad)
    client.force_login(national_editor)
    with django_assert_max_num_queries(18):
        response = client.get(change_url(org))
    assert response.content.decode().count('name="aanbod-') >= offers
