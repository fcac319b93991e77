"""National editors keep the questionnaire; officers cannot change it."""

import pytest
from django.urls import reverse

from screening.models import Optie, Signaal, Vraag

pytestmark = pytest.mark.django_db


def test_national_editor_edits_a_question_in_both_voices(client, national_editor):
    client.force_login(national_editor)
    vraag = Vraag.objects.get(code="veilig-thuis")
    change = reverse("admin:screening_vraag_change", args=[vraag.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert "Heeft uw cliënt" in page.content.decode()  # the help text for editors
    opties = list(vraag.opties.all())
    data = {
        "domein": vraag.domein_id,
        "code": vraag.code,
        "tekst_professional_nl": "Voelt uw cliënt zich thuis veilig?",
        "tekst_client_nl": "Voelt u zich thuis veilig?",
        "tekst_professional_en": "Does your client feel safe at home?",
        "tekst_client_en": "",  # not translated yet: Dutch is shown instead
        "volgorde": vraag.volgorde,
        "opties-TOTAL_FORMS": len(opties),
        "opties-INITIAL_FORMS": len(opties),
        "opties-MIN_NUM_FORMS": 0,
        "opties-MAX_NUM_FORMS": 1000,
    }
    for i, optie in enumerate(opties):
        data |= {
            f"opties-{i}-id": optie.pk,
            f"opties-{i}-vraag": vraag.pk,
            f"opties-{i}-code": optie.code,
            f"opties-{i}-label_professional_nl": optie.label_professional,
            f"opties-{i}-label_client_nl": optie.label_client,
            f"opties-{i}-volgorde": optie.volgorde,
        }
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    vraag.refresh_from_db()
    assert vraag.tekst_client == "Voelt u zich thuis veilig?"
    assert vraag.tekst_professional_en == "Does your client feel safe at home?"

    # The midwife's next screening uses the new wording at once.
    client.logout()
    html = "".join(
        client.post(
            reverse("screening:start", args=["kerkrade"]),
            {"stem": "client", "sectie": str(i - 1), "actie": "volgende"},
        ).content.decode()
        for i in range(1, 10)
    )
    assert "Voelt u zich thuis veilig?" in html


def test_national_editor_sets_what_an_option_signals(client, national_editor):
    client.force_login(national_editor)
    optie = Optie.objects.get(vraag__code="veilig-thuis", code="nee")
    response = client.get(reverse("admin:screening_optie_change", args=[optie.pk]))
    assert response.status_code == 200
    assert "Voelt zich thuis niet veilig" in response.content.decode()
    assert Signaal.objects.filter(optie=optie).exists()


def test_officers_cannot_change_the_questionnaire(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    vraag = Vraag.objects.first()
    assert client.get(reverse("admin:screening_vraag_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:screening_vraag_change", args=[vraag.pk])).status_code
        == 403
    )
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:screening_vraag_changelist") not in index
