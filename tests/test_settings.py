"""The production settings stand on their own: the tests run on
tests/settings.py, and nothing in zorgpad/settings.py notices a test run."""

import json
import os
import subprocess
import sys

from django.conf import settings


def production_settings(*names, **env):
    """The named production settings, read in a fresh process that has
    imported pytest first (as a test run has)."""
    code = (
        "import json, pytest; from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "zorgpad.settings",
            "DEBUG": "0",
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key_even_under_pytest():
    result = production_settings("SECRET_KEY")
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_what_the_tests_switch_off_stays_on_in_production():
    result = production_settings(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_PRELOAD",
        "PASSWORD_HASHERS",
        "STORAGES",
        "ZORGPAD_COUNTING_BUFFER",
        "MAILERS",
        SECRET_KEY="a-key-for-this-test-only",
    )
    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout)
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert "MD5" not in " ".join(production["PASSWORD_HASHERS"])
    assert "Manifest" in production["STORAGES"]["staticfiles"]["BACKEND"]
    assert production["ZORGPAD_COUNTING_BUFFER"] == 1
    assert production["MAILERS"]["default"]["BACKEND"].endswith("smtp.EmailBackend")
    # …while this run has them off.
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.ZORGPAD_COUNTING_BUFFER == 0
