"""Shared test set-up: reference data loaded once, personas and small builders."""

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no page-cache bookkeeping of an earlier one (its
    transaction, and the tokens it wrote, were rolled back)."""
    from zorgpad import cache

    cache._forget_pending()
    yield
    cache._forget_pending()


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


# --- queries -----------------------------------------------------------------


def queries_of(client, url, **kwargs):
    """(response, the page's own queries, the page cache's queries)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    cache, own = [], []
    for query in captured.captured_queries:
        sql = query["sql"]
        is_cache = "zorgpad_cache" in sql or "SAVEPOINT" in sql
        (cache if is_cache else own).append(sql)
    return response, own, cache


# --- Redis ---------------------------------------------------------------------


class RedisServer:
    """A throwaway Debian redis-server on a free loopback port, no disk."""

    def __init__(self):
        import shutil
        import socket

        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not shutil.which(binary):
            pytest.fail("redis-server is missing: apt-get install -y redis-server")
        self.binary = binary
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import socket
        import subprocess
        import time

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def redis_cache_settings(url):
    from django.conf import settings

    return {
        "default": {
            "BACKEND": "zorgpad.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            "KEY_PREFIX": "test",
        }
    } | {k: v for k, v in settings.CACHES.items() if k != "default"}
