"""Cached public pages stay honest: fresh on every app server after any kind
of edit, counted once per visit, and holding nothing of one request."""

import datetime
import gzip
import itertools
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.handlers.base import BaseHandler
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gemeenten.models import Aanbod, Organisatie
from statistieken.models import Telling
from zorgpad import cache as page_cache

from .conftest import make_aanbod, make_organisatie, queries_of, redis_cache_settings
from .test_bulk import csv_file, export, read_csv

pytestmark = pytest.mark.django_db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}
PHONE = "045-999 88 77"


class AppServer:
    """One app server: its own cache client (connection pool, or database
    cache object) on the shared cache, and its own visitors."""

    def __init__(self):
        self.cache = caches.create_connection("default")
        self.client = Client(headers=BROWSER)

    def get(self, url, **kwargs):
        with mock.patch.object(page_cache, "cache", self.cache):
            return self.client.get(url, **kwargs)

    def post(self, client, url, data, **kwargs):
        """A back-office request handled by this server."""
        with mock.patch.object(page_cache, "cache", self.cache):
            return client.post(url, data, **kwargs)

    def html(self, url, **kwargs):
        response = self.get(url, **kwargs)
        assert response.status_code == 200, url
        return response.content.decode()

    def served_from_cache(self, url):
        with mock.patch.object(page_cache, "cache", self.cache):
            response, own, _ = queries_of(self.client, url, headers={"User-Agent": ""})
        return response.status_code == 200 and own == []


@pytest.fixture(params=["database cache", "redis"])
def servers(request, settings):
    """Two app servers on the shared cache: the database cache (the default)
    or a real Redis server."""
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        settings.CACHES = redis_cache_settings(server.url)
        caches["default"].clear()
    yield AppServer(), AppServer()
    if request.param == "redis":
        caches["default"].clear()  # outside the test's transaction


@pytest.fixture
def org(kerkrade, zorgpad):
    org = make_organisatie(
        naam="Wijkteam Kerkrade",
        gemeenten=[kerkrade],
        laatst_gecontroleerd=datetime.date(2024, 3, 1),
    )
    make_aanbod(org, zorgpad, omschrijving="Hulp bij geld.")
    return org


@pytest.fixture
def alice(officer_kerkrade):
    client = Client()
    client.force_login(officer_kerkrade)
    return client


def path_page(gemeente, zorgpad):
    return reverse("gemeenten:zorgpad", args=[gemeente.slug, zorgpad.slug])


def warm(server, *urls):
    """Fill the server's cache and check it serves from there."""
    for url in urls:
        server.html(url)
        assert server.served_from_cache(url), url


def admin(name, *args):
    return reverse(f"admin:gemeenten_{name}", args=args)


def org_form(org, kerkrade, **changes):
    data = {
        "naam": org.naam,
        "beschrijving": org.beschrijving,
        "telefoon": org.telefoon,
        "gemeenten": [kerkrade.pk],
        "laatst_gecontroleerd": org.laatst_gecontroleerd.isoformat(),
        "gepubliceerd": "on",
        "aanbod-TOTAL_FORMS": "0",
        "aanbod-INITIAL_FORMS": "0",
    }
    return data | changes


# --- freshness after every kind of edit, on the other server --------------------


def test_an_admin_change_is_fresh_on_the_other_server(
    servers, alice, org, kerkrade, zorgpad
):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    warm(b, page, f"/en{page}")
    response = a.post(
        alice,
        admin("organisatie_change", org.pk),
        org_form(org, kerkrade, telefoon=PHONE),
    )
    assert response.status_code == 302
    assert PHONE in b.html(page)
    assert PHONE in b.html(f"/en{page}")  # both languages


def on_another_connection(work):
    """`work()` in a thread of its own, as another app server would."""
    import threading

    from django.db import connections

    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_a_page_kept_while_an_edit_was_not_committed_is_not_served_after_it(
    redis_cache, org, kerkrade, zorgpad, django_capture_on_commit_callbacks
):
    """Another server may render a page from the data before an edit's
    transaction commits, under the tokens the edit wrote at once: the
    tokens are replaced again at the commit, so that page is never served.
    (Redis: the database cache writes the tokens in the edit's transaction,
    so another server waits for its commit.)"""
    b = AppServer()
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    with django_capture_on_commit_callbacks() as at_commit:
        org.telefoon = PHONE
        org.save()

        # The other server: its own thread and database connection, which
        # does not see the edit before the commit (a visit not counted: the
        # count would wait for this transaction's row).
        def render_and_keep():
            html = b.get(page, headers={"User-Agent": ""}).content.decode()
            return html, b.served_from_cache(page)

        before, kept = on_another_connection(render_and_keep)
        assert PHONE not in before
        assert kept  # kept under the tokens the edit wrote at once
    assert at_commit, "no token write waits for the commit"
    for callback in at_commit:
        callback()  # the commit
    assert not b.served_from_cache(page)
    assert PHONE in b.html(page)


def test_an_inline_change_is_fresh_on_the_other_server(
    servers, alice, org, kerkrade, zorgpad
):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    aanbod = org.aanbod.get()
    data = org_form(
        org,
        kerkrade,
        **{
            "aanbod-TOTAL_FORMS": "1",
            "aanbod-INITIAL_FORMS": "1",
            "aanbod-0-id": aanbod.pk,
            "aanbod-0-organisatie": org.pk,
            "aanbod-0-zorgpad": zorgpad.pk,
            "aanbod-0-omschrijving": "Nieuwe omschrijving van het inloopspreekuur.",
            "aanbod-0-volgorde": 100,
            "aanbod-0-gepubliceerd": "on",
        },
    )
    response = a.post(alice, admin("organisatie_change", org.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Nieuwe omschrijving van het inloopspreekuur." in b.html(page)


def test_a_delete_is_fresh_on_the_other_server(servers, alice, org, kerkrade, zorgpad):
    a, b = servers
    page, overview = path_page(kerkrade, zorgpad), kerkrade.get_absolute_url()
    warm(b, page, overview)
    response = a.post(alice, admin("organisatie_delete", org.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Organisatie.objects.filter(pk=org.pk).exists()
    assert "Wijkteam Kerkrade" not in b.html(page)
    assert not b.served_from_cache(overview) and b.served_from_cache(overview)


def test_an_import_is_fresh_on_the_other_server(servers, alice, org, kerkrade, zorgpad):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    orgs = reverse("admin:gemeenten_organisatie_changelist")
    imports = reverse("admin:gemeenten_organisatie_import")
    rows = read_csv(export(alice, orgs, [org.pk]))
    rows[1][rows[0].index("telefoon")] = PHONE
    response = a.post(alice, imports, {"bestand": csv_file(rows)})
    assert PHONE not in b.html(page)  # the dry run wrote nothing
    payload = response.context["payload"]
    response = a.post(alice, imports, {"payload": payload, "bevestig": "1"})
    assert response.status_code == 302
    assert PHONE in b.html(page)


def test_a_verification_mark_is_fresh_on_the_other_server(
    servers, alice, org, kerkrade, zorgpad
):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    assert "1 maart 2024" in b.html(page)
    a.post(alice, admin("organisatie_gecontroleerd", org.pk), {})
    org.refresh_from_db()
    assert org.laatst_gecontroleerd == timezone.localdate()
    # The offer's own date is unset, so the page shows the organisation's.
    assert "1 maart 2024" not in b.html(page)


def test_an_admin_action_on_offers_is_fresh_on_the_other_server(
    servers, alice, org, kerkrade, zorgpad
):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    Aanbod.objects.filter(organisatie=org).update(
        laatst_gecontroleerd=datetime.date(2023, 5, 2)
    )
    warm(b, page)
    assert "1 maart 2024" not in b.html(page) and "2 mei 2023" in b.html(page)
    aanbod = org.aanbod.get()
    a.post(
        alice,
        admin("aanbod_changelist"),
        {"action": "markeer_gecontroleerd", "_selected_action": [aanbod.pk]},
    )
    assert "2 mei 2023" not in b.html(page)


def _edit_without_signals(org_naam, telefoon):
    """An edit the page cache cannot see (straight SQL), to show that a page
    really comes from the cache until something tells it otherwise."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE gemeenten_organisatie SET telefoon = %s WHERE naam = %s",
            [telefoon, org_naam],
        )


def test_load_reference_is_fresh_on_the_other_server(servers, kerkrade):
    a, b = servers
    veilig_thuis = Organisatie.objects.get(telefoon="0800-2000", landelijk=True)
    page = reverse("gemeenten:zorgpad", args=[kerkrade.slug, "veiligheid-thuis"])
    # A number the reference data does not have, kept by b: load_reference
    # puts the reference number back.
    _edit_without_signals(veilig_thuis.naam, PHONE)
    warm(b, page)
    assert PHONE in b.html(page)  # from the cache
    with mock.patch.object(page_cache, "cache", a.cache):
        call_command("load_reference", verbosity=0)
    html = b.html(page)
    assert PHONE not in html and "0800-2000" in html


def test_load_demo_is_fresh_on_the_other_server(servers, kerkrade, zorgpad):
    a, b = servers
    page, home = path_page(kerkrade, zorgpad), reverse("gemeenten:home")
    warm(b, page, home)
    assert "(demo)" not in b.html(page)
    with mock.patch.object(page_cache, "cache", a.cache):
        call_command("load_demo", verbosity=0)
    assert "(demo)" in b.html(page)


def test_an_edit_refreshes_only_the_pages_it_changes(
    servers, heerlen, kerkrade, zorgpad
):
    a, b = servers
    heerlen_org = make_organisatie(gemeenten=[heerlen])
    make_aanbod(heerlen_org, zorgpad)
    kerkrade_page, heerlen_page = (
        path_page(kerkrade, zorgpad),
        path_page(heerlen, zorgpad),
    )
    warm(b, kerkrade_page, heerlen_page, "/")
    with mock.patch.object(page_cache, "cache", a.cache):
        heerlen_org.telefoon = PHONE
        heerlen_org.save()
    assert b.served_from_cache(kerkrade_page)
    assert b.served_from_cache("/")
    assert not b.served_from_cache(heerlen_page)
    assert PHONE in b.html(heerlen_page)


def test_a_national_change_refreshes_every_gemeente(servers, kerkrade, heerlen):
    a, b = servers
    pages = [kerkrade.get_absolute_url(), heerlen.get_absolute_url()]
    warm(b, *pages)
    with mock.patch.object(page_cache, "cache", a.cache):
        veilig_thuis = Organisatie.objects.get(telefoon="0800-2000", landelijk=True)
        veilig_thuis.telefoon_toelichting = "altijd bereikbaar"
        veilig_thuis.save()
    assert not any(b.served_from_cache(page) for page in pages)


def test_moving_an_organisation_away_refreshes_the_gemeente_it_left(
    servers, alice, org, kerkrade, heerlen, zorgpad, national_editor
):
    a, b = servers
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    with mock.patch.object(page_cache, "cache", a.cache):
        org.gemeenten.set([heerlen])
    assert "Wijkteam Kerkrade" not in b.html(page)
    assert "Wijkteam Kerkrade" in b.html(path_page(heerlen, zorgpad))


def test_open_data_is_fresh_on_the_other_server(servers, org, kerkrade):
    a, b = servers
    urls = [
        "/api/hsds/services?gemeente=GM0928&full=true",
        reverse("opendata:gemeente_csv", args=[kerkrade.slug]),
        reverse("opendata:gemeente_json", args=[kerkrade.slug]),
    ]
    warm(b, *urls)
    with mock.patch.object(page_cache, "cache", a.cache):
        org.telefoon = PHONE
        org.save()
    for url in urls:
        assert PHONE in b.html(url), url


def test_htmx_fragment_and_full_page_are_cached_apart(servers):
    _, b = servers
    fragment = b.html("/?q=kerk", headers={"HX-Request": "true", **BROWSER})
    full = b.html("/?q=kerk")
    assert "<html" in full and "<html" not in fragment
    assert b.html("/?q=kerk", headers={"HX-Request": "true", **BROWSER}) == fragment


# --- counting stays exact -------------------------------------------------------


def counts(soort):
    return sum(Telling.objects.filter(soort=soort).values_list("aantal", flat=True))


def test_a_cached_page_is_counted_once_per_visit_with_the_same_exclusions(
    client, org, kerkrade, zorgpad, officer_kerkrade
):
    page, overview = path_page(kerkrade, zorgpad), kerkrade.get_absolute_url()
    for _ in range(5):
        assert client.get(page, headers=BROWSER).status_code == 200
        assert client.get(overview, headers=BROWSER).status_code == 200
    assert counts("pad") == 5 and counts("overzicht") == 5
    # Served from the cache, still not counted: robots, HEAD, prefetch, staff.
    client.get(page, headers={"User-Agent": "Googlebot/2.1"})
    client.head(page, headers=BROWSER)
    client.get(page, headers={**BROWSER, "Sec-Purpose": "prefetch"})
    staff = Client(headers=BROWSER)
    staff.force_login(officer_kerkrade)
    assert staff.get(page).status_code == 200
    assert counts("pad") == 5
    # Not found is not a visit either.
    client.get(path_page(kerkrade, zorgpad) + "bestaat-niet/", headers=BROWSER)
    client.get("/gemeente/bestaat-niet/", headers=BROWSER)
    assert counts("pad") == 5 and counts("overzicht") == 5


def test_a_database_error_on_the_overview_is_not_counted(kerkrade):
    """Issue 12, defect 4: the overview counted before its queries."""
    client = Client(raise_request_exception=False, headers=BROWSER)
    with mock.patch(
        "gemeenten.directory.zorgpaden_voor", side_effect=DatabaseError("down")
    ):
        response = client.get(kerkrade.get_absolute_url())
    assert response.status_code == 500
    assert counts("overzicht") == 0


def resolved(client, url, **kwargs):
    """(response, whether its address went through the URL resolver)."""
    with mock.patch.object(
        BaseHandler,
        "resolve_request",
        autospec=True,
        side_effect=BaseHandler.resolve_request,
    ) as resolve:
        response = client.get(url, **kwargs)
    return response, resolve.called


def test_a_kept_page_is_served_without_resolving_its_address_and_counted(
    client, org, kerkrade, zorgpad, officer_kerkrade
):
    page = path_page(kerkrade, zorgpad)
    rendered, was_resolved = resolved(client, page, headers=BROWSER)
    assert was_resolved  # rendered, and kept at its address too
    for _ in range(4):
        kept, was_resolved = resolved(client, page, headers=BROWSER)
        assert kept.status_code == 200 and not was_resolved
        assert kept.content == rendered.content
    assert counts("pad") == 5
    # An officer takes the full way (and stays uncounted); a request for a
    # host the site does not serve is still a 400.
    staff = Client(headers=BROWSER)
    staff.force_login(officer_kerkrade)
    response, was_resolved = resolved(staff, page)
    assert response.status_code == 200 and was_resolved
    assert counts("pad") == 5
    assert (
        client.get(page, headers=BROWSER, HTTP_HOST="evil.example").status_code == 400
    )


ADDRESSES = [
    "/",
    "/?q=kerk",
    "/en/",
    "/gemeente/kerkrade/",
    "/en/gemeente/kerkrade/",
    "/gemeente/kerkrade/geldzorgen-en-schulden/",
    "/gemeente/kerkrade/geldzorgen-en-schulden/?melding=verzonden",
    "/en/gemeente/kerkrade/geldzorgen-en-schulden/",
    "/gemeente/kerkrade/lijst/y/",
    "/gemeente/kerkrade/open-data.csv",
    "/api/hsds/services?gemeente=GM0928",
]
# GET or HEAD, a browser that accepts gzip or not, htmx or not.
WAYS = list(itertools.product(["get", "head"], [False, True], [False, True]))


def as_seen(client, url, method, gzipped, htmx):
    """(status, body, headers) as a browser reads them."""
    headers = {**BROWSER, **({"Accept-Encoding": "gzip"} if gzipped else {})}
    if htmx:
        headers["HX-Request"] = "true"
    response = getattr(client, method)(url, headers=headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    served_as = {"content-length", "content-encoding", "vary"}
    seen = {h: v for h, v in response.items() if h.lower() not in served_as}
    vary = sorted(v.strip() for v in response.get("Vary", "").split(","))
    return response.status_code, body, seen | {"Vary": vary}


def test_every_way_of_asking_for_a_kept_page_gets_what_a_render_gives(org, settings):
    """Body, status and headers (security, CSP, language, caching, privacy,
    CORS) of each page asked for in each way, kept or rendered."""
    settings.ZORGPAD_PAGE_CACHE = False
    rendered = {
        (url, *way): as_seen(Client(), url, *way) for url in ADDRESSES for way in WAYS
    }
    settings.ZORGPAD_PAGE_CACHE = True
    client = Client()
    for _ in range(2):  # rendered and kept, then served from its address
        for url in ADDRESSES:
            for way in reversed(WAYS):
                assert as_seen(client, url, *way) == rendered[url, *way], (url, way)
    for url in ["/gemeente/kerkrade/", "/api/hsds/services?gemeente=GM0928"]:
        response, was_resolved = resolved(client, url, headers=BROWSER)
        assert response.status_code == 200 and not was_resolved, url


def test_an_address_where_no_page_is_kept_is_not_looked_up_again(
    client, kerkrade, monkeypatch
):
    """A screening step is never kept: after its first visit this process
    spends no cache round trip on its address."""
    monkeypatch.setattr(page_cache, "_not_kept", page_cache.Bounded(10))
    url = reverse("screening:start", args=[kerkrade.slug])
    _, _, first = queries_of(client, url, headers=BROWSER)
    response, _, again = queries_of(client, url, headers=BROWSER)
    assert response.status_code == 200
    assert [sql for sql in first if "zp:address:" in sql]
    assert not [sql for sql in again if "zp:address:" in sql]
    assert len(again) == len(first) - 1


def kept_at_its_address(client, url):
    return not resolved(client, url, headers=BROWSER)[1]


def test_made_up_parameters_keep_no_copy_at_their_address(client, org):
    """A download ignores made-up parameters and `?page=01` is `?page=1`:
    one kept page each, not one per address anyone can make up."""
    download = "/gemeente/kerkrade/open-data.json"
    api = "/api/hsds/services?gemeente=GM0928&page="
    for url in [download, api + "1"]:
        client.get(url, headers=BROWSER)
        assert kept_at_its_address(client, url)
    for url in [download + "?x=1", api + "01", api + "001"]:
        client.get(url, headers=BROWSER)
        assert not kept_at_its_address(client, url), url
        assert client.get(url, headers=BROWSER).status_code == 200


# --- nothing per request in a cached page -------------------------------------

PUBLIC = [
    "/",
    "/?q=berg",
    "/gemeente/kerkrade/",
    "/gemeente/kerkrade/geldzorgen-en-schulden/",
    "/en/gemeente/kerkrade/geldzorgen-en-schulden/",
    "/gemeente/kerkrade/lijst/y/",
    "/api/hsds/services?gemeente=GM0928",
    "/gemeente/kerkrade/open-data.csv",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_cached_page_holds_no_nonce_csrf_token_session_or_cookie(
    client, officer_kerkrade, url
):
    # Rendered for a logged-in officer first, then served to a stranger.
    staff = Client(headers=BROWSER)
    staff.force_login(officer_kerkrade)
    staff.get(url)
    response, own, _ = queries_of(client, url, headers={"User-Agent": ""})
    assert response.status_code == 200
    assert own == []  # from the cache
    # Then kept at its address too, and served from there.
    kept, was_resolved = resolved(client, url, headers={"User-Agent": ""})
    assert kept.status_code == 200 and not was_resolved
    for served in (response, kept):
        body = served.content.decode()
        assert "nonce" not in body
        assert "nonce" not in served.get("Content-Security-Policy", "")
        assert "csrfmiddlewaretoken" not in body
        assert not served.cookies
        assert "Set-Cookie" not in served


def test_a_response_that_used_a_nonce_or_the_session_is_not_stored(rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.csp import LazyNonce

    rendered = []

    @page_cache.cached_page(page_cache.national_scopes)
    def view(request):
        rendered.append(1)
        return HttpResponse(f"<script nonce='{request._csp_nonce}'>")

    for _ in range(2):
        request = rf.get("/")
        request._csp_nonce = LazyNonce()
        request.session = SessionStore()
        view(request)
    assert len(rendered) == 2

    @page_cache.cached_page(page_cache.national_scopes)
    def session_view(request):
        rendered.append(1)
        return HttpResponse(str(request.session.get("x")))

    for _ in range(2):
        request = rf.get("/other")
        request.session = SessionStore()
        session_view(request)
    assert len(rendered) == 4


def test_an_address_with_unknown_parameters_is_not_stored(client, kerkrade):
    url = kerkrade.get_absolute_url() + "?utm_source=x"
    client.get(url)
    _, own, cache = queries_of(client, url)
    assert own  # rendered again
    assert not [sql for sql in cache if "INSERT" in sql]


def test_reloading_a_language_file_is_fresh_on_the_other_server(
    servers, kerkrade, zorgpad
):
    from redactie.vertalingen import laad_taal

    a, b = servers
    page = f"/ar{path_page(kerkrade, zorgpad)}"
    warm(b, page)
    with mock.patch.object(page_cache, "cache", a.cache):
        laad_taal("ar", {"zorgpaden": {zorgpad.slug: {"titel": "عنوان جديد"}}})
    assert "عنوان جديد" in b.html(page)


def test_a_new_cbs_code_is_fresh_in_open_data(servers, kerkrade, org):
    a, b = servers
    url = "/api/hsds/services?full=true"
    warm(b, url)
    with mock.patch.object(page_cache, "cache", a.cache):
        kerkrade.cbs_code = "GM9999"
        kerkrade.save()
    assert "GM9999" in b.html(url)


def test_a_local_text_moved_away_leaves_the_old_gemeente(
    servers, kerkrade, heerlen, zorgpad
):
    from gemeenten.models import LokaalZorgpad

    a, b = servers
    lokaal = LokaalZorgpad.objects.create(
        gemeente=kerkrade, zorgpad=zorgpad, doel="Lokale afspraak Kerkrade"
    )
    page = path_page(kerkrade, zorgpad)
    warm(b, page)
    assert "Lokale afspraak Kerkrade" in b.html(page)
    with mock.patch.object(page_cache, "cache", a.cache):
        lokaal.gemeente = heerlen
        lokaal.save()
    assert "Lokale afspraak Kerkrade" not in b.html(page)


# --- compressed once, rendered once ---------------------------------------------


def test_a_cached_page_is_sent_compressed_to_a_browser_that_accepts_it(
    client, kerkrade, zorgpad
):
    import gzip

    url = path_page(kerkrade, zorgpad)
    rendered = client.get(url)  # stored now
    assert "Accept-Encoding" in rendered["Vary"]
    plain = client.get(url)
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert squeezed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed["Vary"]
    assert int(squeezed["Content-Length"]) == len(squeezed.content)
    assert len(squeezed.content) < len(plain.content) / 3
    assert gzip.decompress(squeezed.content) == plain.content == rendered.content
    assert squeezed["Content-Type"] == plain["Content-Type"]


@pytest.fixture
def redis_cache(redis_server, settings):
    """Redis as the cache: shared by threads, outside the test's transaction."""
    settings.CACHES = redis_cache_settings(redis_server.url)
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_a_costly_page_is_rendered_once_while_others_wait_for_it(
    rf, monkeypatch, redis_cache
):
    import threading

    monkeypatch.setattr(page_cache, "RENDER_WAIT", 5)
    rendered = []
    started = threading.Event()

    @page_cache.cached_page(page_cache.national_scopes, render_once=True)
    def download(request):
        rendered.append(1)
        started.set()
        threading.Event().wait(0.5)  # a large file takes a while
        return HttpResponse("a large file")

    def visit(answers):
        answers.append(download(rf.get("/download")).content)

    answers = []
    first = threading.Thread(target=visit, args=(answers,))
    first.start()
    started.wait(5)
    others = [threading.Thread(target=visit, args=(answers,)) for _ in range(3)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(10)
    assert answers == [b"a large file"] * 4
    assert len(rendered) == 1


def test_a_costly_page_whose_renderer_went_away_is_rendered_after_a_while(
    rf, monkeypatch, redis_cache
):
    monkeypatch.setattr(page_cache, "RENDER_WAIT", 0.3)
    rendered = []

    @page_cache.cached_page(page_cache.national_scopes, render_once=True)
    def download(request):
        rendered.append(1)
        return HttpResponse("a large file")

    request = rf.get("/download")
    key = page_cache._page_key(
        request, f"{download.__module__}.{download.__qualname__}", (), {}
    )
    # Claimed by a server that died before it stored the page.
    redis_cache.add(page_cache._RENDERING + key, 1, 60)
    assert download(request).content == b"a large file"
    assert rendered == [1]


def test_after_a_deploy_no_page_kept_by_the_old_code_is_served(
    client, kerkrade, zorgpad, monkeypatch
):
    url = path_page(kerkrade, zorgpad)
    client.get(url)
    assert queries_of(client, url)[1] == []  # kept
    # New templates or code: another release digest.
    monkeypatch.setattr(page_cache, "release", lambda: "the-next-release")
    response, own, _ = queries_of(client, url)
    assert response.status_code == 200
    assert own  # rendered by the new code, not served from the old one


def test_the_release_digest_follows_the_templates(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    page_cache.release.cache_clear()
    try:
        first = page_cache.release()
        page_cache.release.cache_clear()
        assert page_cache.release() == first  # the same files, the same digest
        page.write_text("<p>two</p>")
        page_cache.release.cache_clear()
        assert page_cache.release() != first
    finally:
        page_cache.release.cache_clear()


def test_with_the_cache_away_a_download_is_built_at_once(client, kerkrade, settings):
    """No claim can be made or seen: nobody is waited for."""
    import time

    from .conftest import RedisServer

    settings.CACHES = redis_cache_settings(RedisServer().url)  # nothing listens
    client.get(kerkrade.get_absolute_url())  # the cache is found away
    started = time.monotonic()
    response = client.get(reverse("opendata:gemeente_csv", args=[kerkrade.slug]))
    assert response.status_code == 200
    assert time.monotonic() - started < 2


def test_who_waits_for_a_download_that_ended_in_a_404_does_not_wait_long(
    redis_cache, monkeypatch
):
    import threading
    import time

    from opendata import views

    published = views.published_gemeente_or_404

    def slow(slug):
        time.sleep(0.3)  # a busy database
        return published(slug)

    monkeypatch.setattr(views, "published_gemeente_or_404", slow)
    answers = {}

    def visit(n):
        started = time.monotonic()
        response = Client().get("/gemeente/bestaat-niet/open-data.csv")
        answers[n] = (response.status_code, time.monotonic() - started)

    visitors = [threading.Thread(target=visit, args=(n,)) for n in range(3)]
    visitors[0].start()
    time.sleep(0.1)  # the first one claimed it
    for visitor in visitors[1:]:
        visitor.start()
    for visitor in visitors:
        visitor.join(30)
    assert [status for status, _ in answers.values()] == [404] * 3
    assert all(seconds < 3 for _, seconds in answers.values()), answers


def test_what_a_process_keeps_is_given_back_only_under_its_tokens_and_bounded():
    kept = page_cache.KeptHere(2)
    now = {"landelijk": "t1"}
    kept.put("a", now, "A")
    kept.put("b", {"landelijk": None}, "B")  # no token: nothing is kept
    assert kept.get("a", now) == "A"
    assert kept.get("a", {"landelijk": "t2"}) is None  # an edit since
    assert kept.get("b", now) is None
    kept.put("b", now, "B")
    kept.get("a", now)  # used last: "b" is now the oldest
    kept.put("c", now, "C")
    assert kept.get_many(["a", "b", "c"], now) == {"a": "A", "c": "C"}
