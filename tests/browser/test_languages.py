"""English pages pass axe; the language switch keeps the visitor where they
are, also halfway through the screening; a right-to-left language mirrors."""

import re

from playwright.sync_api import expect

PAGES = [
    "/en/",
    "/en/gemeente/kerkrade/",
    "/en/gemeente/kerkrade/geldzorgen-en-schulden/",
    "/en/gemeente/kerkrade/screening/",
    "/en/gemeente/kerkrade/screening/?stem=client",
    "/en/gemeente/kerkrade/lijst/y/",  # take-home list: veiligheid-thuis, wonen
]


def test_english_pages_pass_axe(site, page, assert_accessible):
    for path in PAGES:
        page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page)


def test_language_switch_round_trip(site, page):
    page.goto(site + "/gemeente/kerkrade/wonen/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(site + "/en/gemeente/kerkrade/wonen/")
    expect(page.get_by_role("heading", name="Who can help?")).to_be_visible()
    page.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(site + "/gemeente/kerkrade/wonen/")
    expect(page.get_by_role("heading", name="Wie kan helpen?")).to_be_visible()


def test_switching_language_mid_screening_keeps_the_answers(site, page):
    page.goto(site + "/gemeente/kerkrade/screening/?stem=client")
    page.locator('label[for="v-gevoel-zwangerschap-twijfel"]').click()
    page.locator('#screening-form button[value="volgende"]').click()
    expect(page.locator(".step-count")).to_have_text(re.compile("Stap 2 van"))
    page.locator('label[for="v-rondkomen-krap"]').click()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".step-count")).to_have_text(re.compile("Step 2 of"))
    expect(page.locator("#v-rondkomen-krap")).to_be_checked()
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#v-gevoel-zwangerschap-twijfel")).to_be_checked()


def test_a_right_to_left_language_is_mirrored(site, new_context):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(site + "/ar/gemeente/kerkrade/veiligheid-thuis/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{width}px wide at 360px in right-to-left"
    # The language switch sits at the inline end: on the left in RTL.
    box = page.locator(".taalkeuze").bounding_box()
    assert box["x"] < 360 / 2
    steps = page.locator("ol.steps > li").first.bounding_box()
    assert steps["x"] + steps["width"] > 360 - 40  # text starts on the right
