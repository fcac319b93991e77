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
    for vragenlijst in questionnaire._gebouwd.values():
        for vraag in vragenlijst.vragen.values():
            assert not hasattr(vraag, "gekozen"), vraag.code


def assert_no_trace(before, after, queries, caplog, browser, pages, traces):
    # The page cache may change (its entries are checked for traces apart).
    changed = {t for t in after if after[t] != before.get(t)} - {CACHE_TABLE}
    assert all(t.startswith(COUNTER_TABLES) for t in changed), changed
    for table in changed:
        for row in after[table]:
            assert not any(trace in row for trace in traces), (table, row)
    assert after.get("django_session", []) == []
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    cookies = "\n".join(f"{k}={v.value}" for k, v in browser.cookies.items())
    for trace in traces:
        assert trace not in sql
        assert trace not in logged
        assert trace not in cookies
    for page in pages:
        assert "no-store" in page["Cache-Control"]


def test_the_fast_paths_and_the_note_for_the_record_leave_no_trace(kerkrade, caplog):
    """ "Geen zorgen", the progress list and the .txt note: answers still
    only in hidden fields; the note is made for the response, never kept."""
    caplog.set_level(logging.DEBUG)
    browser = Client(enforce_csrf_checks=True)
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        page = browser.get(url(kerkrade), {"stem": "professional"})
        pages = [page]
        for actie in ["geen-zorgen", "volgende", "naar-0", "naar-8", "volgende"]:
            data = FormReader(page.content.decode()).fields | {"actie": actie}
            if actie == "volgende":
                data |= {f"v-{code}": value for code, value in ANSWERS.items()}
            page = browser.post(url(kerkrade), data)
            assert page.status_code == 200, actie
            pages.append(page)
        assert signalled(page) == [
            "veiligheid-thuis",
            "geldzorgen-en-schulden",
            "wonen",
        ]
        data = FormReader(page.content.decode()).fields | {"actie": "dossier"}
        note = browser.post(url(kerkrade), data)
        pages.append(note)
    after = snapshot()
    assert "Voelt zich thuis niet veilig" in note.content.decode()
    assert_no_trace(before, after, queries, caplog, browser, pages, TRACES)
    for entry in cached_values():
        assert not any(trace in entry for trace in TRACES), entry


def test_a_topic_search_is_neither_kept_nor_counted(kerkrade, caplog):
    """What a parent types on the gemeente page stays out of the database,
    the logs, cookies and the address (it is a POST); nothing is counted."""
    caplog.set_level(logging.DEBUG)
    browser = Client(enforce_csrf_checks=True)
    words = ["slaan", "bang voor mijn partner", "geen verzekering"]
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        pages = [
            browser.post(kerkrade.get_absolute_url(), {"zorg": w}, **extra)
            for w in words
            for extra in ({}, {"HTTP_HX_REQUEST": "true"})
        ]
    after = snapshot()
    assert all(page.status_code == 200 for page in pages)
    changed = {t for t in after if after[t] != before.get(t)} - {CACHE_TABLE}
    assert not changed  # not even a counter
    assert not browser.cookies
    assert_no_trace(before, after, queries, caplog, browser, pages, words)
    for entry in cached_values():
        assert not any(word in entry for word in words), entry
