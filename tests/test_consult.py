"""The midwife's consultation: one click per section when all is well, a
progress list to go back to any section, tips for asking, and a note for the
client record. Answers only ever travel as hidden form fields."""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from screening.dossier import dossier_tekst, verwijs_regels
from screening.models import Domein, Vraag

from .conftest import admin_form_data
from .test_screening import FormReader, signalled, url, walk, zorgen

pytestmark = pytest.mark.django_db

# A worry in two different sections: money (section 2) and safety (section 8).
TWEE_ZORGEN = {"rondkomen": "schulden", "veilig-thuis": "nee"}


def post(client, gemeente, page, actie, **answers):
    """Press a button on `page` as a browser without JavaScript would."""
    data = FormReader(page.content.decode()).fields
    data |= {f"v-{code}": value for code, value in answers.items()}
    return client.post(url(gemeente), data | {"actie": actie})


def voortgang(page):
    """[(section title, state)] from the progress list."""
    return re.findall(
        r'class="voortgang-stap voortgang-stap--[a-z]+">\s*<(?:span|button)[^>]*>'
        r"<span[^>]*>([^<]+)</span> <span class=\"voortgang-status\">\(([^)]+)\)",
        page.content.decode(),
    )


def dossier_op_pagina(page):
    return html.unescape(
        re.search(
            r'<pre id="dossier-tekst"[^>]*>(.*?)</pre>', page.content.decode(), re.S
        )[1]
    )


@pytest.fixture
def person():
    """A browser: scripts and robots are not counted (tests/test_flood_guard.py)."""
    from django.test import Client

    return Client(headers={"User-Agent": "Mozilla/5.0 Firefox/140.0"})


# --- "Geen zorgen in dit onderwerp" ------------------------------------------


def test_no_concerns_answers_each_section_with_all_is_well_in_nine_clicks(
    client, kerkrade
):
    pages = walk(
        client,
        kerkrade,
        "professional",
        lambda v, o: None,
        actie=lambda s: "geen-zorgen",
    )
    assert len(pages) == 1 + 9  # the first section, then one POST per section
    # Each section showed its questions before the click.
    for page in pages[:-1]:
        assert FormReader(page.content.decode()).radios
        assert "Geen zorgen in dit onderwerp" in page.content.decode()
    result = pages[-1]
    assert signalled(result) == []
    assert "Er kwam geen onderwerp naar voren" in result.content.decode()
    # Every question was answered, each with its first option.
    carried = FormReader(result.content.decode()).fields
    for vraag in Vraag.objects.prefetch_related("opties"):
        assert carried[f"v-{vraag.code}"] == vraag.opties.all()[0].code


def test_no_concerns_never_overrules_a_chosen_worry(client, kerkrade):
    first = client.get(url(kerkrade), {"stem": "professional"})
    money = post(client, kerkrade, first, "geen-zorgen")
    response = post(client, kerkrade, money, "geen-zorgen", rondkomen="schulden")
    assert response.status_code == 400
    html_ = response.content.decode()
    assert 'id="fout-rondkomen"' in html_
    assert "verandert dat niet" in html_
    form = FormReader(html_)
    assert form.fields["sectie"] == "1"  # still on "Geld en werk"
    assert form.fields["v-rondkomen"] == "schulden"  # kept, checked
    assert "v-inkomen" not in form.fields  # nothing answered silently
    # "Volgende" keeps the worry and goes on.
    after = post(client, kerkrade, response, "volgende")
    assert FormReader(after.content.decode()).fields["v-rondkomen"] == "schulden"


def test_no_concerns_after_choosing_the_all_is_well_options_is_fine(client, kerkrade):
    first = client.get(url(kerkrade), {"stem": "client"})
    response = post(
        client, kerkrade, first, "geen-zorgen", **{"gevoel-zwangerschap": "blij"}
    )
    assert response.status_code == 200
    assert FormReader(response.content.decode()).fields["sectie"] == "1"


def test_two_concerns_in_two_sections_end_in_a_result_with_both(client, kerkrade):
    def kies(vraag, options):
        return TWEE_ZORGEN.get(vraag, options[0])

    def actie(step):
        return "volgende" if step in (1, 7) else "geen-zorgen"

    pages = walk(client, kerkrade, "professional", kies, actie=actie)
    assert signalled(pages[-1]) == ["veiligheid-thuis", "geldzorgen-en-schulden"]


# --- progress ----------------------------------------------------------------


def test_the_progress_shows_done_skipped_and_open_and_goes_back_to_any(
    client, kerkrade
):
    page = client.get(url(kerkrade), {"stem": "client"})
    assert voortgang(page)[0] == ("Deze zwangerschap", "nu")
    assert {state for _title, state in voortgang(page)[1:]} == {"nog open"}
    page = post(client, kerkrade, page, "geen-zorgen")  # 1 done
    page = post(client, kerkrade, page, "overslaan")  # 2 skipped
    page = post(client, kerkrade, page, "volgende", woonplek="onzeker")  # 3 done
    states = dict(voortgang(page))
    assert states["Deze zwangerschap"] == "klaar"
    assert states["Geld en werk"] == "overgeslagen"
    assert states["Wonen"] == "klaar"
    assert states["Steun en relatie"] == "nu"
    assert states["Ouderschap"] == "nog open"

    # Back to the first section, answers kept, then forward to the open end.
    back = post(client, kerkrade, page, "naar-0")
    form = FormReader(back.content.decode())
    assert form.fields["sectie"] == "0"
    assert form.fields["v-gevoel-zwangerschap"] == "blij"  # checked again
    assert form.fields["v-woonplek"] == "onzeker"  # carried
    assert dict(voortgang(back))["Steun en relatie"] == "nog open"
    assert dict(voortgang(back))["Wonen"] == "klaar"
    last = post(client, kerkrade, back, "naar-8")
    assert FormReader(last.content.decode()).fields["sectie"] == "8"
    # Sections passed over on the way are skipped now, not open.
    assert dict(voortgang(last))["Leefstijl"] == "overgeslagen"


def test_from_the_result_any_section_can_be_changed_and_the_result_reached_again(
    person, kerkrade
):
    from statistieken.models import Soort, Telling

    client = person

    pages = walk(client, kerkrade, "professional", zorgen)
    result = pages[-1]
    assert [title for title, _ in voortgang(result)][:2] == [
        "Deze zwangerschap",
        "Geld en werk",
    ]
    money = post(client, kerkrade, result, "naar-1")
    assert FormReader(money.content.decode()).fields["sectie"] == "1"
    nav = money.content.decode().split('<nav class="voortgang')[1]
    assert 'value="naar-9"' in nav and "Uitslag" in nav
    again = post(client, kerkrade, money, "naar-9", rondkomen="nee")
    assert "geldzorgen-en-schulden" not in signalled(again)
    assert "wonen" in signalled(again)
    # One screening, counted once, however often the result is shown.
    screenings = Telling.objects.filter(gemeente=kerkrade, soort=Soort.SCREENING)
    assert sum(t.aantal for t in screenings) == 1


@pytest.mark.parametrize("actie", ["naar-", "naar-x", "naar--3", "naar-99999999999999"])
def test_a_tampered_progress_button_is_never_a_500(client, kerkrade, actie):
    data = {"stem": "client", "sectie": "3", "actie": actie, "v-rondkomen": "krap"}
    response = client.post(url(kerkrade), data)
    assert response.status_code == 200
    assert FormReader(response.content.decode()).fields["v-rondkomen"] == "krap"


# --- tips ------------------------------------------------------------------------


def test_tips_are_folded_under_each_question_for_the_professional_only(
    client, kerkrade
):
    professional = "".join(
        p.content.decode() for p in walk(client, kerkrade, "professional", zorgen)
    )
    client_pages = "".join(
        p.content.decode() for p in walk(client, kerkrade, "client", zorgen)
    )
    for vraag in Vraag.objects.all():
        tip = html.escape(vraag.tip, quote=False).replace("'", "&#x27;")
        assert tip in professional, vraag.code
        assert tip not in client_pages, vraag.code
    assert professional.count('<details class="tip">') == Vraag.objects.count()
    assert '<details class="tip" open' not in professional  # folded


def test_tips_speak_english_under_en(client, kerkrade):
    page = client.get("/en" + url(kerkrade), {"stem": "professional"})
    assert "Tip for the conversation" in page.content.decode()
    assert "Ask openly" in page.content.decode()


def test_a_national_editor_writes_the_tips_in_the_admin(
    client, national_editor, kerkrade
):
    client.force_login(national_editor)
    vraag = Vraag.objects.get(code="steun")
    change = reverse("admin:screening_vraag_change", args=[vraag.pk])
    form = client.get(change).context["adminform"].form
    assert {"tip_nl", "tip_en"} <= set(form.fields)
    data = admin_form_data(client.get(change))
    data |= {
        "tip_nl": "Vraag wie er kookt in de kraamweek.",
        "tip_en": "Ask who cooks.",
    }
    assert client.post(change, data).status_code == 302
    client.logout()
    page = client.post(
        url(kerkrade), {"stem": "professional", "sectie": "2", "actie": "volgende"}
    )
    assert "Vraag wie er kookt in de kraamweek." in page.content.decode()


# --- the note for the client record -----------------------------------------------


def _org(pk, naam, telefoon="", toelichting="", email="", website=""):
    org = SimpleNamespace(
        pk=pk,
        naam=naam,
        telefoon=telefoon,
        telefoon_toelichting=toelichting,
        email=email,
        website=website,
    )
    return SimpleNamespace(organisatie=org)


CRAFTED = [
    SimpleNamespace(
        meer=False,
        titel="Veiligheid thuis",
        redenen=["Voelt zich thuis niet veilig", "Is bang voor iemand thuis"],
        verwijzen=verwijs_regels(
            [
                _org(1, "Veilig Thuis", "0800-2000", "gratis, dag en nacht"),
                _org(2, "Wijkteam Kerkrade (demo)", "012-3456789"),
            ]
        ),
    ),
    SimpleNamespace(
        meer=False,
        titel="Geldzorgen en schulden",
        redenen=["Schulden of betalingsachterstanden"],
        verwijzen=verwijs_regels(
            [
                _org(3, "Nibud", website="https://www.nibud.nl/"),
                _org(4, "Schuldhulp (demo)", email="hulp@schuld.example"),
                _org(4, "Schuldhulp (demo)", email="hulp@schuld.example"),
            ]
        ),
    ),
    SimpleNamespace(
        meer=False,
        titel="Wonen",
        redenen=["Tijdelijke of onzekere woonplek"],
        verwijzen=[],
    ),
]


def test_the_note_for_the_record_is_exactly_this_text(kerkrade):
    tekst = dossier_tekst(kerkrade, CRAFTED, datetime.date(2026, 3, 5))
    assert tekst == (
        "Zorgpad-screening van 05-03-2026, gemeente Kerkrade\n"
        "\n"
        "1. Veiligheid thuis\n"
        "   Reden: Voelt zich thuis niet veilig; Is bang voor iemand thuis\n"
        "   Verwijzen naar:\n"
        "   - Veilig Thuis: 0800-2000 (gratis, dag en nacht)\n"
        "   - Wijkteam Kerkrade (demo): 012-3456789\n"
        "\n"
        "2. Geldzorgen en schulden\n"
        "   Reden: Schulden of betalingsachterstanden\n"
        "   Verwijzen naar:\n"
        "   - Nibud: https://www.nibud.nl/\n"
        "   - Schuldhulp (demo): hulp@schuld.example\n"
        "\n"
        "3. Wonen\n"
        "   Reden: Tijdelijke of onzekere woonplek\n"
        "   Nog geen organisaties op Zorgpad.\n"
        "\n"
        "Alleen onderwerpen en neutrale redenen; de antwoorden zijn nergens bewaard.\n"
    )


def test_the_note_in_english_and_without_signals(kerkrade):
    with translation.override("en"):
        tekst = dossier_tekst(kerkrade, [], datetime.date(2026, 3, 5))
    assert tekst == (
        "Zorgpad screening of 05-03-2026, municipality of Kerkrade\n"
        "\n"
        "No topic came up.\n"
        "Topics and neutral reasons only; the answers were not stored anywhere.\n"
    )


def test_the_download_is_the_text_on_the_page_and_holds_no_answers(client, kerkrade):
    result = walk(client, kerkrade, "professional", zorgen)[-1]
    shown = dossier_op_pagina(result)
    assert shown.startswith("Zorgpad-screening van ")
    assert "Reden: Voelt zich thuis niet veilig" in shown
    assert "Veilig Thuis: 0800-2000" in shown
    download = post(client, kerkrade, result, "dossier")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    disposition = download["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="zorgpad-\d{4}-\d\d-\d\d\.txt"', disposition
    )
    assert "no-store" in download["Cache-Control"]
    assert download.content.decode() == shown
    # Neither questions nor their codes, nor the options chosen: only reasons.
    for trace in [
        "rondkomen",
        "veilig-thuis",
        "v-",
        "Voelt uw cliënt zich veilig thuis?",
        "Ja, schulden of achterstanden",
        "Tijdelijk of onzeker",
    ]:
        assert trace not in shown


def test_the_note_is_for_the_professional_voice_only(client, kerkrade):
    result = walk(client, kerkrade, "client", zorgen)[-1]
    assert 'id="dossier-tekst"' not in result.content.decode()


def test_the_note_is_not_counted_again(person, kerkrade):
    from statistieken.models import Soort, Telling

    client = person

    result = walk(client, kerkrade, "professional", zorgen)[-1]
    post(client, kerkrade, result, "dossier")
    screenings = Telling.objects.filter(gemeente=kerkrade, soort=Soort.SCREENING)
    assert sum(t.aantal for t in screenings) == 1


# --- the handout when nothing was signalled ------------------------------------------


def test_no_concerns_still_leads_to_a_printable_handout(client, kerkrade):
    result = walk(
        client,
        kerkrade,
        "professional",
        lambda v, o: None,
        actie=lambda s: "geen-zorgen",
    )[-1]
    folder = reverse("screening:folder", args=[kerkrade.slug])
    assert f'href="{folder}"' in result.content.decode()
    page = client.get(folder)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Hulp in Kerkrade" in text
    assert text.count('href="/gemeente/kerkrade/') >= 16
    assert re.search(r'<svg role="img"[^>]*class="segno"><title>QR-code', text)
    assert "http://testserver/gemeente/kerkrade/" in text
    assert "data-print" in text


def test_the_folder_of_an_unknown_gemeente_is_a_404(client):
    # Its query count is pinned with the other pages in test_queries.py.
    assert client.get(reverse("screening:folder", args=["atlantis"])).status_code == 404


def test_a_renamed_section_shows_in_the_progress_list_on_the_next_request(
    client, kerkrade
):
    """The progress list is kept per language and states of the sections,
    under the national token: an editor's new title shows at once."""
    first = client.get(url(kerkrade), {"stem": "professional"})
    titles = [titel for titel, _ in voortgang(first)]
    domein = Domein.objects.order_by("volgorde")[1]
    assert domein.titel in titles
    domein.titel = "Geld en rondkomen (nieuw)"
    domein.save()  # as in the admin
    again = client.get(url(kerkrade), {"stem": "professional"})
    assert voortgang(again)[1] == ("Geld en rondkomen (nieuw)", "nog open")
    # The same states, another request: the same kept list, with the change.
    assert voortgang(client.get(url(kerkrade), {"stem": "professional"}))[1][0] == (
        "Geld en rondkomen (nieuw)"
    )
