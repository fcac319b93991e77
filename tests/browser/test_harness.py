"""The browser guard itself: it must catch what it promises to catch.

Pages are served by Playwright from a made-up origin, so these tests need
neither the live server nor the database.
"""

import pytest

ORIGIN = "http://zorgpad.test"
CSP = "default-src 'self'"

PAGES = {
    "/inline-script": "<script>document.title = 'inline';</script>",
    "/uncaught": "<script src='/boom.js'></script>",
    "/boom.js": "throw new Error('boom');",
    "/console": "<script src='/log.js'></script>",
    "/log.js": "console.error('something broke');",
    "/third-party": "<img alt='' src='http://elsewhere.test/pixel.png'>",
    "/clean": "<p>Niets aan de hand.</p><script src='/log-info.js'></script>",
    "/log-info.js": "console.log('fine');",
}


@pytest.fixture
def fake_site(page, browser_guard):
    browser_guard.own_origins.add(ORIGIN)

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN)
        js = path.endswith(".js")
        body = PAGES[path]
        if not js:
            body = f"<!doctype html><html lang='nl'><title>t</title>{body}"
        route.fulfill(
            body=body,
            content_type="text/javascript" if js else "text/html",
            # Our CSP would block the third party before the guard sees it.
            headers={} if path == "/third-party" else {"Content-Security-Policy": CSP},
        )

    page.route(ORIGIN + "/**", serve)
    return page


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/inline-script", "CSP: script-src-elem blocked inline at"),
        ("/uncaught", "uncaught JavaScript error: boom"),
        ("/console", "console error: something broke"),
        ("/third-party", "third-party request: GET http://elsewhere.test/pixel.png"),
    ],
)
def test_guard_catches(fake_site, browser_guard, path, expected):
    fake_site.goto(ORIGIN + path)
    report = browser_guard.report()
    assert expected in report
    browser_guard.problems.clear()  # caught as intended: let the test pass


def test_guard_stays_quiet_on_a_clean_page(fake_site, browser_guard):
    fake_site.goto(ORIGIN + "/clean")
    assert browser_guard.report() == ""
