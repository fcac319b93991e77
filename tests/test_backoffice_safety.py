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
