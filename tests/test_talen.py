"""Every page in the language it claims: local Dutch texts marked as Dutch on
other-language pages, the four languages newcomers speak (interface,
zorgpaden, the screening in the client's voice), the review notice, the
statements, and language names in the reader's language."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gemeenten.models import LokaalZorgpad, Zorgpad
from redactie.models import Taalversie, Verklaring
from redactie.opmaak import opmaak
from redactie.vertalingen import MAP, laad_taal
from screening.models import Domein, Optie, Signaal, Vraag

from .conftest import make_aanbod, make_organisatie
from .test_screening import ZORGEN, FormReader

pytestmark = pytest.mark.django_db

PARENT_LANGUAGES = ["ar", "tr", "pl", "uk"]
BESCHRIJVING = "Wij helpen gezinnen met schulden, gratis en zonder wachtlijst."
AANMELDEN = "Bel op werkdagen tussen 9 en 12 uur en vraag naar het gezinsteam."
TOELICHTING = "alleen op dinsdag bereikbaar"
AFSPRAKEN = "In Kerkrade belt de verloskundige altijd eerst het vaste knooppunt."


class LangReader(HTMLParser):
    """Every text of a page with the language it is read in: the `lang` of
    its nearest ancestor that has one (and `dir` the same way)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, html):
        super().__init__()
        self.stack, self.texts = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else None)
        direction = attrs.get("dir") or (self.stack[-1][2] if self.stack else None)
        self.stack.append((tag, lang, direction))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.texts.append((data.strip(), self.stack[-1][1], self.stack[-1][2]))

    def lang_of(self, text):
        """{(lang, dir)} of every text node containing `text` (asserts one)."""
        found = {(lang, d) for data, lang, d in self.texts if text in data}
        assert found, f"{text!r} is not on the page"
        return found


@pytest.fixture
def lokaal(kerkrade, zorgpad):
    """An organisation and a local arrangement with known Dutch texts."""
    org = make_organisatie(
        [kerkrade],
        naam="Gezinsteam Kerkrade",
        beschrijving=BESCHRIJVING,
        telefoon_toelichting=TOELICHTING,
        talen="Nederlands, Turks, Tigrinya, Klingon",
    )
    make_aanbod(org, zorgpad, aanmelden=AANMELDEN)
    LokaalZorgpad.objects.create(
        gemeente=kerkrade, zorgpad=zorgpad, afspraken=AFSPRAKEN
    )
    return org


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_local_dutch_blocks_are_marked_dutch_on_the_english_path_page(
    client, lokaal, zorgpad
):
    html = page(client, f"/en/gemeente/kerkrade/{zorgpad.slug}/")
    reader = LangReader(html)
    for text in (BESCHRIJVING, AANMELDEN, TOELICHTING, AFSPRAKEN, "Klingon"):
        assert reader.lang_of(text) == {("nl", "ltr")}, text
    # The page's own words and the national English texts are English.
    assert reader.lang_of("Who can help?") == {("en", "ltr")}
    assert reader.lang_of("How to get in touch:") == {("en", "ltr")}
    assert reader.lang_of(zorgpad.titel_en) == {("en", "ltr")}
    # Language names in the page's language; an unknown one stays Dutch.
    assert reader.lang_of("Dutch") == {("en", "ltr")}
    assert reader.lang_of("Turkish") == {("en", "ltr")}
    assert reader.lang_of("Tigrinya") == {("en", "ltr")}


def test_on_the_dutch_page_nothing_is_marked(client, lokaal, zorgpad):
    html = page(client, f"/gemeente/kerkrade/{zorgpad.slug}/")
    assert ' lang="nl"' not in html.split("<body>", 1)[1]
    assert "Nederlands, Turks, Tigrinya, Klingon" in html  # as the officer typed it


def test_dutch_blocks_in_a_right_to_left_page_run_left_to_right(
    client, lokaal, zorgpad
):
    html = page(client, f"/ar/gemeente/kerkrade/{zorgpad.slug}/")
    assert '<html lang="ar" dir="rtl">' in html
    reader = LangReader(html)
    for text in (BESCHRIJVING, AANMELDEN, TOELICHTING, AFSPRAKEN):
        assert reader.lang_of(text) == {("nl", "ltr")}, text
    arabic = json.loads((MAP / "ar.json").read_text())["zorgpaden"][zorgpad.slug]
    assert reader.lang_of(arabic["titel"]) == {("ar", "rtl")}
    assert reader.lang_of(arabic["stappen"][0]) == {("ar", "rtl")}


def test_an_english_description_is_shown_unmarked_and_dutch_stays_the_fallback(
    client, lokaal, zorgpad
):
    lokaal.beschrijving_en = "We help families with debts, free and without a queue."
    lokaal.save()
    aanbod = lokaal.aanbod.get()
    aanbod.aanmelden_en = "Call on weekdays between 9 and 12."
    aanbod.save()
    reader = LangReader(page(client, f"/en/gemeente/kerkrade/{zorgpad.slug}/"))
    assert reader.lang_of("We help families with debts") == {("en", "ltr")}
    assert reader.lang_of("Call on weekdays between 9 and 12.") == {("en", "ltr")}
    # Turkish readers get the Dutch text (no Turkish field), marked as Dutch.
    reader = LangReader(page(client, f"/tr/gemeente/kerkrade/{zorgpad.slug}/"))
    assert reader.lang_of(BESCHRIJVING) == {("nl", "ltr")}


def test_a_missing_translation_falls_back_to_dutch_marked_as_dutch(client, zorgpad):
    Zorgpad.objects.filter(pk=zorgpad.pk).update(samenvatting_pl="")
    reader = LangReader(page(client, f"/pl/gemeente/kerkrade/{zorgpad.slug}/"))
    assert reader.lang_of(zorgpad.samenvatting_nl) == {("nl", "ltr")}
    assert reader.lang_of(zorgpad.titel_pl) == {("pl", "ltr")}


def test_the_screening_result_and_take_home_page_mark_local_dutch(
    client, lokaal, kerkrade
):
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "client", "sectie": "8", "actie": "volgende"}
    html = client.post("/en/gemeente/kerkrade/screening/", data).content.decode()
    reader = LangReader(html)
    for text in (BESCHRIJVING, AANMELDEN, TOELICHTING):
        assert reader.lang_of(text) == {("nl", "ltr")}
    assert reader.lang_of("Why this topic?") == {("en", "ltr")}
    mee = re.search(
        r'href="http://testserver(/en/gemeente/kerkrade/lijst/[^"]+)"', html
    )
    assert mee, "the take-home link keeps the language of the screening"
    reader = LangReader(page(client, mee[1]))
    assert reader.lang_of(TOELICHTING) == {("nl", "ltr")}
    assert reader.lang_of("Gezinsteam Kerkrade") == {("nl", "ltr")}


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_every_national_text_a_parent_reads_is_translated(lang):
    fields = {
        Zorgpad: ["titel", "samenvatting", "doel", "stappen"],
        Domein: ["titel"],
        Vraag: ["tekst_client"],
        Optie: ["label_client"],
        Signaal: ["reden"],
    }
    for model, names in fields.items():
        for obj in model.objects.all():
            for name in names:
                assert getattr(obj, f"{name}_{lang}"), f"{obj} {name}_{lang}"
    # The professional's voice stays Dutch and English.
    assert (
        not Vraag.objects.exclude(tekst_professional_ar=None)
        .exclude(tekst_professional_ar="")
        .exists()
    )


def test_the_translations_keep_the_steps_as_the_dutch_has_them():
    for lang in PARENT_LANGUAGES:
        data = json.loads((MAP / f"{lang}.json").read_text())
        for pad in Zorgpad.objects.all():
            stappen = data["zorgpaden"][pad.slug]["stappen"]
            assert len(stappen) == len(pad.stappen_lijst()), (lang, pad.slug)


def test_the_loader_names_keys_the_reference_data_lacks():
    resultaat = laad_taal(
        "tr",
        {"zorgpaden": {"bestaat-niet": {"titel": "Yok"}, "wonen": {"titel": "Ev"}}},
    )
    assert resultaat.velden == 1
    assert resultaat.onbekend == ["bestaat-niet"]
    assert Zorgpad.objects.get(slug="wonen").titel_tr == "Ev"


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_the_screening_in_a_newcomers_language_is_in_the_clients_voice(client, lang):
    data = json.loads((MAP / f"{lang}.json").read_text())
    start = page(client, f"/{lang}/gemeente/kerkrade/screening/")
    assert 'name="stem" value="client"' in start
    assert 'value="professional"' not in start
    # A professional's screening switched to this language goes on in the
    # client's voice, with the answers kept.
    response = client.post(
        f"/{lang}/gemeente/kerkrade/screening/",
        {
            "stem": "professional",
            "sectie": "0",
            "v-gevoel-zwangerschap": "twijfel",
            "actie": "taal",
        },
    )
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert data["vragen"]["gevoel-zwangerschap"]["tekst"] in html
    assert data["vragen"]["gevoel-zwangerschap"]["opties"]["twijfel"] in html
    form = FormReader(html)
    assert form.fields["stem"] == "client"
    assert form.fields.get("v-gevoel-zwangerschap") == "twijfel"


def test_the_result_in_arabic_gives_arabic_reasons_and_an_arabic_take_home_page(
    client,
):
    data = json.loads((MAP / "ar.json").read_text())
    answers = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    answers |= {"stem": "client", "sectie": "8", "actie": "volgende"}
    html = client.post("/ar/gemeente/kerkrade/screening/", answers).content.decode()
    assert data["redenen"]["rondkomen/schulden/geldzorgen-en-schulden"] in html
    mee = re.search(
        r'href="http://testserver(/ar/gemeente/kerkrade/lijst/[^"]+)"', html
    )
    handout = page(client, mee[1])
    assert '<html lang="ar" dir="rtl">' in handout
    assert data["zorgpaden"]["wonen"]["titel"] in handout


def test_the_review_notice_until_an_editor_checks_the_language(client):
    dutch_link = 'href="/gemeente/kerkrade/wonen/" hreflang="nl"'
    html = page(client, "/tr/gemeente/kerkrade/wonen/")
    assert "Bu çeviri yeni ve hâlâ kontrol ediliyor." in html
    assert re.search(dutch_link + r">Hollandaca sayfayı okuyun<", html)
    for lang in ("nl", "en"):
        prefix = "" if lang == "nl" else f"/{lang}"
        assert "vertaling-nieuw" not in page(
            client, f"{prefix}/gemeente/kerkrade/wonen/"
        )

    turks = Taalversie.objects.get(taal="tr")
    turks.nagekeken = True
    turks.save()  # as in the admin: every cached page is rebuilt
    assert "vertaling-nieuw" not in page(client, "/tr/gemeente/kerkrade/wonen/")
    assert "vertaling-nieuw" in page(client, "/ar/gemeente/kerkrade/wonen/")


def test_a_new_language_costs_one_query_per_render_and_none_when_cached(
    client, settings, django_assert_num_queries
):
    """The review flag is read when a page in an added language is built
    (never on Dutch or English pages); a cached page costs the same in
    every language."""
    settings.ZORGPAD_PAGE_CACHE = False
    with CaptureQueriesContext(connection) as english:
        page(client, "/en/gemeente/kerkrade/wonen/")
    with django_assert_num_queries(len(english) + 1):
        page(client, "/ar/gemeente/kerkrade/wonen/")
    settings.ZORGPAD_PAGE_CACHE = True
    for path in ("/en/gemeente/kerkrade/wonen/", "/ar/gemeente/kerkrade/wonen/"):
        page(client, path)  # stored
    with CaptureQueriesContext(connection) as english:
        page(client, "/en/gemeente/kerkrade/wonen/")
    with django_assert_num_queries(len(english)):
        page(client, "/ar/gemeente/kerkrade/wonen/")


def test_the_switch_lists_every_language_by_its_own_name(client):
    html = page(client, "/gemeente/kerkrade/")
    nav = re.search(r'<nav class="taalkeuze".*?</nav>', html, re.S)[0]
    for code, naam in (
        ("en", "English"),
        ("ar", "العربية"),
        ("tr", "Türkçe"),
        ("pl", "Polski"),
        ("uk", "Українська"),
    ):
        assert f'hreflang="{code}" lang="{code}">{naam}</a>' in nav


@pytest.mark.parametrize("soort", ["privacy", "toegankelijkheid"])
@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_the_statements_exist_in_every_language(client, soort, lang):
    verklaring = Verklaring.objects.get(soort=soort)
    prefix = "" if lang == "nl" else f"/{lang}"
    html = page(client, f"{prefix}/{soort}/")
    assert f"<h1>{getattr(verklaring, f'titel_{lang}')}</h1>" in html
    assert "<h2>" in html  # its parts, as the model statement has them


def test_the_statements_are_linked_from_every_footer_and_the_screening_start(client):
    for path in ("/", "/en/gemeente/kerkrade/", "/ar/gemeente/kerkrade/wonen/"):
        html = page(client, path)
        footer = html.split('<footer class="site-footer">')[1]
        assert re.search(r'href="(/\w\w)?/privacy/"', footer)
        assert re.search(r'href="(/\w\w)?/toegankelijkheid/"', footer)
    start = page(client, "/gemeente/kerkrade/screening/")
    main = start.split("<main")[1].split("</main>")[0]
    assert 'href="/privacy/"' in main


def test_the_privacy_statement_says_what_is_and_is_not_stored():
    tekst = Verklaring.objects.get(soort="privacy").tekst_nl
    for fact in (
        "antwoorden worden nergens bewaard",
        "6 maanden",
        "e-mailadres",
        "IP-adres",
        "account",
        "Robots tellen we niet mee",
    ):
        assert fact in tekst


def test_national_editors_edit_the_statement_text_safely(client, national_editor):
    client.force_login(national_editor)
    verklaring = Verklaring.objects.get(soort="privacy")
    url = f"/beheer/redactie/verklaring/{verklaring.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    assert "tekst_ar" in form.content.decode()
    verklaring.tekst_nl = "## Kop\n<script>alert(1)</script>\n\n- een\n- twee"
    verklaring.save()
    client.logout()
    html = page(client, "/privacy/")
    assert "<h2>Kop</h2>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "<ul><li>een</li><li>twee</li></ul>" in html


def test_officers_cannot_edit_statements_or_review_flags(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    assert client.get("/beheer/redactie/verklaring/").status_code == 403
    assert client.get("/beheer/redactie/taalversie/").status_code == 403


def test_a_national_editor_marks_a_language_reviewed(client, national_editor):
    client.force_login(national_editor)
    taalversie = Taalversie.objects.get(taal="pl")
    url = f"/beheer/redactie/taalversie/{taalversie.pk}/change/"
    response = client.post(url, {"nagekeken": "on"})
    assert response.status_code == 302
    taalversie.refresh_from_db()
    assert taalversie.nagekeken and taalversie.nagekeken_op
    client.logout()
    assert "vertaling-nieuw" not in page(client, "/pl/gemeente/kerkrade/")


def test_opmaak_makes_paragraphs_headings_and_lists():
    html = opmaak("Een\nregel\n\n## Kopje\nTekst & meer\n\n- a\n- <b>")
    assert html == (
        "<p>Een<br>regel</p>\n<h2>Kopje</h2>\n<p>Tekst &amp; meer</p>\n"
        "<ul><li>a</li><li>&lt;b&gt;</li></ul>"
    )


def test_load_reference_again_keeps_one_statement_each():
    call_command("load_reference", verbosity=0)
    assert Verklaring.objects.count() == 2
    assert Taalversie.objects.count() == len(settings.ZORGPAD_PARENT_LANGUAGES)


def test_load_reference_again_keeps_what_the_editors_wrote():
    privacy = Verklaring.objects.get(soort="privacy")
    privacy.tekst_nl = "Onze eigen tekst."
    privacy.contact_email = "privacy@gemeente.example"
    privacy.save()
    call_command("load_reference", verbosity=0)
    privacy.refresh_from_db()
    assert privacy.tekst_nl == "Onze eigen tekst."
    assert privacy.contact_email == "privacy@gemeente.example"
    # A statement that is missing comes back.
    Verklaring.objects.filter(soort="toegankelijkheid").delete()
    call_command("load_reference", verbosity=0)
    assert Verklaring.objects.filter(soort="toegankelijkheid").exists()


def test_parents_are_addressed_with_je_on_the_gemeente_page(client):
    html = page(client, "/gemeente/kerkrade/")
    assert "Welke hulp past bij jou?" in html
    assert "bij u" not in html and " uw " not in html


def test_the_quick_exit_comes_before_the_skip_link(client):
    html = page(client, "/gemeente/kerkrade/veiligheid-thuis/")
    body = html.split("<body>", 1)[1]
    assert body.index("data-quick-exit") < body.index('class="skiplink"')
