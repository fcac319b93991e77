"""The error-report form with production mail settings: a mail server that is
missing, refuses or is misconfigured never costs the visitor a page, the
report or its count (issue 12, defect 1)."""

import json
import logging
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from gemeenten.models import Melding
from statistieken.models import Soort, Telling

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def closed_port():
    """A local port nobody listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_mail_settings(**environ):
    """MAILERS and DEFAULT_FROM_EMAIL as zorgpad/settings.py builds them in
    production (DEBUG off, outside the tests) from this environment."""
    code = (
        "import json, zorgpad.settings as s; "
        "print(json.dumps({'MAILERS': s.MAILERS, "
        "'DEFAULT_FROM_EMAIL': getattr(s, 'DEFAULT_FROM_EMAIL', None)}))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        **environ,
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


@pytest.fixture
def kerkrade_mails(kerkrade):
    kerkrade.feedback_email = "zorgpad@kerkrade.example"
    kerkrade.save()
    return kerkrade


@pytest.fixture
def post_report(client, django_capture_on_commit_callbacks):
    def post(gemeente, slug="wonen"):
        # The e-mail goes after the commit; run those callbacks as a real
        # commit would.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("gemeenten:melding", args=[gemeente.slug, slug]),
                {"bericht": "Het nummer is afgesloten.", "email": ""},
                **ORIGIN,
            )

    return post


def assert_stored_counted_and_logged(response, gemeente, caplog):
    assert response.status_code == 302
    assert response["Location"].endswith("?melding=verzonden#melding")
    assert Melding.objects.filter(gemeente=gemeente).count() == 1
    (telling,) = Telling.objects.filter(soort=Soort.MELDING, gemeente=gemeente)
    assert telling.aantal == 1
    assert any(
        r.levelno == logging.ERROR and "Could not e-mail report" in r.getMessage()
        for r in caplog.records
    )


def test_production_mail_settings_come_from_the_environment():
    port = closed_port()
    config = production_mail_settings(
        EMAIL_HOST="smtp.gemeente.example",
        EMAIL_PORT=str(port),
        EMAIL_HOST_USER="zorgpad",
        EMAIL_HOST_PASSWORD="geheim",
        EMAIL_USE_TLS="1",
        EMAIL_TIMEOUT="3",
        DEFAULT_FROM_EMAIL="Zorgpad <noreply@zorgpad.example>",
    )
    default = config["MAILERS"]["default"]
    assert default["BACKEND"] == SMTP
    assert default["OPTIONS"] == {
        "host": "smtp.gemeente.example",
        "port": port,
        "username": "zorgpad",
        "password": "geheim",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 3.0,
    }
    assert config["DEFAULT_FROM_EMAIL"] == "Zorgpad <noreply@zorgpad.example>"


def test_report_form_with_production_mail_settings_and_an_unreachable_server(
    post_report, kerkrade_mails, settings, caplog
):
    config = production_mail_settings(
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(closed_port())
    )
    settings.MAILERS = config["MAILERS"]
    response = post_report(kerkrade_mails)
    assert_stored_counted_and_logged(response, kerkrade_mails, caplog)


def test_report_form_with_production_mail_settings_and_no_host_set(
    post_report, kerkrade_mails, settings, caplog
):
    # Production without any EMAIL_* variable (this was a 500: SMTP without
    # a host). Only the port is moved, so no real local mail server answers.
    settings.MAILERS = production_mail_settings()["MAILERS"]
    settings.MAILERS["default"].setdefault("OPTIONS", {})["port"] = closed_port()
    response = post_report(kerkrade_mails)
    assert_stored_counted_and_logged(response, kerkrade_mails, caplog)


def test_a_misconfigured_mailer_never_reaches_the_visitor(
    post_report, kerkrade_mails, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": SMTP}}  # no host: InvalidMailer
    response = post_report(kerkrade_mails)
    assert_stored_counted_and_logged(response, kerkrade_mails, caplog)
