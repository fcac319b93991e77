"""Error pages that help, also when the database is down: a static 500 in
the site's look, a 503 with Retry-After while the database is unreachable
(Dutch and English), and JSON errors with CORS for everything under
/api/hsds/ (issue 12, defect 5)."""

import contextlib

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # As a visitor meets it: the error page, not the exception; and with the
    # CSRF check a real POST meets.
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


@contextlib.contextmanager
def database_down(error=OperationalError):
    """Every query fails as it does while PostgreSQL restarts or is gone."""

    def refuse(execute, sql, params, many, context):
        raise error("connection to server at 127.0.0.1 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def assert_site_page(response):
    html = response.content.decode()
    assert "<!doctype html>" in html
    assert 'href="/static/css/zorgpad.css"' in html  # the site's look
    assert "0800-2000" in html  # help stays findable during an outage
    assert "Traceback" not in html and "Server Error (500)" not in html
    return html


def test_a_bug_shows_the_sites_own_500_page(client, monkeypatch):
    monkeypatch.setattr(
        "gemeenten.directory.zorgpaden_voor",
        lambda *a: (_ for _ in ()).throw(RuntimeError("a bug")),
    )
    response = client.get("/gemeente/kerkrade/")
    assert response.status_code == 500
    html = assert_site_page(response)
    assert '<html lang="nl"' in html and "Er ging iets mis" in html
    english = client.get("/en/gemeente/kerkrade/")
    assert english.status_code == 500
    assert '<html lang="en"' in english.content.decode()
    assert "Something went wrong" in english.content.decode()


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_error_pages_need_no_database(template):
    # Any query while rendering would raise here.
    with database_down():
        html = render_to_string(template)
    assert "0800-2000" in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    "path",
    ["/", "/gemeente/kerkrade/", "/gemeente/kerkrade/wonen/", "/?q=kerk"],
)
def test_database_down_is_a_503_with_retry_after(client, path, error):
    with database_down(error):
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = assert_site_page(response)
    assert '<html lang="nl"' in html
    assert "even niet bereikbaar" in html


def test_database_down_in_english(client):
    with database_down():
        response = client.get("/en/gemeente/kerkrade/")
    assert response.status_code == 503
    html = assert_site_page(response)
    assert '<html lang="en"' in html
    assert "temporarily unavailable" in html


def test_database_down_on_the_screening_post(client, kerkrade):
    with database_down():
        response = client.post("/gemeente/kerkrade/screening/", {"stem": "client"})
    # The CSRF check comes first, answered without the database (403 page)
    # or the screening itself needs the database (503); never a bare 500.
    assert response.status_code in (403, 503)


# --- the API answers in JSON, always ------------------------------------------


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/api/hsds/bestaat-niet", 404),
        ("get", "/api/hsds/services/bestaat-niet", 404),
        ("get", "/api/hsds/services?page=x", 400),
        ("post", "/api/hsds/services", 405),
        ("post", "/api/hsds/", 405),
        ("put", "/api/hsds/organizations", 405),
        ("delete", "/api/hsds/services", 405),
        ("options", "/api/hsds/services", 405),
        ("options", "/api/hsds/", 405),
        ("post", "/api/hsds/bestaat-niet", 404),
    ],
)
def test_api_errors_are_json_with_cors(client, method, path, status):
    response = getattr(client, method)(path)
    assert_json_error(response, status)
    if status == 405:
        assert "GET" in response["Allow"]


def test_api_bad_host_is_a_json_400(client):
    response = client.get("/api/hsds/services", HTTP_HOST="evil.example")
    assert_json_error(response, 400)


def test_api_bug_is_a_json_500(client, monkeypatch):
    monkeypatch.setattr(
        "opendata.hsds.root", lambda: (_ for _ in ()).throw(RuntimeError("a bug"))
    )
    assert_json_error(client.get("/api/hsds/"), 500)


def test_api_database_down_is_a_json_503(client):
    with database_down():
        response = client.get("/api/hsds/services")
    assert_json_error(response, 503)
    assert int(response["Retry-After"]) > 0


def test_api_success_keeps_cors(client):
    response = client.get("/api/hsds/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
