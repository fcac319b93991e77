"""A parent on a phone finds help: search the gemeente, open a topic, call.

The same journey with JavaScript (type-ahead through htmx) and without it
(plain form and links), at a narrow phone width, and the quick exit on the
page about violence at home.
"""

import re

from playwright.sync_api import expect

GEMEENTE = "/gemeente/kerkrade/"
ZORGPAD = "/gemeente/kerkrade/geldzorgen-en-schulden/"
VEILIGHEID = "/gemeente/kerkrade/veiligheid-thuis/"

EXIT_PAGE = "<!doctype html><html lang='nl'><title>Het weer</title><p>Zonnig."


def search_box(page):
    return page.get_by_role("searchbox", name=re.compile("gemeente", re.I))


def open_zorgpad(page):
    page.locator(f'main a[href="{ZORGPAD}"]').click()
    expect(page).to_have_url(re.compile(re.escape(ZORGPAD) + "$"))


def expect_tap_to_call(page):
    # The footer always links to Veilig Thuis; the offers are inside <main>.
    expect(page.locator('main a[href^="tel:"]').first).to_be_visible()


def test_find_gemeente_by_type_ahead_and_call(site, page, assert_accessible):
    page.goto(site + "/")
    # Survives an in-place update, disappears on a page load.
    page.evaluate("window.__sameDocument = true")

    search_box(page).press_sequentially("kerk")
    kerkrade = page.locator("#resultaten").get_by_role("link", name="Kerkrade")
    expect(kerkrade).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    expect(page.get_by_role("status")).to_contain_text("kerk")
    assert_accessible(page)

    kerkrade.click()
    expect(page).to_have_url(re.compile(re.escape(GEMEENTE) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerkrade")
    assert_accessible(page)

    open_zorgpad(page)
    expect_tap_to_call(page)
    assert_accessible(page)


def test_same_journey_without_javascript(site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/")

    search_box(page).fill("kerk")
    search_box(page).press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=kerk$"))
    page.locator("main").get_by_role("link", name="Kerkrade").click()
    expect(page).to_have_url(re.compile(re.escape(GEMEENTE) + "$"))

    open_zorgpad(page)
    expect_tap_to_call(page)


def test_no_horizontal_scrolling_on_a_phone(site, new_context):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    for path in ["/?q=kerk", GEMEENTE, ZORGPAD]:
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at a 360px viewport"


def prepare_quick_exit(page, browser_guard):
    """Answer the neutral site locally and allow leaving for it."""
    link = page.locator("[data-quick-exit]")
    exit_url = link.get_attribute("href")
    browser_guard.allow(exit_url)
    page.route(
        re.compile("^" + re.escape(exit_url)),
        lambda route: route.fulfill(content_type="text/html", body=EXIT_PAGE),
    )
    return link, exit_url


def test_quick_exit_is_reached_by_keyboard_and_leaves_no_history(
    site, page, browser_guard
):
    page.goto(site + GEMEENTE)
    page.goto(site + VEILIGHEID)
    history_before = page.evaluate("history.length")
    link, exit_url = prepare_quick_exit(page, browser_guard)
    expect(link).to_contain_text("Snel weg")

    # The first Tab stop on the page, before the skip link.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert link.evaluate("el => el === document.activeElement"), (
        f"the first Tab did not reach 'Snel weg'; focus is on {focused}"
    )

    link.click()
    expect(page).to_have_url(exit_url)
    # location.replace(): Back does not return to the page about violence.
    assert page.evaluate("history.length") == history_before


def test_escape_key_leaves_at_once(site, page, browser_guard):
    page.goto(site + VEILIGHEID)
    _, exit_url = prepare_quick_exit(page, browser_guard)
    page.keyboard.press("Escape")
    expect(page).to_have_url(exit_url)


def test_friendly_404_and_sensitive_page_are_accessible(
    site, page, assert_accessible, browser_guard
):
    page.goto(site + "/gemeente/kerkraade/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deze pagina bestaat niet"
    )
    page.get_by_role("link", name="Kerkrade").click()
    expect(page).to_have_url(re.compile(re.escape(GEMEENTE) + "$"))
    page.goto(site + "/gemeente/kerkrade/bestaat-niet/")
    assert_accessible(page)
    page.goto(site + VEILIGHEID)
    assert_accessible(page)
    # Chromium logs every 404 response as a console error; these two were meant.
    browser_guard.problems[:] = [
        p for p in browser_guard.problems if "status of 404 (Not Found)" not in p
    ]


def test_admin_runs_under_the_strict_csp(site, page, django_user_model):
    """The admin's own scripts carry nonces: logging in and opening a list
    raises no CSP violation or console error (the guard checks)."""
    django_user_model.objects.create_superuser("beheer", password="een-lang-wachtwoord")
    page.goto(site + "/beheer/")
    page.get_by_label(re.compile("Gebruikersnaam|Username")).fill("beheer")
    page.get_by_label(re.compile("Wachtwoord|Password")).fill("een-lang-wachtwoord")
    page.get_by_role("button", name=re.compile("Aanmelden|Log in")).click()
    page.goto(site + "/beheer/gemeenten/organisatie/")
    expect(page.locator("#result_list")).to_contain_text("Veilig Thuis")
    page.goto(site + "/beheer/gemeenten/organisatie/add/")
    expect(page.locator("#organisatie_form")).to_be_visible()
