"""In a real browser: local Dutch texts sit inside lang="nl" on English
pages (and only they), every page type passes axe in every language, Arabic
is right-to-left at 360 px without sideways scrolling, and the language
switch names each language in its own words, also inside the screening."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import make_aanbod, make_organisatie

BESCHRIJVING = "Wij helpen gezinnen met schulden, gratis en zonder wachtlijst."
AANMELDEN = "Bel op werkdagen tussen 9 en 12 uur en vraag naar het gezinsteam."
TOELICHTING = "alleen op dinsdag bereikbaar"
AFSPRAKEN = "In Kerkrade belt de verloskundige altijd eerst het vaste knooppunt."
SCHULDEN = "geldzorgen-en-schulden"

# The element holding a text, and the language it is read in.
LANG_OF = """text => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (walker.currentNode.textContent.includes(text)) {
      return walker.currentNode.parentElement.closest("[lang]").lang;
    }
  }
  return null;
}"""


@pytest.fixture
def local_dutch(site):
    from gemeenten.models import Gemeente, LokaalZorgpad, Zorgpad

    kerkrade = Gemeente.objects.get(slug="kerkrade")
    zorgpad = Zorgpad.objects.get(slug=SCHULDEN)
    org = make_organisatie(
        [kerkrade],
        naam="Gezinsteam Kerkrade",
        beschrijving=BESCHRIJVING,
        telefoon_toelichting=TOELICHTING,
    )
    make_aanbod(org, zorgpad, aanmelden=AANMELDEN)
    LokaalZorgpad.objects.update_or_create(
        gemeente=kerkrade, zorgpad=zorgpad, defaults={"afspraken": AFSPRAKEN}
    )
    return site


def click_next(page):
    """Volgende, then wait until htmx has swapped in the next step."""
    title = page.locator("#stap-titel").inner_text()
    page.locator('#screening-form button[value="volgende"]').click()
    expect(page.locator("#stap-titel")).not_to_have_text(title)


def to_the_result(page):
    while not page.locator(".uitslag, .meenemen").count():
        click_next(page)


def assert_languages(page, dutch, english):
    for text in dutch:
        assert page.evaluate(LANG_OF, text) == "nl", f"{text!r} is not in lang=nl"
    for text in english:
        assert page.evaluate(LANG_OF, text) == "en", f"{text!r} is not English"


def test_local_dutch_sits_in_lang_nl_on_english_pages(local_dutch, page):
    site = local_dutch
    page.goto(f"{site}/en/gemeente/kerkrade/{SCHULDEN}/")
    assert_languages(
        page,
        [BESCHRIJVING, AANMELDEN, TOELICHTING, AFSPRAKEN],
        ["Who can help?", "How to get in touch:", "Money worries and debts"],
    )

    # The screening result: money worries signalled.
    page.goto(f"{site}/en/gemeente/kerkrade/screening/?stem=client")
    while not page.locator("#v-rondkomen-schulden").count():
        click_next(page)
    page.locator('label[for="v-rondkomen-schulden"]').click()
    to_the_result(page)
    assert_languages(
        page,
        [BESCHRIJVING, AANMELDEN, TOELICHTING],
        ["Why this topic?", "Take it home"],
    )

    # The take-home page, in the language of the screening.
    page.locator(".meenemen a.button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_languages(page, ["Gezinsteam Kerkrade", TOELICHTING], ["Call"])


PAGE_TYPES = [
    "/",
    "/?q=kerk",
    "/gemeente/kerkrade/",
    "/gemeente/kerkrade/veiligheid-thuis/",
    "/gemeente/kerkrade/screening/",
    "/gemeente/kerkrade/screening/?stem=client",
    "/gemeente/kerkrade/mee/veiligheid-thuis+wonen/",
    "/gemeente/kerkraade/",  # the 404
    "/privacy/",
    "/toegankelijkheid/",
]


@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_every_page_type_passes_axe_in_every_language(
    site, page, assert_accessible, browser_guard, lang
):
    prefix = "" if lang == "nl" else f"/{lang}"
    for path in PAGE_TYPES:
        page.goto(site + prefix + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
    # The screening's result in this language.
    page.goto(f"{site}{prefix}/gemeente/kerkrade/screening/?stem=client")
    page.locator('label[for="v-gevoel-zwangerschap-twijfel"]').click()
    to_the_result(page)
    assert_accessible(page)
    # Chromium logs the 404 page's status as a console error; it was meant.
    browser_guard.problems[:] = [
        p for p in browser_guard.problems if "status of 404 (Not Found)" not in p
    ]


def test_arabic_is_right_to_left_at_360_px_without_sideways_scrolling(
    local_dutch, new_context
):
    site = local_dutch
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    for path in [
        "/ar/",
        "/ar/gemeente/kerkrade/",
        f"/ar/gemeente/kerkrade/{SCHULDEN}/",
        "/ar/gemeente/kerkrade/screening/?stem=client",
        "/ar/gemeente/kerkrade/mee/veiligheid-thuis+wonen/",
        "/ar/privacy/",
    ]:
        page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at 360px"
    # The Dutch block inside runs left to right.
    page.goto(f"{site}/ar/gemeente/kerkrade/{SCHULDEN}/")
    direction = page.evaluate(
        """text => { const w = document.createTreeWalker(document.body, 4);
          while (w.nextNode()) if (w.currentNode.textContent.includes(text))
            return getComputedStyle(w.currentNode.parentElement).direction; }""",
        BESCHRIJVING,
    )
    assert direction == "ltr"


def test_switching_to_arabic_inside_the_screening_keeps_the_answers(site, page):
    page.goto(site + "/gemeente/kerkrade/screening/?stem=client")
    page.locator('label[for="v-gevoel-zwangerschap-twijfel"]').click()
    page.locator('#screening-form button[value="volgende"]').click()
    page.locator('label[for="v-rondkomen-krap"]').click()

    page.get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#v-rondkomen-krap")).to_be_checked()
    expect(page.locator(".vertaling-nieuw")).to_be_visible()
    page.get_by_role("button", name="Türkçe").click()
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("#v-rondkomen-krap")).to_be_checked()
    page.get_by_role("button", name="Geri").click()
    expect(page.locator("#v-gevoel-zwangerschap-twijfel")).to_be_checked()
    assert "/tr/gemeente/kerkrade/screening/" in page.url
