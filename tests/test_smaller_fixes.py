"""The review's smaller findings (issue 12, defect 8): the screening's CSRF
cookie lives only as long as the browser session, and a login with an unsafe
?next= lands in the back office."""

import pytest
from django.urls import reverse

from beheer.roles import BELEIDSMEDEWERKER

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_screening_sets_only_a_browser_session_cookie(client, kerkrade):
    response = client.get(
        reverse("screening:start", args=[kerkrade.slug]), {"stem": "client"}
    )
    cookie = response.cookies["csrftoken"]
    # No Max-Age or Expires: the browser forgets it when it closes.
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_login_with_an_unsafe_next_lands_in_the_back_office(client, kerkrade, next_url):
    make_user("alice", BELEIDSMEDEWERKER, [kerkrade])
    response = client.post(
        reverse("admin:login"),
        {"username": "alice", "password": "wachtwoord", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
