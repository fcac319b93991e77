"""A visitor downloads a gemeente's contacts from its page and tries the API,
in a real browser.

(Reading the API from another origin is not tested here: Chromium refuses a
page from reaching the loopback live server (Local Network Access), and an
API response answered through Playwright's routing passed the browser's CORS
check even with our header removed, so such a test could not fail.
tests/test_opendata.py checks the header itself.)"""

from playwright.sync_api import expect


def test_download_the_contacts_and_open_the_api(site, page, assert_accessible):
    page.goto(site + "/gemeente/kerkrade/")
    link = page.get_by_role("link", name="CSV")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "zorgpad-kerkrade.csv"
    with open(download.value.path(), encoding="utf-8") as csv_file:
        header = csv_file.readline()
    assert header.startswith("zorgpad,zorgpad_slug,organisatie,werkgebied")

    # The JSON shows in the browser, and the site's strict
    # Content-Security-Policy causes no errors (the guard fails on any).
    page.goto(site + "/api/hsds/services?gemeente=GM0928&per_page=1")
    expect(page.locator("body")).to_contain_text('"total_items"')
