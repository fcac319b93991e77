"""
Settings for Zorgpad, read from the environment (12-factor).

DATABASE_URL (default: a SQLite file beside manage.py), SECRET_KEY (required
unless DEBUG is on), DEBUG, ALLOWED_HOSTS, ZORGPAD_DEMO, ZORGPAD_COUNTING,
ZORGPAD_COUNTING_BUFFER; mail: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT,
DEFAULT_FROM_EMAIL (see the README); ZORGPAD_PAGE_CACHE, REDIS_URL. The
tests run on tests/settings.py, which imports this module and overrides only
what a test run needs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    """Read a yes/no environment variable; anything unknown is an error."""
    value = os.environ.get(name, default)
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


DEBUG = envbool("DEBUG", "False")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1).")
    SECRET_KEY = "insecure-key-for-development-only-" + "x" * 20

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Shows the "demo data" banner on every page; `make run` turns it on.
ZORGPAD_DEMO = envbool("ZORGPAD_DEMO", "False")
# Anonymous usage counting (statistieken/counting.py); off only to measure
# what it costs (bench/stats.py).
ZORGPAD_COUNTING = envbool("ZORGPAD_COUNTING", "True")
# Seconds that counts wait in a process before they are written; a crash
# loses at most these. 0 writes every count at once (the tests do).
ZORGPAD_COUNTING_BUFFER = float(os.environ.get("ZORGPAD_COUNTING_BUFFER", "1"))
# Handled error reports are deleted this many months after handling by
# `manage.py purge_meldingen` (run it daily; README).
ZORGPAD_MELDINGEN_BEWAREN_MAANDEN = int(
    os.environ.get("ZORGPAD_MELDINGEN_BEWAREN_MAANDEN", 6)
)
# Public pages from the cache (zorgpad/cache.py); off only to measure what a
# page costs to render (bench/pages.py).
ZORGPAD_PAGE_CACHE = envbool("ZORGPAD_PAGE_CACHE", "True")
# Where "Snel weg" on sensitive pages leads: a neutral site (weather).
ZORGPAD_QUICK_EXIT_URL = os.environ.get(
    "ZORGPAD_QUICK_EXIT_URL", "https://www.weeronline.nl/"
)

INSTALLED_APPS = [
    # English (and later) versions of the national texts; before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gemeenten",
    "beheer",
    "screening",
    "opendata",
    "statistieken",
    "redactie",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages rendered per request (the screening): compressed with Django's
    # BREACH mitigation (random bytes in each gzip header; the CSRF token is
    # masked anew per response). Stored pages arrive compressed already
    # (zorgpad/cache.py), static files from whitenoise too: left alone.
    # Django's middleware at compression level 3 (zorgpad/middleware.py).
    "zorgpad.middleware.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Above everything that can fail: sees every error under /api/hsds/.
    "opendata.middleware.api_responses",
    "zorgpad.middleware.reject_nul_bytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A kept public page is served from here, without the rest (see there).
    "zorgpad.middleware.kept_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address only (/en/…): unprefixed is always
    # Dutch, whatever the browser asks, and no language cookie is needed.
    # Old addresses of renamed and merged gemeenten: only on a 404.
    "gemeenten.middleware.OudeAdressenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns its lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zorgpad.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gemeenten.context_processors.site",
                "redactie.context_processors.vertaling",
            ],
        },
    },
]

WSGI_APPLICATION = "zorgpad.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: without them PostgreSQL pages fall to ~80 req/s.
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: concurrent writers wait instead of failing
    # with "database is locked" (measured in shared/TOOLING.md).
    # Persistent connections here too (conn_max_age above): closing the last
    # connection after every request made SQLite checkpoint its WAL each
    # time, which cost a counted page view ~1 ms of CPU (bench/stats.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "MinimumLengthValidator"},
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]

# --- Back-office login safety (beheer/login.py) ---
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock that username for 15 minutes. Per username, not
# per address: we store no IP addresses (the callable returns none), and an
# attacker who rotates addresses is stopped all the same.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "beheer.login.no_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no log of every login with its browser
AXES_LOCKOUT_TEMPLATE = "admin/geblokkeerd.html"
AXES_VERBOSE = False
# axes.W006 wants 'ip_address' among the lockout parameters. We lock by
# username alone on purpose: no IP addresses are stored, and a username lock
# holds whatever address, browser or cookie an attacker rotates. The price: a
# stranger can keep a known username locked; its owner waits 15 minutes.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Only back-office users have a session (the public pages set no cookie):
# it ends after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
# Where a login ends when ?next= was missing or pointed off-site: the back
# office, not Django's /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "nl"
# Each language by its own name, as a language switch shows it.
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
# Languages newcomers speak, for what a parent reads: the public interface,
# the zorgpaden and the screening in the client's voice. The professional
# voice and the back office stay Dutch and English (the screening switches to
# the client's voice in these languages; the admin is Dutch, at /beheer/).
ZORGPAD_PARENT_LANGUAGES = ["ar", "tr", "pl", "uk"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content translations (modeltranslation): a missing English text shows the
# Dutch one, so a visitor never sees a hole.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy: our own origin only, no inline code; the few
# inline scripts (the admin's) carry a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# An expired screening form is shown again with its answers, not a bare 403.
CSRF_FAILURE_VIEW = "screening.views.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in hx-headers
# The screening's form needs a CSRF cookie; it lives only as long as the
# browser session, not Django's default year (README, privacy).
CSRF_COOKIE_AGE = None

if not DEBUG:
    # Behind TLS in production; the local demo (`make run`) serves plain
    # HTTP on 127.0.0.1 and switches these off, as tests/settings.py does.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    # Load balancers ask over plain HTTP inside the network (zorgpad/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "True")
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "True")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The shared cache: public pages with the version tokens that keep them fresh
# (zorgpad/cache.py), and the error-report rate limit. Every app process
# must see the same one, so an edit is seen on every server at once.
# - REDIS_URL set (production, several app servers): Redis through Django's
#   RedisCache, wrapped so that Redis being down means slower pages from the
#   database, never errors (zorgpad/cache_backends.py). Short socket
#   timeouts: a hung Redis costs at most a second, then it is left
#   alone for a second. Run it with `maxmemory` and `allkeys-lru`.
# - Otherwise (`make run`, tests): the database cache, which needs no server
#   (`manage.py createcachetable`); a cached page then costs one query for
#   its tokens and the page together. Its tokens are written in the same
#   transaction as the edit itself.
# The contact-click flood guard (statistieken/ratelimit.py) is per process
# on purpose: it runs on every click and must cost no round trip.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "zorgpad.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zorgpad",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zorgpad_cache",
            # Pages of every gemeente in two languages, not Django's 300.
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    }
# How many reverse proxies in front of the site add themselves to
# X-Forwarded-For. 0: the visitor's address is REMOTE_ADDR. Only used, hashed,
# for rate limits; never stored.
ZORGPAD_PROXY_HOPS = int(os.environ.get("ZORGPAD_PROXY_HOPS", 0))

# Mail: only the short notice to a gemeente's feedback address when a visitor
# sends an error report (gemeenten/meldingen.py), sent after the report is
# stored; a failure is logged and never reaches the visitor. Production sends
# through SMTP, configured here; without EMAIL_HOST it tries a local mail
# server (localhost:25), as Django always has. EMAIL_BACKEND overrides all.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", 0)) or None,  # None: by TLS/SSL
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", "False"),
        "use_ssl": envbool("EMAIL_USE_SSL", "False"),
        "timeout": float(os.environ.get("EMAIL_TIMEOUT", 5)),  # seconds
    }
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Zorgpad <noreply@zorgpad.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No log line names a take-home list (zorgpad/privatelog.py).
    "filters": {"hide_take_home": {"()": "zorgpad.privatelog.HideTakeHome"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["hide_take_home"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "WARNING"},
        # runserver's request lines (`make run`), filtered like the rest.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
