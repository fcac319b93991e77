"""Every public page costs a small, fixed number of queries, whatever the data."""

import pytest
from django.db import connection
from django.urls import reverse

from gemeenten.models import Regio, Zorgpad
from screening import meenemen
from statistieken.models import Telling

from .conftest import make_aanbod, make_organisatie, queries_of

pytestmark = pytest.mark.django_db

# Pinned per page; the closing note of the directory issue lists these.
# The overview and path pages each count the visit (statistieken/counting.py):
# one statement on PostgreSQL, four in-process statements (one per level) in
# one transaction on SQLite, which has no data-modifying WITH.
COUNTER = 1 if connection.vendor == "postgresql" else 4
MAX_QUERIES = {
    "home": 1,
    "search": 1,
    "gemeente": 3 + COUNTER,
    "zorgpad": 4 + COUNTER,
    "zorgpad in English": 4 + COUNTER,
    "take-home list": 3,
    "handout without signals": 2,
}
# The friendly 404s: a mistyped gemeente (search, then similar names) and a
# mistyped zorgpad in an existing gemeente; each plus one lookup of the old
# addresses of renamed and merged gemeenten (gemeenten/middleware.py).
MAX_404_QUERIES = {"/gemeente/kerkraade/": 5, "/gemeente/kerkrade/bestaat-niet/": 5}
# What the page cache itself costs with the database cache (the default
# without REDIS_URL; with Redis it is no query at all), apart from the page:
# on a hit, one query for the version tokens and the page kept at its address
# together (zorgpad/middleware.py: kept_pages); on a miss also that lookup by
# the view's own key, the writes of the page under both keys (each: count for
# culling, savepoint, select, insert, release) and, the first time, of the
# gemeente's token.
CACHE_HIT = 1
CACHE_MISS = 1 + 1 + 5 + 5 + 5
COUNTED = {"gemeente", "zorgpad", "zorgpad in English"}
# A browser's user agent, so that the visits are counted like a person's.
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}


def fill(gemeente, per_zorgpad):
    """Give every zorgpad `per_zorgpad` local and as many regional offers."""
    regio = Regio.objects.get(slug="zuid-limburg")
    for pad in Zorgpad.objects.all():
        for _ in range(per_zorgpad):
            make_aanbod(make_organisatie(gemeenten=[gemeente]), pad)
            make_aanbod(make_organisatie(regios=[regio]), pad)


def pages(gemeente):
    return {
        "home": reverse("gemeenten:home"),
        "search": reverse("gemeenten:home") + "?q=berg",
        "gemeente": gemeente.get_absolute_url(),
        "zorgpad": reverse("gemeenten:zorgpad", args=[gemeente.slug, "wonen"]),
        "zorgpad in English": f"/en/gemeente/{gemeente.slug}/wonen/",
        "take-home list": (
            # veiligheid-thuis and wonen (pks 1 and 5 in fixtures/zorgpaden.json)
            f"/gemeente/{gemeente.slug}/lijst/{meenemen.encode([1, 5])}/"
        ),
        "handout without signals": reverse("screening:folder", args=[gemeente.slug]),
    }


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_query_counts_do_not_grow_with_the_data(client, kerkrade, per_zorgpad):
    fill(kerkrade, per_zorgpad)
    for name, url in pages(kerkrade).items():
        response, own, cache = queries_of(client, url, headers=BROWSER)
        assert response.status_code == 200, name
        assert len(own) <= MAX_QUERIES[name], (name, own)
        assert len(cache) <= CACHE_MISS, (name, cache)
        # From the cache: nothing but the tokens with the page, and the count.
        response, own, cache = queries_of(client, url, headers=BROWSER)
        assert response.status_code == 200, name
        assert len(own) == (COUNTER if name in COUNTED else 0), (name, own)
        assert len(cache) == CACHE_HIT, (name, cache)
    for url, limit in MAX_404_QUERIES.items():
        response, own, cache = queries_of(client, url)
        assert response.status_code == 404
        assert len(own) <= limit, (url, own)
        # The lookups by address and by the view's key; nothing written.
        assert len(cache) <= 2, (url, cache)
        # A made-up address writes nothing into the cache.
        assert not [sql for sql in cache if "INSERT" in sql], url
    # The visits were counted within those limits.
    assert Telling.objects.filter(soort="pad").exists()
    html = client.get(pages(kerkrade)["zorgpad"]).content.decode()
    assert html.count('class="organisatie"') >= 2 * per_zorgpad


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_the_topic_search_costs_what_the_page_costs_without_counting(
    client, kerkrade, django_assert_max_num_queries, per_zorgpad
):
    fill(kerkrade, per_zorgpad)
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
        # gemeente 1, offers per zorgpad 1, zorgpaden 1; the words are matched
        # in memory, and a search is not counted.
        with django_assert_max_num_queries(3):
            response = client.post(
                kerkrade.get_absolute_url(), {"zorg": "huur"}, headers=BROWSER, **extra
            )
        assert 'href="/gemeente/kerkrade/wonen/"' in response.content.decode()


def test_with_the_production_buffer_a_visit_costs_no_query_for_counting(
    client, kerkrade, settings
):
    from statistieken import counting

    settings.ZORGPAD_COUNTING_BUFFER = 60
    try:
        for name in ("gemeente", "zorgpad"):
            _, own, _ = queries_of(client, pages(kerkrade)[name], headers=BROWSER)
            assert len(own) <= MAX_QUERIES[name] - COUNTER
            # A page from the cache: no query of its own at all.
            _, own, _ = queries_of(client, pages(kerkrade)[name], headers=BROWSER)
            assert own == []
        assert len(counting.buffer.take()) == 2  # waiting for the timer
    finally:
        counting.buffer.take()


@pytest.mark.parametrize("per_zorgpad", [1, 10])
def test_a_screening_result_costs_no_query_of_its_own_once_its_parts_are_kept(
    client, kerkrade, per_zorgpad
):
    """The result is never cached whole (it holds the answers), but what it
    is made of is: the gemeente, the questionnaire and each zorgpad's block
    for this gemeente. With more offers it still costs the same."""
    from .test_screening import ZORGEN
    from .test_screening import url as screening_url

    fill(kerkrade, per_zorgpad)
    data = {f"v-{vraag}": optie for vraag, optie in ZORGEN.items()}
    # Past the result already (verst): not counted again, so no query for that.
    data |= {"stem": "professional", "sectie": "9", "verst": "9", "actie": "taal"}
    client.post(screening_url(kerkrade), data)  # the parts are made and kept
    response, own, cache = queries_of_post(client, screening_url(kerkrade), data)
    assert response.status_code == 200
    assert "Veiligheid gaat voor" in response.content.decode()
    assert own == []
    # The database cache: the tokens; the zorgpaden's blocks are still in
    # this process's memory, kept with those tokens.
    assert len(cache) == 1, cache


def queries_of_post(client, url, data):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    sqls = [q["sql"] for q in captured.captured_queries]
    cache = [s for s in sqls if "zorgpad_cache" in s or "SAVEPOINT" in s]
    return response, [s for s in sqls if s not in cache], cache
