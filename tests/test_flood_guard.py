"""Scripted POSTs cannot inflate the screening counts without limit: the
same kind of flood guard as the contact clicks, keyed by what is counted
(the gemeente), never by who; robots and scripts are not counted at all; the
dashboard says the counts are approximate under abuse (issue 12, defect 8c)."""

import pytest
from django.test import Client
from django.urls import reverse

from statistieken import counting
from statistieken.models import Soort, Telling
from statistieken.ratelimit import Limiter

from .test_screening import ZORGEN

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def last_section(client, gemeente):
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "client", "sectie": "8", "actie": "volgende"}
    return client.post(reverse("screening:start", args=[gemeente.slug]), data)


def screenings(gemeente):
    return sum(
        Telling.objects.filter(gemeente=gemeente, soort=Soort.SCREENING).values_list(
            "aantal", flat=True
        )
    )


def test_a_flood_of_screenings_is_counted_only_up_to_the_guard(
    kerkrade, heerlen, monkeypatch
):
    monkeypatch.setattr(counting, "screening_limiter", Limiter(3), raising=False)
    script = Client(headers={"User-Agent": BROWSER})
    for _ in range(5):
        response = last_section(script, kerkrade)
        assert response.status_code == 200  # the result is always shown
        assert "Uitslag" in response.content.decode()
    assert screenings(kerkrade) == 3
    # Per gemeente: another gemeente's midwives are not affected.
    last_section(script, heerlen)
    assert screenings(heerlen) == 1


@pytest.mark.parametrize("user_agent", ["", "python-requests/2.32", "curl/8.5.0"])
def test_scripts_are_not_counted_as_screenings(kerkrade, user_agent):
    response = last_section(Client(headers={"User-Agent": user_agent}), kerkrade)
    assert response.status_code == 200
    assert screenings(kerkrade) == 0


def test_the_dashboard_says_counts_are_approximate_under_abuse(
    client, officer_kerkrade
):
    client.force_login(officer_kerkrade)
    html = client.get(reverse("admin:statistieken_telling_changelist")).content.decode()
    assert "bij misbruik" in html
