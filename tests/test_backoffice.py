"""The back office, tried from every way in as the officer of Kerkrade against
Heerlen's data (all must fail), plus verification and the officer's home."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from beheer.roles import BELEIDSMEDEWERKER
from gemeenten.models import (
    Aanbod,
    LokaalZorgpad,
    Melding,
    Organisatie,
    Regio,
    Zorgpad,
)

from .conftest import make_aanbod, make_gemeente, make_organisatie, make_user

pytestmark = pytest.mark.django_db

OLD = datetime.date(2020, 3, 1)


def url(name, *args):
    return reverse(f"admin:gemeenten_{name}", args=args)


@pytest.fixture
def heerlen_data(heerlen, zorgpad):
    org = make_organisatie(naam="Wijkteam Heerlen", gemeenten=[heerlen])
    return {
        "organisatie": org,
        "aanbod": make_aanbod(org, zorgpad),
        "lokaalzorgpad": LokaalZorgpad.objects.create(
            gemeente=heerlen, zorgpad=zorgpad, afspraken="Afspraken Heerlen"
        ),
        "melding": Melding.objects.create(
            gemeente=heerlen, zorgpad=zorgpad, organisatie=org, bericht="Heerlen fout"
        ),
    }


@pytest.fixture
def kerkrade_org(kerkrade, zorgpad):
    org = make_organisatie(
        naam="Wijkteam Kerkrade", gemeenten=[kerkrade], laatst_gecontroleerd=OLD
    )
    make_aanbod(org, zorgpad)
    return org


@pytest.fixture
def alice(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    return client


# --- isolation: every way in fails ------------------------------------------


@pytest.mark.parametrize("model", ["organisatie", "aanbod", "lokaalzorgpad", "melding"])
def test_other_gemeentes_rows_are_not_in_any_changelist(alice, heerlen_data, model):
    response = alice.get(url(f"{model}_changelist"))
    assert response.status_code == 200
    assert heerlen_data[model] not in response.context["cl"].result_list
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("model", ["organisatie", "aanbod", "lokaalzorgpad", "melding"])
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_other_gemeentes_rows_cannot_be_opened_by_id(alice, heerlen_data, model, view):
    obj = heerlen_data[model]
    response = alice.get(url(f"{model}_{view}", obj.pk))
    # The admin answers "does not exist" and sends the officer home.
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("model", ["organisatie", "aanbod", "lokaalzorgpad", "melding"])
def test_other_gemeentes_rows_cannot_be_deleted_or_changed(alice, heerlen_data, model):
    obj = heerlen_data[model]
    alice.post(url(f"{model}_delete", obj.pk), {"post": "yes"})
    # Posting a change: "does not exist", back to the officer's home.
    response = alice.post(url(f"{model}_change", obj.pk), {"bericht": "x", "naam": "x"})
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    # Bulk delete from the list, with the other gemeente's id smuggled in.
    alice.post(
        url(f"{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_autocomplete_and_search_reveal_nothing(alice, heerlen_data, kerkrade_org):
    """The admin's autocomplete endpoint answers for any relation whose target
    has search_fields, whether or not a form uses it: it must be scoped too."""

    def autocomplete(model, field, term):
        response = alice.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "gemeenten",
                "model_name": model,
                "field_name": field,
                "term": term,
            },
        )
        assert response.status_code == 200
        return [r["text"] for r in response.json()["results"]]

    assert autocomplete("aanbod", "organisatie", "Wijkteam") == ["Wijkteam Kerkrade"]
    assert autocomplete("aanbod", "organisatie", "Heerlen") == []
    assert autocomplete("organisatie", "gemeenten", "") == ["Kerkrade"]
    assert autocomplete("lokaalzorgpad", "gemeente", "Heerlen") == []
    assert autocomplete("organisatie", "regios", "") == []
    cl = alice.get(url("organisatie_changelist"), {"q": "Wijkteam"}).context["cl"]
    assert [o.naam for o in cl.result_list] == ["Wijkteam Kerkrade"]
    cl = alice.get(url("aanbod_changelist"), {"q": "Heerlen"}).context["cl"]
    assert cl.result_count == 0


def test_fk_dropdowns_offer_only_own_data(alice, kerkrade, kerkrade_org, heerlen_data):
    form = alice.get(url("aanbod_add")).context["adminform"].form
    assert list(form.fields["organisatie"].queryset) == [kerkrade_org]
    form = alice.get(url("lokaalzorgpad_add")).context["adminform"].form
    assert list(form.fields["gemeente"].queryset) == [kerkrade]
    form = alice.get(url("organisatie_add")).context["adminform"].form
    assert list(form.fields["gemeenten"].queryset) == [kerkrade]


def test_posting_another_gemeentes_ids_is_refused(
    alice, heerlen, zorgpad, heerlen_data
):
    other_pad = Zorgpad.objects.exclude(pk=zorgpad.pk).first()
    response = alice.post(
        url("aanbod_add"),
        {
            "organisatie": heerlen_data["organisatie"].pk,
            "zorgpad": other_pad.pk,
            "volgorde": 1,
        },
    )
    assert "organisatie" in response.context["adminform"].form.errors
    response = alice.post(
        url("lokaalzorgpad_add"),
        {"gemeente": heerlen.pk, "zorgpad": other_pad.pk},
    )
    assert "gemeente" in response.context["adminform"].form.errors
    response = alice.post(
        url("organisatie_add"),
        {
            "naam": "Sluiproute",
            "beschrijving": "x",
            "gemeenten": [heerlen.pk],
            "laatst_gecontroleerd": "2026-11-01",
            "aanbod-TOTAL_FORMS": "0",
            "aanbod-INITIAL_FORMS": "0",
        },
    )
    assert "gemeenten" in response.context["adminform"].form.errors
    assert not Aanbod.objects.filter(
        zorgpad=other_pad, organisatie=heerlen_data["organisatie"]
    ).exists()
    assert not Organisatie.objects.filter(naam="Sluiproute").exists()


def test_an_officer_must_keep_one_of_their_own_gemeenten(alice, kerkrade_org):
    """Else the organisation would vanish from the officer's own list; a
    national editor may leave it without gemeenten (national help)."""
    response = alice.post(
        url("organisatie_change", kerkrade_org.pk),
        {
            "naam": kerkrade_org.naam,
            "beschrijving": "x",
            "laatst_gecontroleerd": "2026-11-01",
            "aanbod-TOTAL_FORMS": "0",
            "aanbod-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["gemeenten"] == ["Kies minstens één van je gemeenten."]
    kerkrade_org.refresh_from_db()
    assert kerkrade_org.gemeenten.exists()


def test_other_gemeentes_rows_cannot_be_marked_verified(alice, heerlen_data):
    org = heerlen_data["organisatie"]
    response = alice.post(url("organisatie_gecontroleerd", org.pk))
    assert response.status_code == 403
    alice.post(
        url("organisatie_changelist"),
        {"action": "markeer_gecontroleerd", "_selected_action": [org.pk]},
    )
    org.refresh_from_db()
    assert org.laatst_gecontroleerd != timezone.localdate()


def test_user_without_assignment_sees_nothing_anywhere(client, heerlen_data):
    nobody = make_user("dave", BELEIDSMEDEWERKER)
    client.force_login(nobody)
    for model in ["organisatie", "aanbod", "lokaalzorgpad", "melding", "gemeente"]:
        response = client.get(url(f"{model}_changelist"))
        assert response.context["cl"].result_count == 0, model
    home = client.get(reverse("admin:index")).content.decode()
    assert "Heerlen" not in home


def test_staff_without_a_role_gets_no_back_office(client, heerlen_data, heerlen):
    # Staff, assigned to Heerlen, but in no group: no permissions, no data.
    user = make_user("erin", None, [heerlen])
    client.force_login(user)
    assert client.get(url("organisatie_changelist")).status_code == 403


# --- regions -----------------------------------------------------------------


@pytest.fixture
def regio_setup(zorgpad):
    regio = Regio.objects.create(naam="Westhoek", slug="westhoek")
    binnen = make_gemeente(naam="Binnendorp", regios=[regio])
    buiten = make_gemeente(naam="Buitendorp")
    regionaal = make_organisatie(naam="Regionale GGD Westhoek", regios=[regio])
    lokaal = make_organisatie(naam="Wijkteam Binnendorp", gemeenten=[binnen])
    elders = make_organisatie(naam="Wijkteam Buitendorp", gemeenten=[buiten])
    officer = make_user("regina", BELEIDSMEDEWERKER)
    regio.beheerders.add(officer)
    gemeente_officer = make_user("gert", BELEIDSMEDEWERKER, [binnen])
    return locals()


def test_region_officer_keeps_the_region_and_its_gemeenten(client, regio_setup):
    client.force_login(regio_setup["officer"])
    names = {
        o.naam
        for o in client.get(url("organisatie_changelist")).context["cl"].result_list
    }
    assert names == {"Regionale GGD Westhoek", "Wijkteam Binnendorp"}
    form = (
        client.get(url("organisatie_change", regio_setup["regionaal"].pk))
        .context["adminform"]
        .form
    )
    assert list(form.fields["regios"].queryset) == [regio_setup["regio"]]
    assert list(form.fields["gemeenten"].queryset) == [regio_setup["binnen"]]


def test_gemeente_officer_does_not_edit_the_regional_organisation(client, regio_setup):
    """It shows in every gemeente of the region: only the region's officers
    (or the national editors) may change it."""
    client.force_login(regio_setup["gemeente_officer"])
    names = {
        o.naam
        for o in client.get(url("organisatie_changelist")).context["cl"].result_list
    }
    assert names == {"Wijkteam Binnendorp"}
    response = client.get(url("organisatie_change", regio_setup["regionaal"].pk))
    assert response.status_code == 302


def test_officers_do_not_see_who_else_is_an_officer(client, regio_setup):
    client.force_login(regio_setup["officer"])
    regio = regio_setup["regio"]
    form = client.get(url("regio_change", regio.pk)).context["adminform"].form
    assert "beheerders" not in form.fields


# --- verification ------------------------------------------------------------


def test_changelist_shows_when_each_organisation_was_verified(alice, kerkrade_org):
    html = alice.get(url("organisatie_changelist")).content.decode()
    assert "Laatst gecontroleerd" in html
    assert "1 maart 2020" in html


def test_one_click_marks_verified_today_and_leaves_history(
    alice, kerkrade_org, officer_kerkrade
):
    change = alice.get(url("organisatie_change", kerkrade_org.pk)).content.decode()
    button_url = url("organisatie_gecontroleerd", kerkrade_org.pk)
    assert f'action="{button_url}"' in change
    assert alice.get(button_url).status_code == 405  # a link cannot change data
    response = alice.post(button_url, follow=True)
    assert "gemarkeerd als gecontroleerd" in response.content.decode()
    kerkrade_org.refresh_from_db()
    assert kerkrade_org.laatst_gecontroleerd == timezone.localdate()
    entry = LogEntry.objects.get(object_id=str(kerkrade_org.pk))
    assert entry.user == officer_kerkrade
    assert "Gecontroleerd" in entry.get_change_message()
    history = alice.get(url("organisatie_history", kerkrade_org.pk)).content.decode()
    assert "Gecontroleerd" in history


def test_admin_action_marks_offers_verified(alice, kerkrade_org):
    aanbod = kerkrade_org.aanbod.get()
    before = aanbod.gewijzigd
    alice.post(
        url("aanbod_changelist"),
        {"action": "markeer_gecontroleerd", "_selected_action": [aanbod.pk]},
    )
    aanbod.refresh_from_db()
    assert aanbod.laatst_gecontroleerd == timezone.localdate()
    assert LogEntry.objects.filter(object_id=str(aanbod.pk)).exists()
    # Open-data reusers who sync with modified_after see the new date too.
    assert aanbod.gewijzigd > before


def test_home_lists_stale_and_unreachable_organisations_oldest_first(
    alice, kerkrade, heerlen_data
):
    today = timezone.localdate()
    make_organisatie(
        naam="Oud", gemeenten=[kerkrade], laatst_gecontroleerd=datetime.date(2019, 1, 1)
    )
    make_organisatie(naam="Ouder", gemeenten=[kerkrade], laatst_gecontroleerd=OLD)
    make_organisatie(naam="Vers", gemeenten=[kerkrade], laatst_gecontroleerd=today)
    make_organisatie(
        naam="Onbereikbaar",
        gemeenten=[kerkrade],
        telefoon="",
        email="",
        laatst_gecontroleerd=today,
    )
    Organisatie.objects.filter(pk=heerlen_data["organisatie"].pk).update(
        laatst_gecontroleerd=OLD, telefoon=""
    )
    zorgpad = Zorgpad.objects.first()
    vers = Organisatie.objects.get(naam="Vers")
    make_aanbod(vers, zorgpad, laatst_gecontroleerd=datetime.date(2020, 1, 1))
    make_aanbod(Organisatie.objects.get(naam="Oud"), zorgpad, laatst_gecontroleerd=OLD)
    wv = alice.get(reverse("admin:index")).context["wv"]
    assert [o.naam for o in wv["verouderd"].items] == ["Oud", "Ouder"]
    # Only the offer of a verified organisation: the other repeats "Oud".
    assert [a.organisatie.naam for a in wv["aanbod_verouderd"].items] == ["Vers"]
    assert [o.naam for o in wv["zonder_contact"].items] == ["Onbereikbaar"]
    html = alice.get(reverse("admin:index")).content.decode()
    assert html.index(">Oud<") < html.index(">Ouder<")
    assert "Wijkteam Heerlen" not in html
    # The normal list of models stays on the home page.
    assert url("organisatie_changelist") in html


def test_exactly_a_year_is_stale_a_day_less_is_not(kerkrade):
    today = datetime.date(2026, 11, 23)
    make_organisatie(
        naam="Jaar",
        gemeenten=[kerkrade],
        laatst_gecontroleerd=datetime.date(2025, 11, 23),
    )
    make_organisatie(
        naam="Bijna",
        gemeenten=[kerkrade],
        laatst_gecontroleerd=datetime.date(2025, 11, 24),
    )
    names = set(Organisatie.objects.verouderd(today).values_list("naam", flat=True))
    assert "Jaar" in names and "Bijna" not in names


# --- history -----------------------------------------------------------------


def test_history_says_which_contact_detail_changed_from_what_to_what(
    alice, kerkrade, kerkrade_org
):
    data = {
        "naam": kerkrade_org.naam,
        "beschrijving": kerkrade_org.beschrijving,
        "telefoon": "045-123 45 67",
        "gemeenten": [kerkrade.pk],
        "laatst_gecontroleerd": "2026-11-01",
        "gepubliceerd": "on",
        "aanbod-TOTAL_FORMS": "0",
        "aanbod-INITIAL_FORMS": "0",
    }
    old = kerkrade_org.telefoon
    response = alice.post(url("organisatie_change", kerkrade_org.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = alice.get(url("organisatie_history", kerkrade_org.pk)).content.decode()
    assert old in history and "045-123 45 67" in history
    assert "alice" in history


# --- query counts ------------------------------------------------------------

# Pinned; the closing note lists them. Same count for 1 and 20 rows per list.
# Each includes session, user, 2 x permissions, and 3 for renewing the
# session (SESSION_SAVE_EVERY_REQUEST: one UPDATE, inside a savepoint in tests).
CHANGELIST_QUERIES = {
    "organisatie": 13,  # + the officer's gemeente filter
    "aanbod": 13,
    "melding": 13,
    "lokaalzorgpad": 11,
    "gemeente": 10,
}


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("persona", ["officer_kerkrade", "national_editor"])
def test_changelist_query_counts_do_not_grow(
    client, request, persona, kerkrade, zorgpad, rows, django_assert_max_num_queries
):
    alice = client
    alice.force_login(request.getfixturevalue(persona))
    pads = list(Zorgpad.objects.all())
    for n in range(rows):
        org = make_organisatie(gemeenten=[kerkrade])
        make_aanbod(org, pads[n % len(pads)])
        Melding.objects.create(
            gemeente=kerkrade, zorgpad=zorgpad, organisatie=org, bericht=f"fout {n}"
        )
    for pad in pads[: min(rows, len(pads))]:
        LokaalZorgpad.objects.create(gemeente=kerkrade, zorgpad=pad)
    for model, limit in CHANGELIST_QUERIES.items():
        with django_assert_max_num_queries(limit):
            response = alice.get(url(f"{model}_changelist"))
        assert response.context["cl"].result_count >= 1, model
    # The home adds the completeness list (the officer's gemeenten, the
    # zorgpaden, the offers) and whether to link the coverage page.
    with django_assert_max_num_queries(17):
        alice.get(reverse("admin:index"))
