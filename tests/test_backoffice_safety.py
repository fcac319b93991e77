"""Back-office defects the security review found (issue 12, defects 6, 7
and 8b): an officer cannot steer another gemeente's search, a NUL in an
import cell is refused in the dry run, the admin's autocomplete never answers
500, and a login with an unsafe ?next= lands in the back office."""

import pytest
from django.urls import reverse

from gemeenten.models import Gemeente

pytestmark = pytest.mark.django_db


def change_url(gemeente):
    return reverse("admin:gemeenten_gemeente_change", args=[gemeente.pk])


def test_an_officer_cannot_put_other_names_on_the_own_gemeente(
    client, officer_kerkrade, kerkrade
):
    client.force_login(officer_kerkrade)
    form = client.get(change_url(kerkrade)).content.decode()
    assert 'name="andere_namen"' not in form  # shown read-only, if at all
    response = client.post(
        change_url(kerkrade),
        {
            "andere_namen": "Heerlen, Maastricht",
            "intro": "Welkom in Kerkrade.",
            "feedback_email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    kerkrade.refresh_from_db()
    assert kerkrade.intro == "Welkom in Kerkrade."  # the own texts still save
    assert "Heerlen" not in kerkrade.andere_namen
    # The visitor searching for Heerlen does not get Kerkrade.
    html = client.get("/", {"q": "heerlen"}, follow=True).content.decode()
    assert "/gemeente/kerkrade/" not in html


def test_a_national_editor_edits_other_names(client, national_editor):
    den_bosch = Gemeente.objects.get(slug="s-hertogenbosch")
    client.force_login(national_editor)
    form = client.get(change_url(den_bosch)).content.decode()
    assert 'name="andere_namen"' in form


# --- a NUL character in an import (defect 7) ----------------------------------


@pytest.mark.parametrize(
    "url, rows",
    [
        (
            "admin:gemeenten_organisatie_import",
            [["naam", "beschrijving", "gemeenten"], ["Loket\x00", "Helpt.", "GM0928"]],
        ),
        (
            "admin:gemeenten_aanbod_import",
            [
                ["organisatie", "zorgpad", "omschrijving"],
                ["Loket", "wonen", "Helpt\x00 bij wonen."],
            ],
        ),
    ],
)
def test_a_nul_in_an_import_cell_is_refused_in_the_dry_run(
    client, officer_kerkrade, kerkrade, url, rows
):
    from .test_bulk import csv_file

    client.force_login(officer_kerkrade)
    response = client.post(reverse(url), {"bestand": csv_file(rows)})
    assert response.status_code == 200
    assert "payload" not in response.context  # no import button
    html = response.content.decode()
    assert "Regel 2" in html and "NUL" in html


# --- the admin's autocomplete (defect 7) ----------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        # A reverse relation: Django itself fails on it (AttributeError, 500).
        {"app_label": "gemeenten", "model_name": "organisatie", "field_name": "aanbod"},
        {
            "app_label": "gemeenten",
            "model_name": "gemeente",
            "field_name": "organisaties",
        },
        {"app_label": "gemeenten", "model_name": "zorgpad", "field_name": "aanbod"},
        {"app_label": "gemeenten", "model_name": "organisatie", "field_name": "naam"},
        {"app_label": "gemeenten", "model_name": "bestaat", "field_name": "x"},
        {"app_label": "auth", "model_name": "user", "field_name": "groups"},
        {"model_name": "organisatie"},
        {},
    ],
)
def test_the_admin_autocomplete_never_answers_500(client, officer_kerkrade, params):
    client.raise_request_exception = False
    client.force_login(officer_kerkrade)
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code in (400, 403, 404)


def test_the_admin_autocomplete_still_serves_its_widgets(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "gemeenten",
            "model_name": "organisatie",
            "field_name": "regios",
            "term": "",
        },
    )
    assert response.status_code == 200
    assert "results" in response.json()
