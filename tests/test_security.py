"""Security headers from the first page on, and nothing inline for the CSP."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/?q=berg",
    "/gemeente/kerkrade/",
    "/gemeente/kerkrade/wonen/",
    "/gemeente/kerkrade/veiligheid-thuis/",
    "/gemeente/onbekend/",
]


def csp_of(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_csp(client, url):
    response = client.get(url)
    csp = csp_of(response)
    assert csp["default-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    # No page of the public site uses a nonce (htmx loads as a plain script
    # from our origin), so none is announced: the pages can be cached.
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_have_no_inline_code_and_no_other_origins(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert "nonce" not in html
    assert "nonce" not in response["Content-Security-Policy"]
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag, tag
    # assets only from our own origin (links to other sites are fine)
    for src in re.findall(r'<(?:script|img|link)[^>]*(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src
    assert 'name="htmx-config"' in html and '"includeIndicatorStyles": false' in html


def test_admin_login_sends_the_csp_too(client):
    response = client.get("/beheer/login/")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert csp_of(response)["default-src"] == "'self'"
    # The admin's own inline scripts still carry a fresh nonce.
    assert csp_of(response)["script-src"].startswith("'self' 'nonce-")


def test_templates_contain_no_inline_styles_or_scripts():
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        assert " style=" not in text, path
        assert "<style" not in text, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path


def test_anonymous_visits_set_no_cookies(client):
    for url in PUBLIC_PAGES:
        assert not client.get(url).cookies, url


@pytest.mark.parametrize(
    "path",
    [
        "/gemeente/%00/",
        "/gemeente/kerkrade/mee/a%00b/",
        "/api/hsds/services?search=a%00b",
        "/api/hsds/services?zorgpad=a%00b",
        "/?q=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_clear_400(client, path):
    # PostgreSQL cannot store or compare NUL: this was a 500 there.
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json() == {"detail": "NUL is not allowed."}
        assert response["Access-Control-Allow-Origin"] == "*"
    else:
        assert "Dit adres klopt niet" in response.content.decode()
