"""A midwife screens a client on a tablet: every step updates in place,
the result lists local help, and the client handout prints on one or two
A4 pages. Every screening page passes axe."""

import re

from playwright.sync_api import expect

GEMEENTE = "/gemeente/kerkrade/"
SCREENING = GEMEENTE + "screening/"
# Safety, money and housing come up; every other question gets its first
# ("all is well") option.
ZORGEN = {"veilig-thuis": "nee", "rondkomen": "schulden", "woonplek": "onzeker"}


class Clicks:
    """Counts the clicks a user makes, for the closing note's budget."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def answer_section(page, click):
    for fieldset in page.locator("fieldset.question").all():
        code = fieldset.get_attribute("id").removeprefix("vraag-")
        if code in ZORGEN:
            click(fieldset.locator(f'label[for="v-{code}-{ZORGEN[code]}"]'))
        else:
            click(fieldset.locator(".choice label").first)


def test_midwife_screens_with_htmx_and_prints_the_handout(
    site, page, assert_accessible
):
    click = Clicks()
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    page.goto(site + GEMEENTE)
    click(page.get_by_role("link", name="Start de screening"))
    expect(page).to_have_url(re.compile(re.escape(SCREENING) + "$"))
    assert_accessible(page)

    # "Professional" is preselected: one click to begin.
    click(page.get_by_role("button", name="Begin"))
    page.evaluate("window.__sameDocument = true")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Deze zwangerschap")
    expect(
        page.get_by_text("Hoe kijkt uw cliënt naar deze zwangerschap?")
    ).to_be_visible()
    assert_accessible(page)

    sections = 0
    while page.locator("fieldset.question").count():
        sections += 1
        expect(page.locator(".step-count")).to_have_text(
            re.compile(f"Stap {sections} van")
        )
        answer_section(page, click)
        click(page.locator('#screening-form button[value="volgende"]'))
        # The next step arrives in place, and reading starts at its first
        # question (the result: at its heading).
        expect(page.locator(".step-count, .uitslag, .safety").first).to_be_visible()
        if sections < 9:
            first = page.locator("fieldset.question input[type=radio]").first
            expect(first).to_be_focused()
        else:
            expect(page.locator("#stap-titel")).to_be_focused()
        if sections == 1:
            assert_accessible(page)
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    assert sections == 9

    expect(heading).to_contain_text("Uitslag")
    titles = page.locator(".uitslag-pad > h2").all_inner_texts()
    assert titles[:1] == ["Veiligheid thuis"]
    assert "Geldzorgen en schulden" in titles and "Wonen" in titles
    expect(page.locator(".safety")).to_contain_text("0800-2000")
    expect(
        page.locator(".uitslag").get_by_text("Voelt zich thuis niet veilig")
    ).to_be_visible()
    expect(page.locator('.uitslag a[href^="tel:"]').first).to_be_visible()
    expect(page.locator(".qr svg[role=img]")).to_be_visible()
    assert_accessible(page)

    click(page.get_by_role("link", name=re.compile("Overzicht voor de cliënt")))
    # An opaque code, no topic in the address (tests/test_take_home.py).
    expect(page).to_have_url(re.compile(r"/gemeente/kerkrade/lijst/[0-9a-z]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp voor u in Kerkrade")
    expect(page.get_by_role("button", name="Print deze lijst")).to_be_visible()
    assert_accessible(page)
    # Nothing of the answers travels home: the reasons are not on the handout.
    assert "Voelt zich thuis niet veilig" not in page.content()

    page.emulate_media(media="print")
    for hidden in (".breadcrumbs", ".quick-exit", ".site-footer", "button"):
        expect(page.locator(hidden).first).to_be_hidden()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the handout prints on {pages} pages"

    # 2 to start, one per question, one "Volgende" per section, one to the handout.
    print(f"\nclicks from the gemeente page to the printable handout: {click.count}")
    assert click.count <= 2 + 19 + 9 + 1


def test_client_self_check_without_javascript(site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + SCREENING)
    page.get_by_label(re.compile("Ik vul hem zelf in")).check()
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_text("Hoe voelt u zich over deze zwangerschap?")).to_be_visible()
    # Skip every section: a plain POST each time, ending on the kind page.
    for step in range(2, 11):
        page.get_by_role("button", name="Sla dit onderwerp over").click()
        if step <= 9:
            expect(page.locator(".step-count")).to_have_text(
                re.compile(f"Stap {step} van 9")
            )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uitslag")
    expect(page.get_by_text("Er kwam geen onderwerp naar voren")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Wonen")).to_be_visible()


def test_a_tampered_answer_is_shown_next_to_its_question(
    site, page, assert_accessible, browser_guard
):
    page.goto(site + SCREENING + "?stem=client")
    page.locator("fieldset.question .choice label").first.click()
    radio = page.locator('input[name="v-eerdere-zwangerschap"]').first
    radio.evaluate("el => { el.value = 'verzonnen'; el.checked = true; }")
    page.locator('#screening-form button[value="volgende"]').click()
    # The 400 is swapped in by htmx, with the error beside the question.
    expect(page.locator("#fout-eerdere-zwangerschap")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Dit antwoord kennen wij niet")
    expect(page.locator(".step-count")).to_have_text(re.compile("Stap 1 van"))
    expect(page.locator("fieldset.question input:checked")).to_have_count(1)  # kept
    assert_accessible(page)
    # Chromium logs the 400 response as a console error; this one was meant.
    browser_guard.problems[:] = [
        p for p in browser_guard.problems if "status of 400 (Bad Request)" not in p
    ]


def test_screening_fits_a_phone(site, new_context):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(site + SCREENING + "?stem=client")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the screening is {width}px wide at 360px"
    page.goto(site + GEMEENTE + "lijst/y/")  # veiligheid-thuis and wonen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the handout is {width}px wide at 360px"
