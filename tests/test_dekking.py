"""The coverage page for national editors and region officers (issue 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from beheer import dekking
from beheer.roles import BELEIDSMEDEWERKER
from gemeenten.models import Gemeente, LokaalZorgpad, Melding, Regio, Zorgpad

from .conftest import make_aanbod, make_organisatie, make_user

pytestmark = pytest.mark.django_db

URL = "/beheer/dekking/"
TODAY = datetime.date.today()
RECENT = TODAY - datetime.timedelta(days=30)
OLD = TODAY - datetime.timedelta(days=500)


@pytest.fixture
def zuid_limburg(db):
    return Regio.objects.get(slug="zuid-limburg")


@pytest.fixture
def region_officer(zuid_limburg):
    user = make_user("dora", BELEIDSMEDEWERKER)
    zuid_limburg.beheerders.add(user)
    return user


def cover(gemeente, n, verified=RECENT, regios=()):
    """Give `gemeente` a local organisation for each of the first n zorgpaden."""
    for pad in Zorgpad.objects.all()[:n]:
        org = make_organisatie(
            gemeenten=[gemeente] if not regios else [],
            regios=regios,
            laatst_gecontroleerd=verified,
        )
        make_aanbod(org, pad)


def row(response, naam):
    return next(r for r in response.context["rijen"] if r.gemeente.naam == naam)


def test_national_editor_sees_every_gemeente_with_its_figures(
    client, national_editor, kerkrade, heerlen, zuid_limburg
):
    cover(kerkrade, 12)
    cover(kerkrade, 1, verified=OLD)  # same first zorgpad: still 12 zorgpaden
    cover(heerlen, 2, regios=[zuid_limburg])  # regional: every member counts it
    make_organisatie(gemeenten=[kerkrade], gepubliceerd=False)  # not counted
    Melding.objects.create(gemeente=kerkrade, bericht="Nummer klopt niet")
    kerkrade.beheerders.add(make_user("eve", BELEIDSMEDEWERKER))
    client.force_login(national_editor)

    response = client.get(URL)

    assert response.status_code == 200
    assert len(response.context["rijen"]) == 342
    k = row(response, "Kerkrade")
    # 12 local, plus the 2 regional ones of Zuid-Limburg (for zorgpaden 1-2).
    assert (k.paden, k.organisaties, k.gecontroleerd) == (12, 15, 14)
    assert k.aandeel == 93
    assert (k.meldingen, k.beheerder) == (1, "gemeente")
    assert k.gewijzigd is not None
    h = row(response, "Heerlen")
    assert (h.paden, h.organisaties, h.beheerder) == (2, 2, "")
    assert row(response, "Groningen").paden == 0
    html = response.content.decode()
    assert (
        "1 van de 342 gemeenten heeft voor minstens 12 van de 16 zorgpaden een "
        "lokaal of regionaal contact." in html
    )
    assert "Er staat 1 melding van bezoekers open." in html
    regio = next(
        c for c in response.context["dekking"].per_regio if c.naam == zuid_limburg.naam
    )
    assert (regio.goed, regio.zonder, regio.meldingen) == (1, 0, 1)


def test_summary_is_translated_as_whole_sentences():
    cijfers = dekking.Cijfers("x", gemeenten=342, goed=41, zonder=1)
    with translation.override("en"):
        zinnen = dekking.samenvatting(cijfers, 16, 12)
    assert zinnen[0] == (
        "41 of 342 gemeenten have a local or regional contact for at least 12 of "
        "the 16 zorgpaden."
    )
    assert zinnen[1].startswith("1 gemeente has no local or regional contact")


def test_filter_by_province_and_region_and_sort(
    client, national_editor, kerkrade, heerlen, zuid_limburg
):
    cover(heerlen, 3)
    cover(kerkrade, 1)
    client.force_login(national_editor)

    response = client.get(URL, {"regio": "zuid-limburg", "o": "-paden"})
    namen = [r.gemeente.naam for r in response.context["rijen"]]
    assert set(namen) == set(zuid_limburg.gemeenten.values_list("naam", flat=True))
    assert namen[:2] == ["Heerlen", "Kerkrade"]
    html = response.content.decode()
    assert 'aria-sort="descending"' in html

    response = client.get(URL, {"provincie": "Zeeland", "o": "naam"})
    provincies = {r.gemeente.provincie for r in response.context["rijen"]}
    assert provincies == {"Zeeland"}
    # Nonsense in the address: everything, sorted by name, no error.
    response = client.get(URL, {"provincie": "Atlantis", "o": "wachtwoord"})
    assert len(response.context["rijen"]) == 342


def test_csv_export_holds_the_summary_regions_and_gemeenten(
    client, national_editor, kerkrade
):
    cover(kerkrade, 12)
    client.force_login(national_editor)
    response = client.get(URL, {"provincie": "Limburg", "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.startswith("1 van de 342 gemeenten heeft")
    assert "GM0928;Kerkrade;Limburg;12/16;12;100%" in text
    assert "GM0014;Groningen" not in text  # filtered like the page


def test_region_officer_sees_only_the_gemeenten_of_the_region(
    client, region_officer, zuid_limburg
):
    client.force_login(region_officer)
    response = client.get(URL)
    assert response.status_code == 200
    namen = {r.gemeente.naam for r in response.context["rijen"]}
    assert namen == set(zuid_limburg.gemeenten.values_list("naam", flat=True))
    assert [c.naam for c in response.context["dekking"].per_regio] == [
        zuid_limburg.naam
    ]
    csv = client.get(URL, {"formaat": "csv"}).content.decode("utf-8-sig")
    assert "Groningen" not in csv
    # Their total is not the country's, and does not say it is.
    assert response.context["dekking"].land.naam == "Je regio's"
    assert "Heel Nederland" not in response.content.decode() + csv


@pytest.mark.parametrize("persona", ["officer_kerkrade", "nobody", "inactive"])
def test_everybody_else_is_refused(client, request, persona, zuid_limburg):
    if persona == "nobody":
        user = make_user("frank", BELEIDSMEDEWERKER)  # no gemeente, no region
    elif persona == "inactive":
        user = make_user("gina", BELEIDSMEDEWERKER)
        zuid_limburg.beheerders.add(user)
        user.user_permissions.clear()
        user.groups.clear()  # a region link, but no role: fail closed
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert client.get(URL, {"formaat": "csv"}).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_admin_home_links_the_page_only_for_those_who_may_see_it(
    client, national_editor, officer_kerkrade
):
    client.force_login(national_editor)
    assert URL in client.get(reverse("admin:index")).content.decode()
    client.force_login(officer_kerkrade)
    assert URL not in client.get(reverse("admin:index")).content.decode()


def test_local_text_counts_as_last_change(client, national_editor, heerlen, zorgpad):
    LokaalZorgpad.objects.create(gemeente=heerlen, zorgpad=zorgpad, afspraken="x")
    client.force_login(national_editor)
    assert row(client.get(URL), "Heerlen").gewijzigd is not None
    assert row(client.get(URL), "Kerkrade").gewijzigd is None


def test_merged_gemeenten_are_not_listed(client, national_editor, kerkrade, heerlen):
    Gemeente.objects.filter(pk=kerkrade.pk).update(
        opgegaan_in=heerlen, gepubliceerd=False
    )
    client.force_login(national_editor)
    namen = {r.gemeente.naam for r in client.get(URL).context["rijen"]}
    assert "Kerkrade" not in namen and "Heerlen" in namen


# Pinned: session, user, permissions and session renewal of every admin
# request, the region check, then the figures (zorgpaden, gemeenten, their
# regions, the regions, one aggregate over all organisations, local texts,
# reports, officers of gemeenten and of regions).
MAX_QUERIES = {"national_editor": 16, "region_officer": 18}


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("persona", ["national_editor", "region_officer"])
def test_query_count_does_not_grow_with_the_data(
    client, request, persona, scale, zuid_limburg, django_assert_max_num_queries
):
    pads = list(Zorgpad.objects.all())
    for gemeente in zuid_limburg.gemeenten.all()[:8]:
        for n in range(2 * scale):
            org = make_organisatie(gemeenten=[gemeente])
            make_aanbod(org, pads[n % len(pads)])
            Melding.objects.create(gemeente=gemeente, bericht="fout")
        gemeente.beheerders.add(make_user(f"u{gemeente.pk}-{scale}", BELEIDSMEDEWERKER))
        LokaalZorgpad.objects.create(gemeente=gemeente, zorgpad=pads[0])
    for n in range(scale):
        make_aanbod(make_organisatie(regios=[zuid_limburg]), pads[n % len(pads)])
    client.force_login(request.getfixturevalue(persona))
    for params in ({"formaat": "csv"}, {}):
        with django_assert_max_num_queries(MAX_QUERIES[persona]):
            response = client.get(URL, params)
        assert response.status_code == 200
    assert max(r.paden for r in response.context["rijen"]) == min(2 * scale, 16)
