"""Usage counting: what a visitor's page views, clicks and screenings add to
the anonymous counters, and what is left out (bots, HEAD, staff)."""

import datetime
import time
from collections import defaultdict

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from statistieken import counting, views
from statistieken.models import (
    GemeenteMaandTelling,
    LandMaandTelling,
    MaandTelling,
    Soort,
    Telling,
)

from .conftest import make_aanbod, make_gemeente, make_organisatie, make_zorgpad

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0"
UTC = datetime.UTC


def assert_levels_agree():
    """Every level of models.py holds the same events, summed differently."""
    daily = defaultdict(int)
    for row in Telling.objects.all():
        daily[row.dag.replace(day=1), row.gemeente_id, row.zorgpad_id, row.soort] += (
            row.aantal
        )
    monthly = {
        (r.maand, r.gemeente_id, r.zorgpad_id, r.soort): r.aantal
        for r in MaandTelling.objects.all()
    }
    assert monthly == dict(daily)
    per_gemeente, national = defaultdict(int), defaultdict(int)
    for (maand, gemeente, zorgpad, soort), n in monthly.items():
        per_gemeente[maand, gemeente, soort] += n
        national[maand, zorgpad, soort] += n
    assert {
        (r.maand, r.gemeente_id, r.soort): r.aantal
        for r in GemeenteMaandTelling.objects.all()
    } == dict(per_gemeente)
    assert {
        (r.maand, r.zorgpad_id, r.soort): r.aantal
        for r in LandMaandTelling.objects.all()
    } == dict(national)


def counted(soort, gemeente, zorgpad=None):
    """The day total and the month total of one kind, which must agree."""
    assert_levels_agree()
    day = sum(
        Telling.objects.filter(
            soort=soort, gemeente=gemeente, zorgpad=zorgpad
        ).values_list("aantal", flat=True)
    )
    month = sum(
        MaandTelling.objects.filter(
            soort=soort, gemeente=gemeente, zorgpad=zorgpad
        ).values_list("aantal", flat=True)
    )
    assert day == month, (soort, day, month)
    return day


@pytest.fixture
def visitor():
    return Client(headers={"User-Agent": BROWSER})


@pytest.fixture
def offer(kerkrade, zorgpad):
    org = make_organisatie(
        gemeenten=[kerkrade],
        telefoon="012-345 67 89",
        email="info@voorbeeld.example",
        website="https://voorbeeld.example/",
    )
    return make_aanbod(org, zorgpad)


def klik_url(gemeente, aanbod, soort):
    return reverse("statistieken:klik", args=[gemeente.slug, aanbod.pk, soort])


def test_page_views_count_per_gemeente_and_zorgpad(visitor, kerkrade, zorgpad):
    visitor.get(kerkrade.get_absolute_url())
    visitor.get(kerkrade.get_absolute_url())
    visitor.get(reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug]))
    assert counted(Soort.OVERZICHT, kerkrade) == 2
    assert counted(Soort.PAD, kerkrade, zorgpad) == 1
    assert counted(Soort.PAD, kerkrade) == 0  # path views always name the path
    # One row per day and kind, however many visits.
    assert Telling.objects.filter(soort=Soort.OVERZICHT).count() == 1


def test_unknown_pages_count_nothing(visitor, kerkrade):
    visitor.get("/gemeente/kerkrade/bestaat-niet/")
    visitor.get("/gemeente/bestaat-niet/")
    assert not Telling.objects.exists()


@pytest.mark.parametrize("soort", ["telefoon", "email", "website"])
def test_contact_click_is_counted_for_the_offers_zorgpad(
    visitor, kerkrade, zorgpad, offer, soort
):
    # What a visitor sends for <a ping>: a POST without CSRF token.
    response = visitor.post(
        klik_url(kerkrade, offer, soort),
        data="PING",
        content_type="text/ping",
        headers={"Ping-To": "tel:0123456789"},
    )
    assert response.status_code == 204
    assert counted(soort, kerkrade, zorgpad) == 1
    assert Telling.objects.count() == 1


def test_click_endpoint_needs_no_csrf_token_and_sets_no_cookie(kerkrade, offer):
    client = Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER})
    response = client.post(klik_url(kerkrade, offer, "telefoon"))
    assert response.status_code == 204
    assert not response.cookies
    assert counted(Soort.TELEFOON, kerkrade, offer.zorgpad) == 1


def test_click_endpoint_rejects_garbage_without_counting(
    visitor, kerkrade, heerlen, zorgpad, offer
):
    no_email = make_aanbod(
        make_organisatie(gemeenten=[kerkrade], email=""), offer.zorgpad
    )
    elsewhere = make_aanbod(make_organisatie(gemeenten=[heerlen]), zorgpad)
    hidden = make_aanbod(
        make_organisatie(gemeenten=[kerkrade]), make_zorgpad(), gepubliceerd=False
    )
    base = f"/teller/{kerkrade.slug}"
    for url, status in [
        (klik_url(kerkrade, offer, "fax"), 404),
        (klik_url(kerkrade, no_email, "email"), 404),
        (klik_url(kerkrade, elsewhere, "telefoon"), 404),  # not shown in Kerkrade
        (klik_url(kerkrade, hidden, "telefoon"), 404),
        (f"/teller/onbekend/{offer.pk}/telefoon/", 404),
        (f"{base}/999999999/telefoon/", 404),
        (f"{base}/99999999999999999999999/telefoon/", 404),
        (f"{base}/abc/telefoon/", 404),
    ]:
        assert visitor.post(url).status_code == status, url
    assert visitor.get(klik_url(kerkrade, offer, "telefoon")).status_code == 405
    assert not Telling.objects.exists()


def test_clicks_are_rate_limited_per_offer(visitor, kerkrade, offer, monkeypatch):
    monkeypatch.setattr(views, "click_limiter", views.Limiter(per_minute=3))
    url = klik_url(kerkrade, offer, "website")
    statuses = [visitor.post(url).status_code for _ in range(5)]
    assert statuses == [204, 204, 204, 429, 429]
    assert counted(Soort.WEBSITE, kerkrade, offer.zorgpad) == 3


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_and_scripts_are_not_counted(kerkrade, offer, user_agent):
    client = Client(headers={"User-Agent": user_agent})
    assert client.get(kerkrade.get_absolute_url()).status_code == 200
    assert client.post(klik_url(kerkrade, offer, "telefoon")).status_code == 204
    assert not Telling.objects.exists()


def test_head_requests_and_prefetches_are_not_counted(visitor, kerkrade):
    # Link checkers and monitors get a 200 for HEAD, but no count.
    assert visitor.head(kerkrade.get_absolute_url()).status_code == 200
    visitor.get(kerkrade.get_absolute_url(), headers={"Sec-Purpose": "prefetch"})
    assert not Telling.objects.exists()
    request = RequestFactory().head("/", headers={"User-Agent": BROWSER})
    assert not counting.is_countable(request)


def test_staff_previews_are_not_counted(
    visitor, officer_kerkrade, kerkrade, offer, zorgpad
):
    visitor.force_login(officer_kerkrade)
    visitor.get(kerkrade.get_absolute_url())
    visitor.get(reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug]))
    visitor.post(klik_url(kerkrade, offer, "email"))
    assert not Telling.objects.exists()


def test_counting_sets_no_cookie_and_stores_nothing_about_the_visitor(
    visitor, kerkrade, zorgpad
):
    for url in (
        kerkrade.get_absolute_url(),
        reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug]),
    ):
        assert not visitor.get(url).cookies
    fields = {f.name for f in Telling._meta.get_fields()}
    assert fields == {"id", "dag", "gemeente", "zorgpad", "soort", "aantal"}


def test_the_csp_lets_pings_and_beacons_reach_only_this_site(visitor, kerkrade):
    # <a ping> and navigator.sendBeacon are fetches under connect-src.
    csp = visitor.get(kerkrade.get_absolute_url())["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["connect-src"] == "'self'"


def test_counting_can_be_switched_off(visitor, kerkrade, settings):
    settings.ZORGPAD_COUNTING = False
    visitor.get(kerkrade.get_absolute_url())
    counting.record_screening(kerkrade, [])
    assert not Telling.objects.exists()


def test_screening_counts_once_and_each_signalled_path_once(kerkrade):
    a, b = make_zorgpad(), make_zorgpad()
    counting.record_screening(kerkrade, [a, b, a])
    counting.record_screening(kerkrade, [b])
    counting.record_screening(kerkrade, [])
    assert counted(Soort.SCREENING, kerkrade) == 3
    assert counted(Soort.GESIGNALEERD, kerkrade, a) == 1
    assert counted(Soort.GESIGNALEERD, kerkrade, b) == 2


def test_error_reports_are_counted(kerkrade, zorgpad):
    counting.record_melding(kerkrade)
    counting.record_melding(kerkrade.pk, zorgpad.pk)
    counting.record(Soort.MELDING, kerkrade)
    assert counted(Soort.MELDING, kerkrade) == 2
    assert counted(Soort.MELDING, kerkrade, zorgpad) == 1


def test_days_and_months_are_those_of_amsterdam(kerkrade):
    # 23:30 UTC on 31 January is 00:30 on 1 February in Amsterdam (CET).
    counting.record(
        Soort.OVERZICHT,
        kerkrade,
        moment=datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
    )
    # 21:59 UTC on 31 July is 23:59 on 31 July (CEST): still July.
    counting.record(
        Soort.OVERZICHT,
        kerkrade,
        moment=datetime.datetime(2026, 7, 31, 21, 59, tzinfo=UTC),
    )
    assert list(Telling.objects.order_by("dag").values_list("dag", flat=True)) == [
        datetime.date(2026, 2, 1),
        datetime.date(2026, 7, 31),
    ]
    assert list(
        MaandTelling.objects.order_by("maand").values_list("maand", flat=True)
    ) == [datetime.date(2026, 2, 1), datetime.date(2026, 7, 1)]


@pytest.fixture
def buffered(settings):
    """Counts wait in the process's buffer, as in production."""
    settings.ZORGPAD_COUNTING_BUFFER = 60
    yield counting.buffer
    counting.buffer.take()  # leave nothing behind for the next test


def test_buffered_counts_are_written_exactly_on_flush(
    buffered, visitor, kerkrade, zorgpad
):
    visitor.get(kerkrade.get_absolute_url())
    visitor.get(reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug]))
    visitor.get(reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug]))
    counting.record_screening(kerkrade, [zorgpad])
    assert not Telling.objects.exists()  # still waiting
    counting.flush()
    assert counted(Soort.OVERZICHT, kerkrade) == 1
    assert counted(Soort.PAD, kerkrade, zorgpad) == 2
    assert counted(Soort.SCREENING, kerkrade) == 1
    assert counted(Soort.GESIGNALEERD, kerkrade, zorgpad) == 1
    counting.flush()  # an empty buffer writes nothing more
    assert counted(Soort.PAD, kerkrade, zorgpad) == 2


def test_a_full_buffer_is_written_at_once(buffered, kerkrade, monkeypatch):
    monkeypatch.setattr(counting.Buffer, "MAX_KEYS", 3)
    paden = [make_zorgpad() for _ in range(3)]
    counting.record(Soort.PAD, kerkrade, paden[0])
    counting.record(Soort.PAD, kerkrade, paden[1])
    assert not Telling.objects.exists()
    counting.record(Soort.PAD, kerkrade, paden[2])
    assert [counted(Soort.PAD, kerkrade, p) for p in paden] == [1, 1, 1]


def test_counts_wait_when_the_database_refuses(buffered, kerkrade, monkeypatch):
    counting.record(Soort.OVERZICHT, kerkrade)
    monkeypatch.setattr(counting, "_write", lambda events: False)
    counting.flush()
    monkeypatch.undo()
    counting.flush()
    assert counted(Soort.OVERZICHT, kerkrade) == 1


@pytest.mark.django_db(transaction=True)
def test_the_timer_writes_buffered_counts_by_itself(settings):
    settings.ZORGPAD_COUNTING_BUFFER = 0.05
    gemeente = make_gemeente()
    counting.record(Soort.OVERZICHT, gemeente)
    for _ in range(100):
        if Telling.objects.exists():
            break
        time.sleep(0.05)
    assert counted(Soort.OVERZICHT, gemeente) == 1
