"""One URL map owns /gemeente/<slug>/…: a zorgpad can never take the address
of another page of the gemeente, nor be shadowed by one."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import translation

from gemeenten import views as directory_views
from gemeenten.models import Zorgpad
from zorgpad.routes import GEMEENTE, gemeente_routes, reserved_zorgpad_slugs

from .conftest import make_zorgpad

pytestmark = pytest.mark.django_db

# A sample value for each converter, to turn a route into an address.
SAMPLES = {"str": "a+b", "slug": "iets", "int": "1", "lijstcode": "y"}


def address(route):
    """/gemeente/kerkrade/<route> with every <converter:name> filled in."""
    filled = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
    return "/" + GEMEENTE.replace("<slug:gemeente_slug>", "kerkrade") + filled


def test_the_reserved_slugs_come_from_the_url_map():
    assert reserved_zorgpad_slugs() == {
        "screening",
        "mee",
        "lijst",
        "open-data.json",
        "open-data.csv",
    }


@pytest.mark.parametrize("language,prefix", [("nl", ""), ("en", "/en")])
def test_every_fixed_route_reaches_its_own_view(language, prefix):
    """Not the zorgpad page: the fixed segments come first in the map."""
    fixed = [
        (route, pattern)
        for route, pattern in gemeente_routes()
        if route and not route.startswith("<")
    ]
    # screening/, screening/folder/, lijst/…, mee/… and the two open-data files
    assert len(fixed) == 6
    for route, pattern in fixed:
        if prefix and route.startswith("open-data"):
            continue  # open data has no language prefix
        with translation.override(language):
            match = resolve(prefix + address(route))
        assert match.func is pattern.callback, route
    # A take-home list whose paths read like "melding" is still a take-home list.
    assert resolve(address("mee/melding/")).view_name == "screening:mee"


def test_every_zorgpad_reaches_the_zorgpad_page():
    slugs = list(Zorgpad.objects.values_list("slug", flat=True))
    assert len(slugs) >= 10
    for slug in slugs:
        page = resolve(f"/gemeente/kerkrade/{slug}/")
        assert page.func is directory_views.zorgpad, slug
        assert page.kwargs == {"gemeente_slug": "kerkrade", "zorgpad_slug": slug}
        with translation.override("en"):
            report = resolve(f"/en/gemeente/kerkrade/{slug}/melding/")
        assert report.func is directory_views.melding, slug


@pytest.mark.parametrize("slug", sorted(reserved_zorgpad_slugs()))
def test_a_zorgpad_may_not_be_named_after_a_fixed_route(slug):
    with pytest.raises(ValidationError) as refused:
        Zorgpad(
            titel="x", slug=slug, samenvatting="x", doel="x", stappen="x"
        ).full_clean()
    assert "al in gebruik" in str(refused.value.message_dict["slug"])


def test_an_ordinary_zorgpad_slug_is_fine():
    make_zorgpad(slug="melding").full_clean()


@pytest.mark.parametrize("slug", ["screening", "mee"])
def test_the_admin_refuses_a_zorgpad_named_after_a_fixed_route(
    client, national_editor, slug
):
    client.force_login(national_editor)
    response = client.post(
        reverse("admin:gemeenten_zorgpad_add"),
        {
            "titel": slug.title(),
            "slug": slug,
            "samenvatting": "x",
            "doel": "x",
            "stappen": "x",
            "urgentie": 3,
            "volgorde": 1,
        },
    )
    assert response.status_code == 200
    assert "al in gebruik" in str(response.context["adminform"].form.errors["slug"])
    assert not Zorgpad.objects.filter(slug=slug).exists()


def test_the_names_other_code_reverses_are_kept():
    assert reverse("gemeenten:home") == "/"
    assert reverse("gemeenten:gemeente", args=["kerkrade"]) == "/gemeente/kerkrade/"
    assert reverse("gemeenten:zorgpad", args=["kerkrade", "wonen"]) == (
        "/gemeente/kerkrade/wonen/"
    )
    assert reverse("gemeenten:melding", args=["kerkrade", "wonen"]) == (
        "/gemeente/kerkrade/wonen/melding/"
    )
    assert reverse("screening:start", args=["kerkrade"]) == (
        "/gemeente/kerkrade/screening/"
    )
    assert reverse("screening:mee", args=["kerkrade", "a+b"]) == (
        "/gemeente/kerkrade/mee/a+b/"
    )
    assert reverse("opendata:gemeente_json", args=["kerkrade"]) == (
        "/gemeente/kerkrade/open-data.json"
    )
    assert reverse("opendata:gemeente_csv", args=["kerkrade"]) == (
        "/gemeente/kerkrade/open-data.csv"
    )
