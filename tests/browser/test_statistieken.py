"""Counting in a real browser: a contact click is counted once, with and
without JavaScript, and the link still goes where it says; the officer's
dashboard is accessible and runs under the strict CSP."""

import re
import time

import pytest
from playwright.sync_api import expect

from beheer.roles import BELEIDSMEDEWERKER, ensure_groups
from gemeenten.models import Gemeente
from statistieken import counting
from statistieken.models import Soort, Telling

from ..conftest import make_user

ZORGPAD = "/gemeente/kerkrade/geldzorgen-en-schulden/"
# Headless Chromium calls itself HeadlessChrome, which counts as a robot.
PERSON = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36"
)


def clicks(soort):
    return sum(Telling.objects.filter(soort=soort).values_list("aantal", flat=True))


def wait_for_clicks(soort, expected):
    """Pings and beacons arrive after the click; give them a moment."""
    deadline = time.monotonic() + 5
    while clicks(soort) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # and a moment more, so that a double count would show
    return clicks(soort)


def website_link(page, browser_guard):
    link = page.locator('main .organisatie a[href^="http"]').first
    target = link.get_attribute("href")
    browser_guard.allow(target)
    page.route(
        re.compile("^" + re.escape(target)),
        lambda route: route.fulfill(
            content_type="text/html", body="<title>Elders</title>"
        ),
    )
    return link, target


@pytest.mark.parametrize("javascript", [True, False], ids=["beacon", "ping"])
def test_a_website_click_is_counted_once_and_the_link_works(
    site, new_context, browser_guard, javascript
):
    page = new_context(java_script_enabled=javascript, user_agent=PERSON).new_page()
    page.goto(site + ZORGPAD)
    assert clicks(Soort.PAD) == 1 or wait_for_clicks(Soort.PAD, 1) == 1
    link, target = website_link(page, browser_guard)
    link.click()
    expect(page).to_have_url(target)
    assert wait_for_clicks(Soort.WEBSITE, 1) == 1


def test_a_phone_click_is_counted_by_the_beacon_but_not_a_robots(site, new_context):
    # Headless Chromium's own user agent: a robot, not counted.
    robot = new_context().new_page()
    robot.goto(site + ZORGPAD)
    assert "HeadlessChrome" in robot.evaluate("navigator.userAgent")
    page = new_context(user_agent=PERSON).new_page()
    page.goto(site + ZORGPAD)
    link = page.locator('main .organisatie a[href^="tel:"]').first
    assert link.get_attribute("data-ping")  # the script swapped ping for a beacon
    assert link.get_attribute("ping") is None
    # Keep the browser from handing tel: to the system; the click still fires.
    link.evaluate("el => el.addEventListener('click', e => e.preventDefault())")
    link.click()
    assert wait_for_clicks(Soort.TELEFOON, 1) == 1
    assert clicks(Soort.PAD) == 1  # the person's view, not the robot's


def test_officer_dashboard_is_accessible(site, page, assert_accessible):
    ensure_groups()
    kerkrade = Gemeente.objects.get(slug="kerkrade")
    officer = make_user("alice", BELEIDSMEDEWERKER, [kerkrade])
    officer.set_password("een-lang-wachtwoord")
    officer.save()
    counting.record(Soort.OVERZICHT, kerkrade)
    counting.record(Soort.PAD, kerkrade, 1)

    page.goto(site + "/beheer/")
    page.get_by_label(re.compile("Gebruikersnaam|Username")).fill("alice")
    page.get_by_label(re.compile("Wachtwoord|Password")).fill("een-lang-wachtwoord")
    page.get_by_role("button", name=re.compile("Aanmelden|Log in")).click()
    page.locator('#content-main a[href="/beheer/statistieken/telling/"]').first.click()
    expect(page.locator(".statistieken-samenvatting")).to_contain_text(
        "de overzichtspagina van Kerkrade 1 keer bekeken"
    )
    expect(
        page.get_by_role("img", name=re.compile("Verloop per maand"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Verloop per maand van").select_option(index=1)
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#per-maand-titel")).to_contain_text("Verloop per maand van")
    assert_accessible(page)
    # The staff member's own visit to the public pages is not counted.
    page.goto(site + ZORGPAD)
    assert clicks(Soort.PAD) == 1
