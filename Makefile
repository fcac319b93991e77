# Zorgpad — developer commands. `make run` starts the demo site on
# http://127.0.0.1:8000/, `make test` runs every test (real Chromium included).
# Both are safe to repeat and quick the second time.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Written after a successful install; newer requirements files reinstall.
STAMP := $(VENV)/.requirements-installed
CHROMIUM := /usr/bin/chromium
PYTEST_ARGS ?=
# Worker processes for `make test-fast` (pytest-xdist); 0 runs the tests in
# one process. Each worker builds its own test database with the reference
# data first; measured in README.md (Tests).
TEST_WORKERS ?= 0

.PHONY: help venv chromium gettext redis messages run serve test test-fast lint format bench bench-stats bench-dekking scale-demo

help:
	@echo "make run      start the demo site on http://127.0.0.1:8000/"
	@echo "make serve    the same demo under gunicorn (production server, gunicorn.conf.py)"
	@echo "make scale-demo  PostgreSQL, Redis, two app servers and HAProxy under load (~2 min)"
	@echo "make test     run all tests (PYTEST_ARGS=\"-m browser\" for the browser tests)"
	@echo "make test-fast  all tests but the browser ones (TEST_WORKERS=2: in parallel)"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make bench    page throughput under gunicorn (needs Debian's wrk)"
	@echo "make bench-stats  cost of usage counting; dashboard at national scale (PostgreSQL)"
	@echo "make bench-dekking  the coverage page with 342 x 30 organisations (PostgreSQL)"
	@echo "make venv     create .venv and install requirements-dev.txt"
	@echo "make chromium install Debian's chromium if it is missing"
	@echo "make messages update locale/* after changing texts (then translate the .po files)"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || python3.12 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Playwright drives Debian's chromium; never `playwright install`.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=; \
		elif command -v sudo >/dev/null; then sudo=sudo; \
		else echo "$(CHROMIUM) is missing; install the chromium package as root." >&2; exit 1; fi; \
		$$sudo apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# The local demo: production settings (DEBUG off, whitenoise, manifest static
# files) on plain HTTP. This key is public and only fit for 127.0.0.1.
run: export DEBUG := 0
run: export ZORGPAD_DEMO := 1
run: export SECRET_KEY := local-demo-only-not-a-secret-zorgpad-make-run-0000000000
run: export SECURE_SSL_REDIRECT := 0
run: export SECURE_COOKIES := 0
run: export SECURE_HSTS_SECONDS := 0
run: venv
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The demo under the production server: gunicorn with gunicorn.conf.py
# (REDIS_URL, DATABASE_URL and BIND from the environment, as in production).
serve: export DEBUG := 0
serve: export ZORGPAD_DEMO := 1
serve: export SECRET_KEY := local-demo-only-not-a-secret-zorgpad-make-run-0000000000
serve: export SECURE_SSL_REDIRECT := 0
serve: export SECURE_COOKIES := 0
serve: export SECURE_HSTS_SECONDS := 0
serve: venv
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py load_demo
	$(VENV)/bin/gunicorn -c gunicorn.conf.py zorgpad.wsgi

# xgettext and msgfmt, for `make messages` and the catalogue tests.
gettext:
	@if ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	fi

# Collect the marked strings into locale/<lang>/LC_MESSAGES/django.po and
# compile the .mo files (all committed, so `make run` needs no gettext).
# English gets every string; the languages newcomers speak get what a parent
# reads, without the back-office sources listed in locale/alleen-nl-en.txt.
PARENT_LANGUAGES := ar tr pl uk
NOT_SOURCES := -i ".venv/*" -i "bench/*" -i "tests/*"
BACKOFFICE := $(foreach p,$(shell grep -v '^\#' locale/alleen-nl-en.txt),-i "$(p)")

messages: venv gettext
	DEBUG=1 $(PY) manage.py makemessages -l en --no-obsolete $(NOT_SOURCES) -v0
	DEBUG=1 $(PY) manage.py makemessages $(foreach l,$(PARENT_LANGUAGES),-l $(l)) \
		--no-obsolete $(NOT_SOURCES) $(BACKOFFICE) -v0
	for lang in en $(PARENT_LANGUAGES); do \
		msgfmt -o locale/$$lang/LC_MESSAGES/django.mo locale/$$lang/LC_MESSAGES/django.po; \
	done

# The page-cache tests start their own Debian redis-server on a free port.
redis:
	@if ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

# Everything, real-browser tests included: what CI runs.
test: venv chromium gettext redis
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Everything but the real-browser tests: no Chromium needed.
test-fast: venv gettext
	$(VENV)/bin/pytest -m "not browser" -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Throughput of the public pages under gunicorn with DEBUG off (bench/pages.py).
bench: venv
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
	$(PY) bench/pages.py

# PostgreSQL, Redis, two gunicorn app servers and HAProxy on loopback, under
# load while an officer edits, one server stops and PostgreSQL restarts
# (bench/scale_demo.py, HAProxy with deploy/haproxy.cfg). Installs the Debian
# packages it needs.
scale-demo: venv
	@missing=; for p in wrk haproxy redis-server; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	test -x /usr/lib/postgresql/15/bin/initdb || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	$(PY) bench/scale_demo.py

# Usage counting on versus off, and the statistics dashboard with two years of
# national data, on a throwaway PostgreSQL cluster (bench/stats.py).
bench-stats: venv
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
	@test -x /usr/lib/postgresql/15/bin/initdb || apt-get install -y -qq postgresql >/dev/null
	$(PY) bench/stats.py

# The back office's coverage page at national fill: 342 gemeenten x 30
# organisations, on a throwaway PostgreSQL cluster (bench/dekking.py).
bench-dekking: venv
	@test -x /usr/lib/postgresql/15/bin/initdb || apt-get install -y -qq postgresql >/dev/null
	$(PY) bench/dekking.py
