"""Shared test set-up: reference data loaded once, personas and small builders."""

import datetime
import itertools

import pytest
from django.core.management import call_command

from gemeenten.models import Aanbod, Gemeente, Organisatie, Regio, Zorgpad

_seq = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real reference data (342 gemeenten, national zorgpaden and
    organisations), loaded once; each test runs in a transaction on top."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def dutch():
    """Each test starts in Dutch: a request under /en/ leaves English active
    in this thread, which would change what reverse() returns afterwards."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


# --- builders -------------------------------------------------------------


def make_regio(**fields):
    n = next(_seq)
    fields.setdefault("naam", f"Testregio {n}")
    fields.setdefault("slug", f"testregio-{n}")
    return Regio.objects.create(**fields)


def make_gemeente(**fields):
    n = next(_seq)
    fields.setdefault("naam", f"Testgemeente {n}")
    fields.setdefault("slug", f"testgemeente-{n}")
    fields.setdefault("cbs_code", f"GT{n:04d}")
    fields.setdefault("provincie", "Limburg")
    regios = fields.pop("regios", [])
    gemeente = Gemeente.objects.create(**fields)
    gemeente.regios.set(regios)
    return gemeente


def make_zorgpad(**fields):
    n = next(_seq)
    fields.setdefault("titel", f"Testpad {n}")
    fields.setdefault("slug", f"testpad-{n}")
    fields.setdefault("samenvatting", "Een testpad.")
    fields.setdefault("doel", "Het landelijke doel.")
    fields.setdefault("stappen", "Landelijke stap een\nLandelijke stap twee")
    return Zorgpad.objects.create(**fields)


def make_organisatie(gemeenten=(), regios=(), **fields):
    n = next(_seq)
    fields.setdefault("naam", f"Organisatie {n}")
    fields.setdefault("beschrijving", f"Beschrijving van organisatie {n}.")
    fields.setdefault("telefoon", f"012-345 {n:04d}")
    fields.setdefault("laatst_gecontroleerd", datetime.date(2026, 1, 15))
    org = Organisatie.objects.create(**fields)
    org.gemeenten.set(gemeenten)
    org.regios.set(regios)
    return org


def make_aanbod(organisatie, zorgpad, **fields):
    return Aanbod.objects.create(organisatie=organisatie, zorgpad=zorgpad, **fields)


def admin_form_data(page):
    """What the admin change form would submit unchanged, inlines included."""
    data = {}
    for form in [page.context["adminform"].form] + [
        f for formset in page.context["inline_admin_formsets"] for f in formset.formset
    ]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if hasattr(value, "pk"):
                value = value.pk
            data[form.add_prefix(name)] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
    return data


# --- personas and places ----------------------------------------------------


@pytest.fixture
def kerkrade(db):
    return Gemeente.objects.get(slug="kerkrade")


@pytest.fixture
def heerlen(db):
    return Gemeente.objects.get(slug="heerlen")


@pytest.fixture
def zorgpad(db):
    return Zorgpad.objects.get(slug="geldzorgen-en-schulden")


def make_user(username, role=None, gemeenten=()):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="wachtwoord", is_staff=True)
    if role:
        user.groups.set([Group.objects.get(name=role)])
    user.beheerde_gemeenten.set(gemeenten)
    return user


@pytest.fixture
def officer_kerkrade(kerkrade):
    from beheer.roles import BELEIDSMEDEWERKER

    return make_user("alice", BELEIDSMEDEWERKER, [kerkrade])


@pytest.fixture
def officer_heerlen(heerlen):
    from beheer.roles import BELEIDSMEDEWERKER

    return make_user("bob", BELEIDSMEDEWERKER, [heerlen])


@pytest.fixture
def national_editor(db):
    from beheer.roles import LANDELIJKE_REDACTIE

    return make_user("charlie", LANDELIJKE_REDACTIE)
