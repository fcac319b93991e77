"""Health endpoints, and a site that keeps serving when Redis goes away."""

import os
import signal
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from gemeenten.models import Organisatie
from statistieken.models import Telling
from zorgpad import cache_backends

from .conftest import (
    RedisServer,
    make_aanbod,
    make_organisatie,
    queries_of,
    redis_cache_settings,
)

pytestmark = pytest.mark.django_db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}


def test_liveness_needs_no_database_and_sets_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live", headers=BROWSER)
    assert response.status_code == 200 and response.content == b"ok\n"
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert not Telling.objects.exists()


def test_readiness_checks_the_database_and_the_cache(client):
    response = client.get("/health/ready", headers=BROWSER)
    assert response.status_code == 200
    assert not response.cookies and "no-store" in response["Cache-Control"]
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=DatabaseError("down"),
    ):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"database" in response.content


def test_readiness_is_503_when_redis_is_unreachable(client, settings):
    server = RedisServer()  # a port where nothing listens
    settings.CACHES = redis_cache_settings(server.url)
    response = client.get("/health/ready")
    assert response.status_code == 503 and b"cache" in response.content


def test_health_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/").status_code == 301


@pytest.fixture
def own_redis(settings):
    """A Redis server of this test alone, to stop and start."""
    server = RedisServer()
    server.start()
    settings.CACHES = redis_cache_settings(server.url)
    # No pause after a failure in the test: each request tries Redis again.
    with mock.patch.object(cache_backends, "RETRY_AFTER", 0):
        yield server
    server.stop()


def test_with_redis_gone_pages_come_from_the_database_and_recover(
    own_redis, kerkrade, zorgpad
):
    client = Client(headers=BROWSER)
    org = make_organisatie(naam="Wijkteam Kerkrade", gemeenten=[kerkrade])
    make_aanbod(org, zorgpad)
    page = reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug])
    client.get(page)
    assert queries_of(client, page, headers={"User-Agent": ""})[1] == []  # Redis
    own_redis.stop()
    for _ in range(3):
        response, own, _ = queries_of(client, page)
        assert response.status_code == 200
        assert "Wijkteam Kerkrade" in response.content.decode()
        assert own  # rendered from the database
    # An edit while Redis is away, then Redis comes back (empty or not).
    org.telefoon = "045-999 88 77"
    org.save()
    assert "045-999 88 77" in client.get(page).content.decode()
    own_redis.start()
    response, _, _ = queries_of(client, page)
    assert "045-999 88 77" in response.content.decode()
    # Cached again by itself, no restart needed.
    assert queries_of(client, page, headers={"User-Agent": ""})[1] == []
    # Every browser visit counted once, with Redis or without.
    assert Telling.objects.get(soort="pad").aantal == 6


def test_an_edit_missed_by_a_hung_redis_is_made_up_before_serving_from_it(
    own_redis, kerkrade, zorgpad
):
    """Redis hangs (its data kept) while an edit cannot reach it; when it
    answers again, this process writes its new token before it serves
    any page from the cache, so the old page is never shown."""
    client = Client(headers=BROWSER)
    org = make_organisatie(naam="Wijkteam Kerkrade", gemeenten=[kerkrade])
    make_aanbod(org, zorgpad)
    page = reverse("gemeenten:zorgpad", args=[kerkrade.slug, zorgpad.slug])
    client.get(page)
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        Organisatie.objects.filter(pk=org.pk).update(telefoon="045-999 88 77")
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    assert "045-999 88 77" in client.get(page).content.decode()
    caches["default"].clear()
