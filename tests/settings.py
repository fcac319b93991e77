"""Settings for the tests: the production settings, with what a test run needs
on top (pytest uses this module, see pyproject.toml).

Only what tests must not pay for or cannot have differs: a fast password
hash, static files straight from the source folders, a throwaway secret key,
counts written at once, plain HTTP, and SQLite in a file of its own.
"""

import os
import tempfile
from pathlib import Path

# Production refuses to start without a key when DEBUG is off; tests need no
# secret. Set before the import so that check still guards production.
os.environ.setdefault("SECRET_KEY", "insecure-key-for-the-tests-only-" + "x" * 20)

from zorgpad.settings import *  # noqa: E402, F403
from zorgpad.settings import DATABASES, MAILERS, STORAGES  # noqa: E402

# A deliberately weak hash: every test user's password is hashed at creation.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files from the source folders: no collectstatic, no manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every count is written at once, so a test can read it straight after the
# request; the tests that exercise the buffer set their own value.
ZORGPAD_COUNTING_BUFFER = 0

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_PRELOAD = False

# Never SMTP; Django's test set-up replaces this with its outbox anyway.
MAILERS = {
    **MAILERS,
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's in-memory test database: the concurrency test
    # writes from several threads, each with its own connection, which an
    # in-memory database (shared cache, table locks) cannot serve. One file
    # per process, so parallel runs (and pytest-xdist's workers, which
    # pytest-django also gives a suffix) never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"zorgpad-test-{os.getpid()}.db")
    }
