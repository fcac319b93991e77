"""The screening as a midwife or a parent meets it: two voices, sections that
can be skipped, answers carried in the form only, a result with local help."""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from gemeenten.models import Gemeente, Zorgpad
from screening.models import Vraag

from .conftest import make_aanbod, make_organisatie

pytestmark = pytest.mark.django_db

# A result that builds what the screening keeps in memory and in the cache
# (questionnaire 4, offers 1, tokens and blocks written to the database
# cache): bounded, but not pinned exactly.
CACHE_MISS = 25

# Chosen to signal safety, money and housing; every other question gets its
# first option, which in the questionnaire is always the "all is well" one.
ZORGEN = {
    "veilig-thuis": "nee",
    "rondkomen": "schulden",
    "woonplek": "onzeker",
}


class FormReader(HTMLParser):
    """What a browser would submit from the page's form: hidden fields and
    checked radios, plus the radios offered per question."""

    def __init__(self, html):
        super().__init__()
        self.fields, self.radios, self.in_form = {}, {}, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self.in_form = True
        if not self.in_form or tag != "input":
            return
        name, value = attrs.get("name"), attrs.get("value", "")
        if attrs.get("type") == "radio":
            self.radios.setdefault(name, []).append(value)
            if "checked" in attrs:
                self.fields[name] = value
        elif name:
            self.fields[name] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def url(gemeente):
    return reverse("screening:start", args=[gemeente.slug])


def walk(client, gemeente, stem, kies, actie=lambda step: "volgende", **extra):
    """Fill in the screening as a browser without JavaScript would: each
    step POSTs exactly what the previous page's form holds. `kies(vraag,
    options)` picks an answer or None. Returns the pages seen."""
    response = client.get(url(gemeente), {"stem": stem})
    pages = [response]
    for step in range(30):
        form = FormReader(response.content.decode())
        if not form.radios:
            return pages
        data = dict(form.fields)
        for name, options in form.radios.items():
            choice = kies(name.removeprefix("v-"), options)
            if choice:
                data[name] = choice
        data["actie"] = actie(step)
        response = client.post(url(gemeente), data, **extra)
        assert response.status_code == 200, response.content.decode()[:2000]
        pages.append(response)
    raise AssertionError("the screening never ended")


def zorgen(vraag, options):
    return ZORGEN.get(vraag, options[0])


def signalled(response):
    return re.findall(r'<h2 id="pad-([a-z-]+)"', response.content.decode())


def test_the_start_page_offers_both_voices(client, kerkrade):
    response = client.get(url(kerkrade))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="stem" value="professional"' in html
    assert 'name="stem" value="client"' in html
    assert "nergens bewaard" in html


def test_the_gemeente_page_links_to_its_screening(client, kerkrade):
    html = client.get(kerkrade.get_absolute_url()).content.decode()
    assert f'href="{url(kerkrade)}"' in html


@pytest.mark.parametrize(
    ("stem", "wording"),
    [
        ("professional", "Voelt uw cliënt zich veilig thuis?"),
        ("client", "Voelt u zich veilig thuis?"),
    ],
)
def test_questions_speak_in_the_chosen_voice(client, kerkrade, stem, wording):
    pages = walk(client, kerkrade, stem, zorgen)
    html = "".join(p.content.decode() for p in pages)
    assert wording in html
    other = "client" if stem == "professional" else "professional"
    vraag = Vraag.objects.get(code="veilig-thuis")
    assert getattr(vraag, f"tekst_{other}") not in html


def test_every_question_allows_dont_know(client, kerkrade):
    pages = walk(client, kerkrade, "client", zorgen)[:-1]
    asked = 0
    for page in pages:
        form = FormReader(page.content.decode())
        for options in form.radios.values():
            assert "onbekend" in options
            asked += 1
        assert "Weet ik niet / wil ik niet zeggen" in page.content.decode()
    assert asked == Vraag.objects.count()


def test_without_javascript_the_answers_travel_in_the_form_to_the_result(
    client, kerkrade
):
    pages = walk(client, kerkrade, "professional", zorgen)
    # One section per step, every earlier answer carried as a hidden field.
    last_question_page = FormReader(pages[-2].content.decode())
    assert last_question_page.fields["v-rondkomen"] == "schulden"
    result = pages[-1]
    assert signalled(result) == ["veiligheid-thuis", "geldzorgen-en-schulden", "wonen"]
    html = result.content.decode()
    assert "Voelt zich thuis niet veilig" in html  # why, in neutral words
    assert "Schulden of betalingsachterstanden" in html
    assert 'href="tel:08002000"' in html.split('class="safety"')[1]
    assert not client.cookies.get("sessionid")


def test_with_htmx_each_step_is_a_fragment_of_the_page(client, kerkrade):
    pages = walk(client, kerkrade, "client", zorgen, HTTP_HX_REQUEST="true")
    for page in pages[1:]:
        html = page.content.decode()
        assert "<html" not in html
        assert "site-header" not in html
        assert 'id="stap-titel"' in html
        assert page["Vary"] and "HX-Request" in page["Vary"]
    assert signalled(pages[-1])[0] == "veiligheid-thuis"


def test_the_result_lists_this_gemeentes_help_and_not_another(
    client, kerkrade, heerlen
):
    wonen = Zorgpad.objects.get(slug="wonen")
    hier = make_organisatie(naam="Woonhulp Kerkrade", gemeenten=[kerkrade])
    daar = make_organisatie(naam="Woonhulp Heerlen", gemeenten=[heerlen])
    make_aanbod(hier, wonen)
    make_aanbod(daar, wonen)
    html = walk(client, kerkrade, "professional", zorgen)[-1].content.decode()
    assert "Woonhulp Kerkrade" in html
    assert "Woonhulp Heerlen" not in html
    assert "Veilig Thuis" in html  # the national organisation, on the safety path


def test_skipping_a_section_forgets_its_answers(client, kerkrade):
    # Answer everything with worries, but skip every section: nothing signalled.
    pages = walk(
        client, kerkrade, "professional", zorgen, actie=lambda step: "overslaan"
    )
    html = pages[-1].content.decode()
    assert signalled(pages[-1]) == []
    assert "Er kwam geen onderwerp naar voren" in html
    # The kind page still leads to every topic in the gemeente.
    assert html.count(f'href="/gemeente/{kerkrade.slug}/') >= Zorgpad.objects.count()
    assert 'class="safety"' not in html


def test_going_back_keeps_the_answers(client, kerkrade):
    first = client.get(url(kerkrade), {"stem": "client"})
    data = FormReader(first.content.decode()).fields
    data |= {"v-gevoel-zwangerschap": "twijfel", "actie": "volgende"}
    second = client.post(url(kerkrade), data)
    back = FormReader(second.content.decode()).fields
    back |= {"v-rondkomen": "krap", "actie": "vorige"}
    again = client.post(url(kerkrade), back)
    form = FormReader(again.content.decode())
    assert form.fields["v-gevoel-zwangerschap"] == "twijfel"  # checked again
    assert form.fields["v-rondkomen"] == "krap"  # carried, hidden


def test_take_home_link_and_qr_carry_only_topics(client, kerkrade):
    result = walk(client, kerkrade, "client", zorgen)[-1].content.decode()
    link = re.search(
        r'href="(http://testserver/gemeente/kerkrade/lijst/[^"]+)"', result
    )[1]
    # An opaque code for the signalled set (tests/test_take_home.py): no
    # answer, no question code, no query string.
    assert "?" not in link and "v-" not in link
    assert re.search(r'<svg role="img"[^>]*class="segno"><title>QR-code', result)

    handout = client.get(link.removeprefix("http://testserver"))
    assert handout.status_code == 200
    assert signalled(handout) == ["veiligheid-thuis", "geldzorgen-en-schulden", "wonen"]
    assert "Veilig Thuis" in handout.content.decode()
    assert "quick-exit" in handout.content.decode()  # violence at home is sensitive


def test_take_home_link_skips_unknown_topics_and_404s_when_none_remain(
    client, kerkrade
):
    base = f"/gemeente/{kerkrade.slug}/mee/"
    response = client.get(base + "bestaat-niet+wonen/", follow=True)
    assert signalled(response) == ["wonen"]
    assert client.get(base + "bestaat-niet/").status_code == 404
    assert client.get("/gemeente/atlantis/mee/wonen/").status_code == 404
    assert client.get("/gemeente/atlantis/lijst/w/").status_code == 404


# --- bad input ---------------------------------------------------------------


def test_unknown_option_is_shown_next_to_the_question_and_answers_are_kept(
    client, kerkrade
):
    data = {
        "stem": "client",
        "sectie": "1",  # Geld en werk
        "v-gevoel-zwangerschap": "twijfel",  # an earlier, valid answer
        "v-rondkomen": "veel-te-veel",  # tampered
        "v-inkomen": "ja",
        "actie": "volgende",
    }
    response = client.post(url(kerkrade), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="fout-rondkomen"' in html
    assert 'aria-describedby="fout-rondkomen"' in html
    form = FormReader(html)
    assert form.fields["sectie"] == "1"  # still on the same section
    assert form.fields["v-gevoel-zwangerschap"] == "twijfel"
    assert form.fields["v-inkomen"] == "ja"


def test_unknown_question_gets_a_clear_message(client, kerkrade):
    data = {
        "stem": "client",
        "sectie": "0",
        "v-bestaat-niet": "ja",
        "v-gevoel-zwangerschap": "blij",
    }
    response = client.post(url(kerkrade), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "vraag die wij niet kennen" in html
    assert FormReader(html).fields["v-gevoel-zwangerschap"] == "blij"


@pytest.mark.parametrize("sectie", ["abc", "-5", "", "99999999999999999999"])
def test_a_tampered_section_number_is_never_a_500(client, kerkrade, sectie):
    response = client.post(url(kerkrade), {"stem": "client", "sectie": sectie})
    assert response.status_code == 200


def test_an_expired_form_without_csrf_is_shown_again_with_its_answers(kerkrade):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    data = {
        "stem": "client",
        "sectie": "1",
        "v-gevoel-zwangerschap": "twijfel",
        "v-rondkomen": "krap",
    }
    response = browser.post(url(kerkrade), data)
    assert response.status_code == 403
    html = response.content.decode()
    assert "te lang open" in html
    form = FormReader(html)
    assert form.fields["v-gevoel-zwangerschap"] == "twijfel"
    assert form.fields["v-rondkomen"] == "krap"
    # The page carries a fresh token: sending it again works.
    again = browser.post(url(kerkrade), form.fields | {"actie": "volgende"})
    assert again.status_code == 200


def test_other_forms_without_csrf_get_a_friendly_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert "Deze pagina was verlopen" in response.content.decode()


def test_unknown_gemeente_is_a_helpful_404(client):
    for response in (
        client.get("/gemeente/atlantis/screening/?stem=client"),
        client.post(
            "/gemeente/atlantis/screening/", {"stem": "client", "v-rondkomen": "krap"}
        ),
    ):
        assert response.status_code == 404
        assert 'href="/"' in response.content.decode()


def test_answers_in_a_get_address_are_ignored(client, kerkrade):
    # Answers must never travel in an address (history, server logs).
    response = client.get(
        url(kerkrade), {"stem": "client", "sectie": "9", "v-veilig-thuis": "nee"}
    )
    form = FormReader(response.content.decode())
    assert form.fields["sectie"] == "0"
    assert "v-veilig-thuis" not in form.fields


# --- cost ------------------------------------------------------------------


@contextlib.contextmanager
def production_buffer():
    """Count as production does: in memory, written by a timer outside the
    request, so the pinned queries are the screening's own."""
    from django.test import override_settings

    from statistieken import counting

    try:
        with override_settings(ZORGPAD_COUNTING_BUFFER=60):
            yield
    finally:
        counting.buffer.take()


def test_a_completed_screening_is_counted_with_what_it_signalled(kerkrade):
    from django.test import Client

    from statistieken.models import Soort, Telling

    # A browser: scripts and robots are not counted (tests/test_flood_guard.py).
    client = Client(headers={"User-Agent": "Mozilla/5.0 Firefox/140.0"})

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "client", "sectie": "8", "actie": "volgende"}
    client.post(url(kerkrade), data, HTTP_USER_AGENT=BROWSER)
    client.post(
        url(kerkrade),
        data | {"actie": "taal"} | {"sectie": "9"},
        HTTP_USER_AGENT=BROWSER,
    )  # no 2nd count
    rows = Telling.objects.filter(gemeente=kerkrade)
    assert sum(r.aantal for r in rows.filter(soort=Soort.SCREENING)) == 1
    signalled = rows.filter(soort=Soort.GESIGNALEERD)
    assert sorted(r.zorgpad.slug for r in signalled) == [
        "geldzorgen-en-schulden",
        "veiligheid-thuis",
        "wonen",
    ]


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_the_result_page_costs_a_fixed_number_of_queries(
    client, kerkrade, django_assert_max_num_queries, per_zorgpad
):
    for pad in Zorgpad.objects.all():
        for _ in range(per_zorgpad):
            make_aanbod(make_organisatie(gemeenten=[kerkrade]), pad)
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    # The first result in a process builds the questionnaire (5) and the
    # contact blocks (offers 1), and stores them.
    with production_buffer(), django_assert_max_num_queries(CACHE_MISS):
        client.post(url(kerkrade), data)
    # Then: gemeente 1, and with the database cache (none with Redis) the
    # national token, the gemeente's tokens and the blocks, 3.
    with production_buffer(), django_assert_max_num_queries(4):
        response = client.post(url(kerkrade), data)
    assert len(signalled(response)) == 3
    assert response.content.decode().count('class="organisatie"') >= 3 * per_zorgpad


def test_the_kind_page_without_signals_costs_a_fixed_number_of_queries(
    client, kerkrade, django_assert_max_num_queries
):
    data = {"stem": "client", "sectie": "8", "actie": "volgende"}
    client.post(url(kerkrade), data)  # builds the questionnaire
    # gemeente 1, the national token 1 (none with Redis), all zorgpaden
    # with counts 2
    with production_buffer(), django_assert_max_num_queries(4):
        response = client.post(url(kerkrade), data)
    assert "Er kwam geen onderwerp naar voren" in response.content.decode()


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_the_note_for_the_record_costs_what_the_result_costs(
    client, kerkrade, django_assert_max_num_queries, per_zorgpad
):
    for pad in Zorgpad.objects.all():
        for _ in range(per_zorgpad):
            make_aanbod(make_organisatie(gemeenten=[kerkrade]), pad)
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "9", "verst": "9", "actie": "dossier"}
    # As the result page: the first in a process builds and stores the
    # questionnaire and contact blocks; then gemeente 1 and the cache 3.
    # Nothing counted.
    with django_assert_max_num_queries(CACHE_MISS):
        client.post(url(kerkrade), data)
    with django_assert_max_num_queries(4):
        response = client.post(url(kerkrade), data)
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().count("   - ") >= 3 * per_zorgpad


@pytest.mark.parametrize("actie", ["overslaan", "vorige", "taal", "volgende", "raar"])
def test_any_button_on_the_result_is_never_a_500(client, kerkrade, actie):
    data = {"stem": "client", "sectie": "9", "actie": actie, "v-rondkomen": "krap"}
    response = client.post(url(kerkrade), data)
    assert response.status_code == 200
    assert FormReader(response.content.decode()).fields["v-rondkomen"] == "krap"


BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36"
)


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0 Safari/537.36",
        "python-requests/2.32",
        "",
    ],
)
def test_a_robot_completing_the_screening_is_not_counted(client, kerkrade, user_agent):
    # The same exclusions as page views: a headless browser, a script, no agent.
    from statistieken.models import Soort, Telling

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "client", "sectie": "8", "actie": "volgende"}
    response = client.post(url(kerkrade), data, HTTP_USER_AGENT=user_agent)
    assert "Uitslag" in response.content.decode()  # the robot still gets its result
    assert not Telling.objects.filter(gemeente=kerkrade, soort=Soort.SCREENING).exists()


def test_one_visitors_answers_never_show_on_anothers_page(kerkrade):
    """The questionnaire is built once per process: each request gets its
    own copy to set its answers on."""
    from django.test import Client

    first = Client().get(url(kerkrade), {"stem": "professional"})
    form = FormReader(first.content.decode())
    assert form.radios and not any(name in form.fields for name in form.radios)
    answers = {name: options[-1] for name, options in form.radios.items()}
    shown = Client().post(
        url(kerkrade), form.fields | answers | {"actie": "taal"}
    )  # the same section again, with these answers chosen
    assert FormReader(shown.content.decode()).fields.items() >= answers.items()

    other = Client().get(url(kerkrade), {"stem": "professional"})
    assert not any(
        name in FormReader(other.content.decode()).fields for name in form.radios
    )


def test_an_edited_question_shows_on_the_next_request(client, kerkrade):
    client.get(url(kerkrade), {"stem": "professional"})  # built and kept
    vraag = Vraag.objects.order_by("domein__volgorde", "volgorde").first()
    vraag.tekst_professional = "Een nieuwe vraag van de redactie?"
    vraag.save()
    response = client.get(url(kerkrade), {"stem": "professional"})
    assert "Een nieuwe vraag van de redactie?" in response.content.decode()


def test_a_renamed_or_unpublished_gemeente_shows_on_the_next_screening(
    client, kerkrade
):
    """The screening remembers the gemeente between requests, as long as
    nothing of it changed."""
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    assert "Kerkrade" in client.post(url(kerkrade), data).content.decode()
    kerkrade.naam = "Kerkrade-Landgraaf"
    kerkrade.save()
    assert "Kerkrade-Landgraaf" in client.post(url(kerkrade), data).content.decode()
    kerkrade.gepubliceerd = False
    kerkrade.save()
    assert client.post(url(kerkrade), data).status_code == 404


def test_the_result_right_after_the_cache_was_emptied(client, kerkrade):
    """A restarted cache holds no tokens at all: the first result makes them."""
    from django.core.cache import cache

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    for _ in range(2):
        cache.clear()
        response = client.post(url(kerkrade), data)
        assert response.status_code == 200
        assert "Veiligheid gaat voor" in response.content.decode()


def test_a_topic_renamed_while_a_result_is_made_shows_to_the_next_visitor(
    client, kerkrade, monkeypatch
):
    """A national editor renames a zorgpad while another visitor's result is
    being made: the block made from the old name is never kept under the
    tokens of the new one."""
    from django.test import Client

    from screening import views

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    assert "Veiligheid thuis" in client.post(url(kerkrade), data).content.decode()
    met_contact = views.met_contact

    def rename_meanwhile(gemeente, zorgpaden):
        veiligheid = Zorgpad.objects.get(slug="veiligheid-thuis")
        veiligheid.titel = "Veilig thuis (nieuwe titel)"
        veiligheid.save()
        return met_contact(gemeente, zorgpaden)

    monkeypatch.setattr(views, "met_contact", rename_meanwhile)
    client.post(url(kerkrade), data)
    monkeypatch.setattr(views, "met_contact", met_contact)
    later = Client().post(url(kerkrade), data).content.decode()
    assert '<h2 id="pad-veiligheid-thuis">Veilig thuis (nieuwe titel)</h2>' in later


def test_the_result_arrives_compressed_to_a_browser_that_accepts_it(client, kerkrade):
    import gzip

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    plain = client.post(url(kerkrade), data)
    squeezed = client.post(url(kerkrade), data, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert squeezed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed["Vary"]
    html = gzip.decompress(squeezed.content).decode()
    assert "Veiligheid gaat voor" in html and "csrfmiddlewaretoken" in html
    assert len(squeezed.content) < len(plain.content) / 3


def test_the_compressed_result_differs_in_length_from_response_to_response(
    client, kerkrade
):
    """BREACH: the answers and the CSRF token are in the compressed page, so
    its length must not tell an eavesdropper what they are. As Django's
    GZipMiddleware does, each response carries 0-99 random bytes in its gzip
    header (and the CSRF token is masked anew)."""
    import gzip

    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    lengths = []
    for _ in range(12):
        response = client.post(url(kerkrade), data, headers={"Accept-Encoding": "gzip"})
        assert response.content[3] & gzip.FNAME  # the random "file name"
        assert response["Content-Length"] == str(len(response.content))
        assert "Veiligheid gaat voor" in gzip.decompress(response.content).decode()
        lengths.append(len(response.content))
    # 12 draws from 0-99 spread over 20 bytes but once in millions of runs.
    assert max(lengths) - min(lengths) > 20


def test_an_edited_offer_shows_on_the_next_result(client, kerkrade):
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    wonen = Zorgpad.objects.get(slug="wonen")
    organisatie = make_organisatie(gemeenten=[kerkrade])
    make_aanbod(organisatie, wonen)
    assert organisatie.naam in client.post(url(kerkrade), data).content.decode()
    organisatie.naam = "Woonhulp met een nieuwe naam"
    organisatie.save()
    html = client.post(url(kerkrade), data).content.decode()
    assert "Woonhulp met een nieuwe naam" in html


def test_an_edited_zorgpad_shows_on_the_next_result(client, kerkrade):
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    client.post(url(kerkrade), data)  # questionnaire and zorgpaden kept
    wonen = Zorgpad.objects.get(slug="wonen")
    wonen.titel = "Een dak boven je hoofd"
    wonen.save()
    assert "Een dak boven je hoofd" in client.post(url(kerkrade), data).content.decode()


def _zonder_tokens(html):
    """The page without its per-response CSRF token (masked anew each time)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_page_around_a_step_is_the_step_htmx_swaps_in(client, kerkrade):
    """A full page is the kept frame with the step rendered into it: the
    very step htmx gets, once, where the page has its place."""
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    data |= {"stem": "professional", "sectie": "8", "actie": "volgende"}
    for _ in range(2):  # the frame made, then the frame kept
        page = _zonder_tokens(client.post(url(kerkrade), data).content.decode())
        step = client.post(url(kerkrade), data, headers={"HX-Request": "true"})
        step = _zonder_tokens(step.content.decode())
        assert "<html" not in step and 'id="stap-titel"' in step
        assert page.count(step) == 1
        assert page.index('<div id="screening"') < page.index(step)
        assert "<title>Uitslag – Screening in Kerkrade – Zorgpad</title>" in page


# --- what the screening keeps (screening/page.py) -----------------------------

RESULT = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()} | {
    "stem": "professional",
    "sectie": "8",
    "actie": "volgende",
}


def _frame_kept(client, address):
    """Make the tokens (a result makes both), then keep the frame of `address`."""
    from screening import page

    client.post(url(Gemeente.objects.get(slug="kerkrade")), RESULT)
    for _ in range(2):
        client.get(address)
    assert page._frames.values()


def test_a_rename_shows_in_a_frame_kept_before_it(client, kerkrade):
    """The frame (title, breadcrumbs) is kept per gemeente under its tokens:
    a rename shows at once, as on the cached pages."""
    address = url(kerkrade) + "?stem=professional"
    _frame_kept(client, address)
    kerkrade.naam = "Kerkrade-Centrum"
    kerkrade.save()  # as in the admin
    html = client.get(address).content.decode()
    assert (
        "<title>Stap 1 van 9 – Screening in Kerkrade-Centrum – Zorgpad</title>" in html
    )
    assert '<a href="/gemeente/kerkrade/">Kerkrade-Centrum</a>' in html


def test_the_review_flag_shows_in_a_frame_kept_before_it(client, kerkrade):
    """The notice on an added language's pages comes and goes with the
    national editor's mark, on the kept frame too."""
    from redactie.models import Taalversie

    turks = "/tr" + url(kerkrade) + "?stem=client"
    _frame_kept(client, turks)
    assert "vertaling-nieuw" in client.get(turks).content.decode()
    taalversie = Taalversie.objects.get(taal="tr")
    taalversie.nagekeken = True
    taalversie.save()  # as in the admin
    assert "vertaling-nieuw" not in client.get(turks).content.decode()


def test_the_title_follows_the_step_in_a_kept_frame(client, kerkrade):
    """One frame per gemeente and address: the title is the step's own."""
    _frame_kept(client, url(kerkrade) + "?stem=professional")
    first = client.get(url(kerkrade), {"stem": "professional"}).content.decode()
    assert "<title>Stap 1 van 9 – Screening in Kerkrade – Zorgpad</title>" in first
    data = FormReader(first).fields | {"actie": "volgende"}
    second = client.post(url(kerkrade), data).content.decode()
    assert "<title>Stap 2 van 9 – Screening in Kerkrade – Zorgpad</title>" in second
    result = client.post(url(kerkrade), RESULT).content.decode()
    assert "<title>Uitslag – Screening in Kerkrade – Zorgpad</title>" in result


def _edited_on_another_server_while_a_result_is_made(kerkrade, monkeypatch):
    """Another app server commits a rename (the gemeente, the first section)
    and replaces the national token while this server is making a result.
    Returns the next result this server makes."""
    from django.core.cache import cache as shared_cache
    from django.test import Client

    from screening import views
    from screening.models import Domein
    from zorgpad import cache

    dutch = url(kerkrade)
    # English first: the tokens exist, the Dutch contact blocks are not kept yet.
    Client().post("/en" + dutch, RESULT)
    domein = Domein.objects.filter(vragen__isnull=False).order_by("volgorde")[0]
    met_contact = views.met_contact

    def edited_on_another_server_meanwhile(gemeente, zorgpaden):
        Gemeente.objects.filter(pk=kerkrade.pk).update(naam="Kerkrade-Centrum")
        Domein.objects.filter(pk=domein.pk).update(titel="Nieuwe sectietitel")
        # What bump() on the other server leaves in the shared cache.
        shared_cache.set(
            cache._VERSION + cache.LANDELIJK, "another-server", cache.PAGE_TIMEOUT
        )
        return met_contact(gemeente, zorgpaden)

    monkeypatch.setattr(views, "met_contact", edited_on_another_server_meanwhile)
    Client().post(dutch, RESULT)
    monkeypatch.setattr(views, "met_contact", met_contact)
    return Client().post(dutch, RESULT)


def test_a_rename_on_another_server_during_a_result_shows_in_the_next_frame(
    kerkrade, monkeypatch
):
    """What a request keeps is kept under the tokens it read its data under
    (its first lookup), never under newer ones a later lookup of the same
    request found after an edit elsewhere."""
    later = _edited_on_another_server_while_a_result_is_made(kerkrade, monkeypatch)
    html = later.content.decode()
    assert "<title>Uitslag – Screening in Kerkrade-Centrum – Zorgpad</title>" in html
    assert '<a href="/gemeente/kerkrade/">Kerkrade-Centrum</a>' in html


def test_a_section_renamed_on_another_server_during_a_result_shows_next_time(
    kerkrade, monkeypatch
):
    from .test_consult import voortgang

    later = _edited_on_another_server_while_a_result_is_made(kerkrade, monkeypatch)
    assert voortgang(later)[0][0] == "Nieuwe sectietitel"


def test_made_up_query_strings_are_not_kept_in_memory(client, kerkrade):
    """Anyone can make up addresses: as the page cache does, the screening
    keeps no frame for an address with a query string of its own making
    (the language buttons repeat it; a 4 KB one made a 24 KB frame)."""
    from screening import page

    _frame_kept(client, url(kerkrade) + "?stem=client")
    before = page._frames.values()
    for n in range(5):
        response = client.get(
            url(kerkrade), {"stem": "client", "z": f"{n}{'x' * 4000}"}
        )
        assert response.status_code == 200
        assert f"z={n}x" in response.content.decode()  # its own language buttons
    assert page._frames.values() == before


def test_with_the_page_cache_off_nothing_is_kept(client, kerkrade, settings):
    from screening import page

    settings.ZORGPAD_PAGE_CACHE = False
    address = url(kerkrade) + "?stem=professional"
    stores = (page._frames, page._titels, page._uitslagen, page._signalen)
    stores += (page._voortgang,)
    before = [store.values() for store in stores]
    client.post(url(kerkrade), RESULT)
    client.get(address)
    Gemeente.objects.filter(pk=kerkrade.pk).update(naam="Kerkrade-Centrum")
    assert "Screening in Kerkrade-Centrum" in client.get(address).content.decode()
    assert [store.values() for store in stores] == before


# --- a short list per topic (screening/contact.py) ----------------------------


def test_a_result_lists_ten_organisations_per_topic_and_leads_to_the_rest(
    client, kerkrade
):
    """A conversation needs a short list: a topic with more local help than
    that shows the first ten and says its page lists them all; a national
    line is always shown. The note for the record gives the page's address.
    The path page lists all."""
    wonen = Zorgpad.objects.get(slug="wonen")
    for n in range(12):
        org = make_organisatie(gemeenten=[kerkrade], naam=f"Woonhulp {n:02d}")
        make_aanbod(org, wonen)
    landelijk = make_organisatie(naam="Landelijke woonlijn", landelijk=True)
    make_aanbod(landelijk, wonen)
    html = client.post(url(kerkrade), RESULT).content.decode()
    blokken = html.split('<li class="uitslag-pad">')[1:]
    [woon] = [b for b in blokken if 'id="pad-wonen"' in b]
    assert len(re.findall(r"<h3[^>]*>Woonhulp ", woon)) == 10
    assert "Woonhulp 00" in woon and "Woonhulp 10" not in woon
    assert "Landelijke woonlijn" in woon
    assert "Er zijn meer organisaties die hierbij kunnen helpen." in woon
    assert f'href="/gemeente/kerkrade/{wonen.slug}/"' in woon
    for blok in blokken:  # the other topics have fewer: no such sentence
        if blok is not woon:
            assert "Er zijn meer organisaties" not in blok
    data = FormReader(html).fields | {"actie": "dossier"}
    note = client.post(url(kerkrade), data).content.decode()
    woon_note = note.split(f". {wonen.titel}")[1].split("\n\n")[0]
    assert woon_note.count("- Woonhulp ") == 10
    assert "- Landelijke woonlijn" in woon_note
    assert woon_note.endswith(
        f"Meer organisaties: http://testserver/gemeente/kerkrade/{wonen.slug}/"
    )
    path_page = client.get(f"/gemeente/kerkrade/{wonen.slug}/").content.decode()
    assert all(f"Woonhulp {n:02d}" in path_page for n in range(12))


def test_ten_local_organisations_are_not_cut(client, kerkrade):
    from gemeenten.models import Aanbod, Werkgebied

    wonen = Zorgpad.objects.get(slug="wonen")
    hier = (  # the local and regional ones the result counts
        Aanbod.objects.op_pagina(kerkrade)
        .filter(zorgpad=wonen)
        .exclude(werkgebied=Werkgebied.LANDELIJK)
        .count()
    )
    for _ in range(10 - hier):
        make_aanbod(make_organisatie(gemeenten=[kerkrade]), wonen)
    html = client.post(url(kerkrade), RESULT).content.decode()
    assert "Er zijn meer organisaties" not in html
    make_aanbod(make_organisatie(gemeenten=[kerkrade]), wonen)  # the eleventh
    html = client.post(url(kerkrade), RESULT).content.decode()
    assert "Er zijn meer organisaties" in html


def test_the_short_list_reads_well_in_english(client, kerkrade):
    wonen = Zorgpad.objects.get(slug="wonen")
    for _ in range(11):
        make_aanbod(make_organisatie(gemeenten=[kerkrade]), wonen)
    html = client.post("/en/gemeente/kerkrade/screening/", RESULT).content.decode()
    assert "More organisations can help with this." in html
    data = FormReader(html).fields | {"actie": "dossier"}
    note = client.post("/en/gemeente/kerkrade/screening/", data).content.decode()
    assert "More organisations: http://testserver/en/gemeente/kerkrade/wonen/" in note


# --- the result kept around the answers (screening/page.py) -------------------

RESULTS = {
    "safety, professional": RESULT,
    "no safety, client": {**RESULT, "v-veilig-thuis": "ja", "stem": "client"},
    "nothing, professional": {
        "stem": "professional",
        "sectie": "8",
        "actie": "volgende",
    },
    "no safety, professional": {**RESULT, "v-veilig-thuis": "ja"},
}


def _checked(html, data):
    """What each kind of result must show: asserted, for a page made from
    what was kept after other kinds."""
    answers = {k: v for k, v in data.items() if k.startswith("v-")}
    assert {k: v for k, v in FormReader(html).fields.items() if k.startswith("v-")} == (
        answers
    )
    assert ('class="safety"' in html) == (answers.get("v-veilig-thuis") == "nee")
    assert ('id="dossier-tekst"' in html) == (data["stem"] == "professional")
    assert ('class="link-list columns"' in html) == (not answers)  # every topic
    assert ('class="mee-link"' in html) == bool(answers)
    assert ('<li class="uitslag-pad">' in html) == bool(answers)


@pytest.mark.parametrize("language", ["", "/en"])
def test_each_kind_of_result_made_from_what_is_kept_is_its_own(
    client, kerkrade, settings, language
):
    """Kinds of result one after another, each made from what the others
    kept: each shows its own answers, safety notice, voice and topics, and
    is the very page rendered with nothing kept (full page and htmx)."""
    from screening import page

    address = f"{language}/gemeente/kerkrade/screening/"
    for kinds in (list(RESULTS), list(reversed(RESULTS))):
        for kind in kinds:
            data = RESULTS[kind]
            for headers in ({}, {"HX-Request": "true"}):
                settings.ZORGPAD_PAGE_CACHE = False
                whole = client.post(address, data, headers=headers)
                settings.ZORGPAD_PAGE_CACHE = True
                kept = client.post(address, data, headers=headers)
                assert kept.status_code == whole.status_code == 200
                _checked(kept.content.decode(), data)
                assert _zonder_tokens(kept.content.decode()) == _zonder_tokens(
                    whole.content.decode()
                )
    assert page._uitslagen.values()


def test_one_result_keeps_every_kind_so_what_is_kept_tells_nothing(client, kerkrade):
    """What is kept per gemeente, language and voice holds every kind of
    result at once, whichever kind the first visitor got."""
    from screening import page

    client.post(url(kerkrade), RESULTS["no safety, professional"])
    assert page._uitslagen.values()
    for soorten in page._uitslagen.values():
        assert set(soorten) == set(page._SOORTEN)


def test_a_rename_shows_in_a_result_kept_before_it(client, kerkrade):
    client.post(url(kerkrade), RESULT)
    client.post(url(kerkrade), RESULT)
    kerkrade.naam = "Kerkrade-Centrum"
    kerkrade.save()  # as in the admin
    html = client.post(url(kerkrade), RESULT).content.decode()
    assert "hulp in Kerkrade-Centrum" in html


def test_nothing_the_screening_keeps_in_memory_holds_an_answer(client, kerkrade):
    """The frames, results and progress lists kept in this process are the
    same for every visitor: no answer, reason, hidden field, take-home code
    or token is in them."""
    from screening import page

    from .test_privacy import TRACES

    for data in RESULTS.values():
        for _ in range(2):
            client.post(url(kerkrade), data)
    html = client.post(url(kerkrade), RESULT).content.decode()
    assert "Voelt zich thuis niet veilig" in html
    code = re.search(r'class="mee-link">[^<]*/lijst/([^/<]+)/', html).group(1)
    kept = "\n".join(
        # A kept part: its texts, alternating with the names of its places.
        "".join(f"<!--{t}-->" if i % 2 else t for i, t in enumerate(parts))
        for store in (page._frames, page._titels, page._signalen)
        for parts in store.values()
    )
    kept += "\n".join(
        "".join(f"<!--{t}-->" if i % 2 else t for i, t in enumerate(parts))
        for soorten in page._uitslagen.values()
        for parts in soorten.values()
    ) + "".join(page._voortgang.values())
    assert page._uitslagen.values()
    for trace in [*TRACES, 'name="v-', code]:
        assert trace not in kept, trace
    # The form's token has a place of its own, filled per response.
    assert 'name="csrfmiddlewaretoken" value="<!--csrf_token-->"' in kept
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^<]', kept)


def test_a_result_that_cannot_be_kept_is_rendered_once(client, kerkrade, monkeypatch):
    """Without a token for the gemeente (none made yet, or expired) nothing
    can be kept: only the kind of result asked for is rendered, not all."""
    from django.core.cache import cache as shared_cache

    from screening import page
    from zorgpad import cache

    nothing = RESULTS["nothing, professional"]
    client.post(url(kerkrade), nothing)
    assert shared_cache.get(cache._VERSION + cache.gemeente_scope("kerkrade")) is None
    rendered = []
    render_to_string = page.render_to_string

    def counted(name, *args, **kwargs):
        rendered.append(name)
        return render_to_string(name, *args, **kwargs)

    monkeypatch.setattr(page, "render_to_string", counted)
    for _ in range(3):
        client.post(url(kerkrade), nothing)
    assert rendered.count(page.UITSLAG) == 3
