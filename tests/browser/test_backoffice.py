"""In a real browser: a visitor reports an error (with and without
JavaScript), and an officer finds it on the admin home and marks an
organisation verified, all under the strict CSP."""

import re

from django.contrib.auth.models import Group
from django.core.cache import cache
from playwright.sync_api import expect

from beheer.roles import BELEIDSMEDEWERKER, ensure_groups
from gemeenten.models import Gemeente, Melding

ZORGPAD = "/gemeente/kerkrade/geldzorgen-en-schulden/"


def report(page):
    page.get_by_text("Klopt er iets niet?").click()
    page.get_by_label("Wat klopt er niet?").fill("Het nummer is afgesloten.")
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page.get_by_role("status")).to_contain_text("Je melding is verstuurd")


def test_visitor_reports_an_error_in_place(site, page, assert_accessible):
    cache.clear()
    page.goto(site + ZORGPAD)
    page.evaluate("window.__sameDocument = true")
    page.get_by_text("Klopt er iets niet?").click()
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page.get_by_text("Schrijf kort wat er niet klopt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wat klopt er niet?").fill("Het nummer is afgesloten.")
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page.get_by_role("status")).to_contain_text("Je melding is verstuurd")
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    assert_accessible(page)
    assert Melding.objects.filter(gemeente__slug="kerkrade").count() == 1


def test_visitor_reports_an_error_without_javascript(site, new_context):
    cache.clear()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + ZORGPAD)
    report(page)
    expect(page).to_have_url(re.compile(r"\?melding=verzonden#melding$"))
    assert Melding.objects.count() == 1


def log_in_as_officer(site, page, django_user_model):
    ensure_groups()
    user = django_user_model.objects.create_user(
        "alice", password="een-lang-wachtwoord", is_staff=True
    )
    user.groups.set([Group.objects.get(name=BELEIDSMEDEWERKER)])
    user.beheerde_gemeenten.set([Gemeente.objects.get(slug="kerkrade")])
    page.goto(site + "/beheer/")
    page.get_by_label(re.compile("Gebruikersnaam")).fill("alice")
    page.get_by_label(re.compile("Wachtwoord")).fill("een-lang-wachtwoord")
    page.get_by_role("button", name=re.compile("Aanmelden")).click()
    expect(page.locator("#werkvoorraad")).to_be_visible()


def test_officer_handles_the_work_on_the_admin_home(
    site, page, django_user_model, assert_accessible
):
    Melding.objects.create(
        gemeente=Gemeente.objects.get(slug="kerkrade"), bericht="Adres is verhuisd"
    )
    log_in_as_officer(site, page, django_user_model)
    expect(page.locator("#werkvoorraad")).to_contain_text("Adres is verhuisd")
    # The normal list of models stays below the work list.
    expect(page.locator("#content-main")).to_contain_text("Organisaties")
    assert_accessible(page)
    page.locator("#werkvoorraad a[href*='/organisatie/']").first.click()
    page.get_by_role("button", name=re.compile("markeer als gecontroleerd")).click()
    expect(page.locator(".messagelist")).to_contain_text("gecontroleerd op vandaag")
    assert_accessible(page)


def test_offer_form_is_accessible(site, page, django_user_model, assert_accessible):
    django_user_model.objects.create_superuser("beheer", password="een-lang-wachtwoord")
    page.goto(site + "/beheer/")
    page.get_by_label(re.compile("Gebruikersnaam")).fill("beheer")
    page.get_by_label(re.compile("Wachtwoord")).fill("een-lang-wachtwoord")
    page.get_by_role("button", name=re.compile("Aanmelden")).click()
    page.goto(site + "/beheer/gemeenten/aanbod/add/")
    expect(page.locator("#aanbod_form")).to_be_visible()
    assert_accessible(page)


def test_import_dry_run_and_two_factor_pages_are_accessible(
    site, page, django_user_model, assert_accessible, tmp_path
):
    log_in_as_officer(site, page, django_user_model)
    page.goto(site + "/beheer/gemeenten/organisatie/")
    page.get_by_role("link", name=re.compile("Importeren")).click()
    assert_accessible(page)
    upload = tmp_path / "organisaties.csv"
    upload.write_text(
        "naam;beschrijving;telefoon;gemeenten\n"
        "Nieuw loket;Helpt;045-123 45 67;GM0928\n"
        "Fout nummer;Helpt;12345;GM0928\n"
        "Andermans;Helpt;;GM0917\n"
    )
    page.get_by_label("Bestand").set_input_files(upload)
    page.get_by_role("button", name=re.compile("Controleer")).click()
    table = page.locator("#voorbeeld")
    expect(table).to_contain_text("Dit is geen Nederlands telefoonnummer")
    expect(table).to_contain_text("GM0917 (Heerlen) hoort niet bij jouw gemeenten")
    expect(page.get_by_role("button", name=re.compile("Importeer"))).to_have_count(0)
    assert_accessible(page)

    page.goto(site + "/beheer/")
    page.get_by_role("link", name=re.compile("Tweestapsverificatie")).click()
    expect(page.locator("#sleutel")).to_be_visible()
    assert_accessible(page)
