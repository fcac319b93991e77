"""N simultaneous visits make exactly N counts: threads, each with its own
database connection, hit the same counter rows through the real views, on
SQLite (a file database in WAL mode) and on PostgreSQL alike."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from statistieken import counting, views
from statistieken.models import LandMaandTelling, MaandTelling, Soort, Telling

from .conftest import make_aanbod, make_gemeente, make_organisatie, make_zorgpad
from .test_counting import assert_levels_agree

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
THREADS = 8
PER_THREAD = 12


def totals(model, soort):
    return sum(model.objects.filter(soort=soort).values_list("aantal", flat=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("buffer", [0, 0.01], ids=["direct", "buffered"])
def test_concurrent_visits_are_counted_exactly(monkeypatch, settings, buffer):
    # Exactness, not the flood guard, is under test here.
    monkeypatch.setattr(views, "click_limiter", views.Limiter(per_minute=10**6))
    # Buffered: a tiny buffer and timer, so that threads and timers flush
    # all the time, side by side.
    settings.ZORGPAD_COUNTING_BUFFER = buffer
    monkeypatch.setattr(counting.Buffer, "MAX_KEYS", 3)
    # Its own data: a transactional test may run after another one has
    # flushed the reference data.
    gemeente = make_gemeente()
    pad = make_zorgpad()
    aanbod = make_aanbod(make_organisatie(gemeenten=[gemeente]), pad)
    page = reverse("gemeenten:zorgpad", args=[gemeente.slug, pad.slug])
    click = reverse("statistieken:klik", args=[gemeente.slug, aanbod.pk, "telefoon"])
    start = threading.Barrier(THREADS)

    def visitor(_):
        client = Client(headers={"User-Agent": BROWSER})
        start.wait()  # all threads write at the same moment
        try:
            statuses = []
            for _ in range(PER_THREAD):
                statuses.append(client.get(page).status_code)
                statuses.append(client.post(click).status_code)
                counting.record_screening(gemeente, [pad])
            return statuses
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [s for result in pool.map(visitor, range(THREADS)) for s in result]

    counting.flush()  # what is still waiting, then what timers are writing
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.join(10)
    n = THREADS * PER_THREAD
    assert statuses.count(200) == n and statuses.count(204) == n
    assert_levels_agree()
    for model in (Telling, MaandTelling, LandMaandTelling):
        assert totals(model, Soort.PAD) == n
        assert totals(model, Soort.TELEFOON) == n
        assert totals(model, Soort.SCREENING) == n
        assert totals(model, Soort.GESIGNALEERD) == n
    # Still one row per day and kind: no duplicate rows from racing inserts.
    assert Telling.objects.count() in (4, 8)  # 8 if the test crossed midnight
