"""In a real browser, under the strict CSP and checked with axe: the coverage
page of a national editor (sorting, filtering), the officer's completeness
list with its one-click "add an organisation for this zorgpad", and an old
address after a merger (issue 14)."""

import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from beheer.roles import BELEIDSMEDEWERKER, LANDELIJKE_REDACTIE, ensure_groups
from gemeenten.models import Gemeente, Organisatie

PASSWORD = "een-lang-wachtwoord"


def log_in(site, page, django_user_model, username, role, gemeenten=()):
    ensure_groups()
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True
    )
    user.groups.set([Group.objects.get(name=role)])
    user.beheerde_gemeenten.set(gemeenten)
    page.goto(site + "/beheer/")
    page.get_by_label(re.compile("Gebruikersnaam")).fill(username)
    page.get_by_label(re.compile("Wachtwoord")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Aanmelden")).click()
    return user


def test_national_editor_sorts_and_filters_the_coverage(
    site, page, django_user_model, assert_accessible
):
    log_in(site, page, django_user_model, "redactie-test", LANDELIJKE_REDACTIE)
    page.get_by_role("link", name=re.compile("Dekking per gemeente")).click()
    expect(page.get_by_role("heading", name="Heel Nederland")).to_be_visible()
    expect(page.locator(".dekking-samenvatting")).to_contain_text(
        "van de 342 gemeenten"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Zorgpaden met lokaal of regionaal contact").click()
    page.get_by_role("link", name="Zorgpaden met lokaal of regionaal contact").click()
    header = page.locator("#per-gemeente th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "descending")
    # The demo gemeenten have the most local contacts.
    first = page.locator("#per-gemeente tbody th").first
    expect(first).to_have_text(
        re.compile("Kerkrade|Heerlen|Maastricht|Vaals|Landgraaf|Eijsden-Margraten")
    )

    page.get_by_label("Provincie", exact=True).select_option("Limburg")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#per-gemeente tbody tr")).to_have_count(
        Gemeente.objects.filter(provincie="Limburg").count()
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze cijfers als CSV").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_officer_adds_an_organisation_for_a_missing_zorgpad(
    site, page, django_user_model, assert_accessible
):
    kerkrade = Gemeente.objects.get(slug="kerkrade")
    log_in(site, page, django_user_model, "alice", BELEIDSMEDEWERKER, [kerkrade])
    lijst = page.locator("#volledigheid")
    expect(lijst).to_contain_text("Zorgpaden in Kerkrade")
    assert_accessible(page)
    row = lijst.locator("tr", has_text="Alleen landelijke hulp").first
    titel = row.locator("th").inner_text()
    row.get_by_role("link", name=re.compile("Organisatie toevoegen")).click()

    expect(page.locator("#id_aanbod-0-zorgpad option:checked")).to_have_text(titel)
    assert_accessible(page)
    page.get_by_label("Naam:").fill("Inloop Kerkrade-West")
    page.get_by_label("Beschrijving:").fill("Spreekuur zonder afspraak.")
    page.locator("#id_telefoon").fill("045 123 4567")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Inloop Kerkrade-West")

    org = Organisatie.objects.get(naam="Inloop Kerkrade-West")
    assert [a.zorgpad.titel for a in org.aanbod.all()] == [titel]
    page.goto(site + "/beheer/")
    row = page.locator("#volledigheid tr", has_text=titel)
    expect(row).not_to_contain_text("Alleen landelijke hulp")


def test_an_old_address_and_its_take_home_link_lead_to_the_merged_gemeente(
    site, page, assert_accessible
):
    call_command(
        "herindeling",
        "--van=GM0981",
        "--van=GM1729",
        "--naar=GM1999",
        "--naam=Heuvelland",
        "--provincie=Limburg",
        "--teksten-samenvoegen",
        "--uitvoeren",
        verbosity=0,
    )
    page.goto(site + "/en/gemeente/vaals/")
    expect(page).to_have_url(site + "/en/gemeente/heuvelland/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Heuvelland")
    assert_accessible(page)
    # An old take-home link: to the new gemeente, then to its opaque code.
    page.goto(site + "/gemeente/gulpen-wittem/mee/wonen/")
    expect(page).to_have_url(re.compile(r"/gemeente/heuvelland/lijst/\w+/$"))
