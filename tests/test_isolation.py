"""The review's isolation probes as a test: Heerlen's officer, logged in,
tries every admin model and the statistics against Kerkrade's data and sees
nothing of it, changes nothing of it.

Every model registered in the admin must appear below, either with a
Kerkrade-owned object to probe or as national data an officer has no rights
on; a new admin model fails this test until it is classified.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from gemeenten.models import Aanbod, LokaalZorgpad, Melding, Organisatie
from statistieken import counting
from statistieken.models import Soort

from .conftest import make_aanbod, make_organisatie

pytestmark = pytest.mark.django_db

SECRET = "KERKRADE-GEHEIM-7Q"

# Models without a gemeente: national content or accounts. An officer has no
# change rights on them (checked below), so they cannot reach Kerkrade's data.
NATIONAL = {
    "auth.group",
    "auth.user",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "gemeenten.regio",  # region officers only; Heerlen's officer keeps none
    "gemeenten.zorgpad",
    "screening.domein",
    "screening.vraag",
    "screening.optie",
    "redactie.verklaring",
    "redactie.taalversie",
}
# The dashboard: probed through its own page below.
DASHBOARD = "statistieken.telling"


@pytest.fixture
def kerkrade_data(kerkrade, zorgpad):
    kerkrade.intro = f"{SECRET} intro"
    kerkrade.feedback_email = "geheim@kerkrade.example"
    kerkrade.save()
    org = make_organisatie(naam=f"{SECRET} organisatie", gemeenten=[kerkrade])
    return {
        "gemeenten.gemeente": kerkrade,
        "gemeenten.organisatie": org,
        "gemeenten.aanbod": make_aanbod(org, zorgpad, omschrijving=f"{SECRET} aanbod"),
        "gemeenten.lokaalzorgpad": LokaalZorgpad.objects.create(
            gemeente=kerkrade, zorgpad=zorgpad, afspraken=f"{SECRET} afspraken"
        ),
        "gemeenten.melding": Melding.objects.create(
            gemeente=kerkrade, bericht=f"{SECRET} melding", email="ouder@x.nl"
        ),
    }


@pytest.fixture
def bob(client, officer_heerlen):
    client.force_login(officer_heerlen)
    return client


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def assert_nothing_shown(response, obj=None):
    html = response.content.decode()
    assert SECRET not in html
    assert "geheim@kerkrade.example" not in html
    if obj is not None:
        assert admin_url(obj, "change", obj.pk) not in html


def test_every_admin_model_is_classified():
    registered = {m._meta.label_lower for m in admin.site._registry}
    probed = {
        "gemeenten.gemeente",
        "gemeenten.organisatie",
        "gemeenten.aanbod",
        "gemeenten.lokaalzorgpad",
        "gemeenten.melding",
    }
    assert registered == probed | NATIONAL | {DASHBOARD}


@pytest.mark.parametrize(
    "label",
    [
        "gemeenten.gemeente",
        "gemeenten.organisatie",
        "gemeenten.aanbod",
        "gemeenten.lokaalzorgpad",
        "gemeenten.melding",
    ],
)
def test_heerlen_sees_and_changes_nothing_of_kerkrade(bob, kerkrade_data, label):
    obj = kerkrade_data[label]
    before = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields}
    # The list, also searched for the secret and for Kerkrade by name.
    # (A part of the secret: the page repeats the search term.)
    for query in ({}, {"q": SECRET[2:-2]}, {"q": "Kerkrade"}, {"gemeente": obj.pk}):
        response = bob.get(admin_url(obj, "changelist"), query)
        assert response.status_code in (200, 302, 403)
        assert_nothing_shown(response, obj)
    # Each page of the object itself.
    for view in ("change", "history", "delete"):
        response = bob.get(admin_url(obj, view, obj.pk), follow=True)
        assert_nothing_shown(response)
    # Writes: a change POST, a delete POST, the list's bulk actions.
    bob.post(admin_url(obj, "change", obj.pk), {"naam": "Overgenomen"})
    bob.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})
    for action in ("delete_selected", "markeer_gecontroleerd", "markeer_afgehandeld"):
        bob.post(
            admin_url(obj, "changelist"),
            {"action": action, "_selected_action": [obj.pk], "post": "yes"},
        )
    obj.refresh_from_db()
    assert {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields} == before


def test_heerlen_cannot_verify_kerkrades_objects(bob, kerkrade_data):
    for label in ("gemeenten.organisatie", "gemeenten.aanbod"):
        obj = kerkrade_data[label]
        response = bob.post(admin_url(obj, "gecontroleerd", obj.pk))
        assert response.status_code in (302, 403, 404)
        obj.refresh_from_db()
        assert obj.laatst_gecontroleerd != timezone.localdate()


@pytest.mark.parametrize("label", sorted(NATIONAL))
def test_national_models_give_heerlen_no_rights(bob, kerkrade_data, label):
    from django.apps import apps

    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    request = bob.get(reverse("admin:index")).wsgi_request
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    if label == "gemeenten.regio":
        assert not model_admin.get_queryset(request).exists()


def test_heerlens_imports_and_exports_hold_nothing_of_kerkrade(bob, kerkrade_data):
    org = kerkrade_data["gemeenten.organisatie"]
    aanbod = kerkrade_data["gemeenten.aanbod"]
    for obj in (org, aanbod):
        for fmt in ("csv", "xlsx"):
            response = bob.post(
                admin_url(obj, "changelist"),
                {"action": f"exporteer_{fmt}", "_selected_action": [obj.pk]},
            )
            assert SECRET.encode() not in response.content
    assert Organisatie.objects.get(pk=org.pk).naam.startswith(SECRET)
    assert Aanbod.objects.filter(pk=aanbod.pk).exists()


def test_heerlen_cannot_read_kerkrades_statistics(bob, kerkrade, zorgpad):
    counting.record(Soort.PAD, kerkrade, zorgpad, moment=timezone.now())
    url = reverse("admin:statistieken_telling_changelist")
    month = f"{datetime.date.today():%Y-%m}"
    for gebied in ("kerkrade", "nl", "regio:zuid-limburg", "gemeente:kerkrade"):
        for fmt in ({}, {"formaat": "csv"}):
            response = bob.get(
                url, {"gebied": gebied, "van": month, "tot": month, **fmt}
            )
            # Refused as a choice that does not exist: no figures, no CSV.
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")
            assert response.context["dashboard"] is None
    # Heerlen's own scope is the only one offered.
    html = bob.get(url).content.decode()
    assert 'value="heerlen"' in html
    assert 'value="kerkrade"' not in html and 'value="nl"' not in html
