"""Screening answers are health data: after a completed screening they are
in no table, no session, no cookie and no log line; only anonymous counters
may change."""

import base64
import logging
import pickle

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .test_screening import FormReader, signalled, url

pytestmark = pytest.mark.django_db

# Answers and the reasons they produce, as they would look if stored.
ANSWERS = {"veilig-thuis": "nee", "rondkomen": "schulden", "woonplek": "onzeker"}
TRACES = [
    "veilig-thuis",
    "rondkomen",
    "woonplek",
    "onzeker",
    "Voelt zich thuis niet veilig",
    "Schulden of betalingsachterstanden",
    "Tijdelijke of onzekere woonplek",
]
# Tables that may change: anonymous counters (numbers, a day, a gemeente,
# a zorgpad), once the statistics work provides them.
COUNTER_TABLES = ("statistieken_",)
# The database cache (without REDIS_URL): what the screening keeps there,
# version tokens and each gemeente's contact blocks, holds nothing of a visitor.
CACHE_TABLE = settings.CACHES["default"].get("LOCATION")


def snapshot():
    """Every row of every table, as text."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def complete_screening(browser, gemeente):
    """Like a browser without JavaScript, CSRF checks on."""
    response = browser.get(url(gemeente), {"stem": "professional"})
    pages = [response]
    while form := FormReader(response.content.decode()).radios:
        data = FormReader(response.content.decode()).fields | {"actie": "volgende"}
        for name, options in form.items():
            data[name] = ANSWERS.get(name.removeprefix("v-"), options[0])
        response = browser.post(url(gemeente), data)
        assert response.status_code == 200
        pages.append(response)
    return pages


def test_a_completed_screening_leaves_no_trace_of_the_answers(kerkrade, caplog):
    caplog.set_level(logging.DEBUG)
    browser = Client(enforce_csrf_checks=True)
    before = snapshot()
    # The debug cursor logs every SQL statement with its parameters.
    with CaptureQueriesContext(connection) as queries:
        pages = complete_screening(browser, kerkrade)
    after = snapshot()

    result = pages[-1]
    assert signalled(result) == ["veiligheid-thuis", "geldzorgen-en-schulden", "wonen"]

    changed = {t for t in after if after[t] != before.get(t)} - {CACHE_TABLE}
    assert all(t.startswith(COUNTER_TABLES) for t in changed), changed
    for table in changed:
        for row in after[table]:
            assert not any(trace in row for trace in TRACES), (table, row)
    assert after.get("django_session", []) == []

    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    cookies = "\n".join(
        f"{m.key}={m.value}" for page in pages for m in page.cookies.values()
    ) + "\n".join(f"{k}={v.value}" for k, v in browser.cookies.items())
    for trace in TRACES:
        assert trace not in sql
        assert trace not in logged
        assert trace not in cookies
    assert set(browser.cookies) <= {"csrftoken"}
    for page in pages:
        assert page["Cache-Control"].startswith("max-age=0")
        assert "no-store" in page["Cache-Control"]


def cached_values():
    """Every entry of the database cache, unpickled, as text."""
    if CACHE_TABLE not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {CACHE_TABLE}")
        return [
            f"{key} {pickle.loads(base64.b64decode(value))!r}"
            for key, value in cursor.fetchall()
        ]


def test_no_cache_entry_holds_an_answer_or_a_reason(kerkrade, settings):
    from screening import questionnaire

    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    complete_screening(Client(enforce_csrf_checks=True), kerkrade)
    entries = cached_values()
    assert any("zp:contact" in entry for entry in entries)  # blocks were kept
    for entry in entries:
        assert not any(trace in entry for trace in TRACES), entry
    # The questionnaire this process keeps holds no visitor's choice.
    for _token, vragenlijst in questionnaire._gebouwd.values():
        for vraag in vragenlijst.vragen.values():
            assert not hasattr(vraag, "gekozen"), vraag.code
