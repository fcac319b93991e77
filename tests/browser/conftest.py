"""Real-browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server.

Every page a test opens is watched by a `BrowserGuard`: a console error, an
uncaught exception, a Content-Security-Policy violation or a request to any
origin other than the live server fails the test. Third-party requests are
also blocked, so these tests never touch the real network. A test that leaves
the site on purpose (the quick exit) routes that origin to a local answer
and tells the guard with `browser_guard.allow(origin)`.

Fixtures for tests: `site` (the live server with reference and demo data; its
URL), `assert_accessible(page)` (axe-core, WCAG 2.1 A and AA) and
`browser_guard`.
"""

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

# The live server runs in a thread while Playwright's sync API keeps an event
# loop in this one; without this the ORM raises SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Chromium reports a blocked resource with a console message of its own; the
# listener below adds the directive and the blocked URL, also for CSP
# violations that the console does not show (e.g. in report-only mode).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile || e.documentURI}:${e.lineNumber}`;
  console.error(`CSP: ${e.effectiveDirective} blocked ${e.blockedURI} at ${where}`);
});
"""


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected test; mark only the ones in this folder.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded one (`playwright install`
    does not work on these machines)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


def _origin(url):
    """scheme://host:port for network URLs; None for data:, blob:, about: etc."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return None
    return f"{parts.scheme}://{parts.netloc}"


class BrowserGuard:
    """Collects what must fail a browser test, for every page of every context."""

    def __init__(self):
        self.own_origins = set()
        self.allowed_origins = set()
        self.problems = []
        self.contexts = []

    def allow(self, url_or_origin):
        """Let the browser reach this origin on purpose (route it locally!)."""
        self.allowed_origins.add(_origin(url_or_origin))

    def watch_context(self, context):
        self.contexts.append(context)
        context.add_init_script(CSP_LISTENER)
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _watch_page(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url")
            self.problems.append(
                f"console error: {message.text}" + (f" ({where})" if where else "")
            )

    def _on_pageerror(self, error):
        self.problems.append(f"uncaught JavaScript error: {error}")

    def _route(self, route):
        origin = _origin(route.request.url)
        if origin is None or origin in self.own_origins | self.allowed_origins:
            route.fallback()
        else:
            self.problems.append(
                f"third-party request: {route.request.method} {route.request.url}"
                f" (from {route.request.frame.url if route.request.frame else '?'})"
            )
            route.abort("blockedbyclient")

    def report(self):
        # A round trip to the browser delivers events still in flight.
        for context in self.contexts:
            with contextlib.suppress(Exception):  # closed already: nothing in flight
                context.cookies()
        return "\n".join(f"  - {p}" for p in self.problems)


@pytest.fixture(autouse=True)
def browser_guard():
    return BrowserGuard()


@pytest.fixture
def new_context(new_context, browser_guard):
    """pytest-playwright's context factory, with every context guarded."""

    def guarded_new_context(**kwargs):
        context = new_context(**kwargs)
        browser_guard.watch_context(context)
        return context

    return guarded_new_context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    guard = item.funcargs.get("browser_guard")
    try:
        result = yield
    except BaseException as exc:
        if guard and guard.problems:
            exc.add_note("The browser also reported:\n" + guard.report())
        raise
    if guard:
        problems = guard.report()
        if problems:
            pytest.fail("The browser reported problems:\n" + problems, pytrace=False)
    return result


@pytest.fixture
def site(live_server, browser_guard):
    """The live server with all reference data and the demo; returns its URL."""
    call_command("load_reference", verbosity=0)
    call_command("loaddata", "demo", verbosity=0)
    browser_guard.own_origins.add(_origin(live_server.url))
    return live_server.url


def _format_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"    * {target}\n        {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """assert_accessible(page): axe-core finds no WCAG 2.1 A/AA violations."""

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, _format_violations(page.url, violations)

    return check
