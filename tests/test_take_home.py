"""The take-home list reveals nothing in its address or title: a partner who
checks the client's phone (history, QR code, an access log) sees an opaque
code, not the topics (issue 12, defect 2)."""

import re

import pytest

from gemeenten.models import Zorgpad
from screening.results import qr_svg

from .conftest import make_zorgpad
from .test_screening import signalled, walk, zorgen

pytestmark = pytest.mark.django_db


def take_home_link(result_html):
    return re.search(
        r'<a href="(http://testserver/[^"]+)" class="mee-link"', result_html
    )[1]


def words_of_every_zorgpad():
    """Slugs, titles and their words, Dutch and English."""
    words = set()
    for pad in Zorgpad.objects.all():
        for text in (pad.slug, pad.titel_nl, pad.titel_en or ""):
            words.add(text.lower())
            words.update(w for w in re.split(r"[^a-z]+", text.lower()) if len(w) > 3)
    words.discard("")
    return words


def test_no_topic_in_the_take_home_address_title_or_qr(client, kerkrade):
    result = walk(client, kerkrade, "client", zorgen)[-1].content.decode()
    link = take_home_link(result)
    path = link.removeprefix("http://testserver")
    code = path.removeprefix(f"/gemeente/{kerkrade.slug}/")
    for word in words_of_every_zorgpad():
        assert word not in code, (word, link)
    assert len(code) < 20, code  # compact, so the QR code stays small
    # The QR code carries this same address.
    assert qr_svg(link, "QR-code met de link naar deze hulp") in result

    handout = client.get(path)
    assert handout.status_code == 200
    assert signalled(handout) == ["veiligheid-thuis", "geldzorgen-en-schulden", "wonen"]
    title = re.search(r"<title>(.*?)</title>", handout.content.decode(), re.S)[1]
    for word in words_of_every_zorgpad():
        assert word not in title.lower(), (word, title)
    assert "no-store" in handout["Cache-Control"]
    assert handout["Referrer-Policy"] == "no-referrer"


def test_the_address_is_stable_and_survives_new_zorgpaden(client, kerkrade):
    result = walk(client, kerkrade, "client", zorgen)[-1].content.decode()
    before = take_home_link(result)
    make_zorgpad(volgorde=1, slug="nieuw-onderwerp")  # added nationally later
    again = walk(client, kerkrade, "client", zorgen)[-1].content.decode()
    assert take_home_link(again) == before
    handout = client.get(before.removeprefix("http://testserver"))
    assert signalled(handout) == ["veiligheid-thuis", "geldzorgen-en-schulden", "wonen"]


def test_old_take_home_links_redirect_to_the_opaque_address(client, kerkrade):
    result = walk(client, kerkrade, "client", zorgen)[-1].content.decode()
    new = take_home_link(result).removeprefix("http://testserver")
    old = (
        f"/gemeente/{kerkrade.slug}/mee/veiligheid-thuis+geldzorgen-en-schulden+wonen/"
    )
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    # Unknown slugs are left out, as before; none known is a 404.
    wonen = client.get(f"/gemeente/{kerkrade.slug}/mee/bestaat-niet+wonen/")
    assert signalled(client.get(wonen["Location"])) == ["wonen"]
    assert client.get(f"/gemeente/{kerkrade.slug}/mee/bestaat-niet/").status_code == 404
    # English links stay English.
    english = client.get(f"/en/gemeente/{kerkrade.slug}/mee/wonen/")
    assert english["Location"].startswith(f"/en/gemeente/{kerkrade.slug}/")


@pytest.mark.parametrize(
    "code",
    [
        "1",  # bit 0: no zorgpad has key 0
        "0",  # not canonical
        "01",
        "-1",
        "z" * 101,  # longer than any real code
        "%C3%A9",
    ],
)
def test_a_code_that_names_no_zorgpad_is_a_404(client, kerkrade, code):
    response = client.get(f"/gemeente/{kerkrade.slug}/lijst/{code}/")
    assert response.status_code == 404
