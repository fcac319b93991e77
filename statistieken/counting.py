"""The one way to count: `record()`, `record_screening()` and, for public
pages, `record_visit()`, which first leaves out bots, HEAD requests,
prefetches and logged-in staff.

Every increment is a single INSERT … ON CONFLICT DO UPDATE per table, in one
transaction for the daily row and its monthly rollup: atomic on PostgreSQL
and on SQLite (WAL, BEGIN IMMEDIATE), so N events make exactly N counts and
no update is lost. There is no buffer; nothing is lost in a crash except the
request that was interrupted.
"""

import logging
import re
import zoneinfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import MaandTelling, Soort, Telling

logger = logging.getLogger(__name__)

# The day a count belongs to is the Dutch day, whatever the server's zone.
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# Crawlers, link previews, monitors and scripts. An empty user agent counts
# as a script too: browsers always send one.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"monitor|uptime|pingdom|lighthouse|headless|phantomjs|curl|wget|"
    r"python-|httpx|go-http|java/|okhttp|libwww|scrapy|feedfetcher",
    re.IGNORECASE,
)


def counting_enabled():
    return settings.ZORGPAD_COUNTING


def is_countable(request):
    """Whether this request is a person's visit worth counting."""
    if request.method not in ("GET", "POST"):
        return False  # HEAD, OPTIONS: link checkers and monitors
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent or BOT_PATTERN.search(user_agent):
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get(
        "Purpose", ""
    )
    if "prefetch" in purpose or "prerender" in purpose:
        return False  # speculative loads, maybe never seen
    # Only a visitor with a session cookie can be logged in; checking the
    # cookie first spares every anonymous visitor the session query.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return False  # an officer previewing the pages
    return True


def record_visit(request, soort, gemeente, zorgpad=None):
    """Count a page view or click, unless it is not a person's visit."""
    if is_countable(request):
        record(soort, gemeente, zorgpad)


def record(soort, gemeente, zorgpad=None, *, moment=None):
    """Add one `soort` event for this gemeente (and zorgpad, if any).

    `gemeente` and `zorgpad` may be instances or primary keys; `moment`
    (default: now) decides the Amsterdam day and month.
    """
    _increment(Soort(soort), _pk(gemeente), [_pk(zorgpad)], moment)


def record_screening(gemeente, zorgpaden, *, moment=None):
    """A screening was completed in this gemeente and signalled these
    zorgpaden: one `screening` count, one `gesignaleerd` per zorgpad."""
    if not counting_enabled():
        return
    paden = sorted({_pk(z) for z in zorgpaden})
    with _transaction():
        _increment(Soort.SCREENING, _pk(gemeente), [None], moment)
        if paden:
            _increment(Soort.GESIGNALEERD, _pk(gemeente), paden, moment)


def record_melding(gemeente, zorgpad=None, *, moment=None):
    """A visitor sent an error report about this gemeente's pages."""
    record(Soort.MELDING, gemeente, zorgpad, moment=moment)


def _pk(value):
    return getattr(value, "pk", value)


def _transaction():
    # savepoint=False: inside an outer transaction (a test, a view under
    # ATOMIC_REQUESTS) no SAVEPOINT round trips; at the top level it is the
    # transaction that keeps the daily row and the monthly rollup together.
    return transaction.atomic(savepoint=False)


def _increment(soort, gemeente_id, zorgpad_ids, moment):
    """One upsert per table; `zorgpad_ids` are all None or all distinct keys."""
    if not counting_enabled():
        return
    dag = timezone.localtime(moment or timezone.now(), AMSTERDAM).date()
    maand = dag.replace(day=1)
    try:
        with _transaction(), connection.cursor() as cursor:
            for model, period, value in (
                (Telling, "dag", dag),
                (MaandTelling, "maand", maand),
            ):
                sql, params = _upsert_sql(
                    model, period, value, soort, gemeente_id, zorgpad_ids
                )
                cursor.execute(sql, params)
    except DatabaseError:
        # A count is never worth a failed page for the visitor.
        logger.exception("Could not count %s for gemeente %s", soort, gemeente_id)


def _upsert_sql(model, period, value, soort, gemeente_id, zorgpad_ids):
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    value = connection.ops.adapt_datefield_value(value)
    with_zorgpad = zorgpad_ids[0] is not None
    rows = ", ".join(["(%s, %s, %s, %s, 1)"] * len(zorgpad_ids))
    params = [p for z in zorgpad_ids for p in (value, gemeente_id, z, soort.value)]
    # The conflict target names one of the partial unique constraints of
    # `models.unique_per`, predicate included.
    if with_zorgpad:
        target = (
            f"(gemeente_id, {period}, zorgpad_id, soort) WHERE zorgpad_id IS NOT NULL"
        )
    else:
        target = f"(gemeente_id, {period}, soort) WHERE zorgpad_id IS NULL"
    sql = (
        f"INSERT INTO {table} ({period}, gemeente_id, zorgpad_id, soort, aantal) "
        f"VALUES {rows} ON CONFLICT {target} "
        f"DO UPDATE SET aantal = {table}.aantal + excluded.aantal"
    )
    return sql, params
