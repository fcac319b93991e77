"""The one way to count: `record()`, `record_screening()` and, for public
pages, `record_visit()`, which first leaves out bots, HEAD requests,
prefetches and logged-in staff.

Every increment is an INSERT … ON CONFLICT DO UPDATE per level (see
models.py): on PostgreSQL the four are one statement (data-modifying WITH
clauses), so a page view costs one round trip; on SQLite they are four
statements in one BEGIN IMMEDIATE transaction (WAL mode), in process. Either
way the levels change together or not at all, N events make exactly N counts
and no update is lost. There is no buffer: a crash loses at most the request
it interrupted.
"""

import logging
import re
import zoneinfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import (
    GemeenteMaandTelling,
    LandMaandTelling,
    MaandTelling,
    Soort,
    Telling,
)

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


# (model, period column, has gemeente, has zorgpad)
LEVELS = [
    (Telling, "dag", True, True),
    (MaandTelling, "maand", True, True),
    (GemeenteMaandTelling, "maand", True, False),
    (LandMaandTelling, "maand", False, True),
]


def _increment(soort, gemeente_id, zorgpad_ids, moment):
    """Count one event per entry of `zorgpad_ids` (all None, or distinct
    keys) at every level."""
    if not counting_enabled():
        return
    dag = timezone.localtime(moment or timezone.now(), AMSTERDAM).date()
    periods = {"dag": dag, "maand": dag.replace(day=1)}
    statements = []
    for model, period, met_gemeente, met_zorgpad in LEVELS:
        key = {period: connection.ops.adapt_datefield_value(periods[period])}
        if met_gemeente:
            key["gemeente_id"] = gemeente_id
        if met_zorgpad:
            rows = [(zorgpad_id, 1) for zorgpad_id in zorgpad_ids]
        else:
            rows = [(None, len(zorgpad_ids))]  # the zorgpaden summed
        statements.append(_upsert_sql(model, key, soort, rows, met_zorgpad))
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(*_as_one_statement(statements))
            else:
                with _transaction():
                    for sql, params in statements:
                        cursor.execute(sql, params)
    except DatabaseError:
        # A count is never worth a failed page for the visitor.
        logger.exception("Could not count %s for gemeente %s", soort, gemeente_id)


def _as_one_statement(statements):
    """PostgreSQL runs every data-modifying WITH clause, referenced or not."""
    *first, (last_sql, last_params) = statements
    clauses = ", ".join(f"s{i} AS ({sql})" for i, (sql, _params) in enumerate(first))
    params = [p for _sql, ps in first for p in ps] + last_params
    return f"WITH {clauses} {last_sql}", params


def _upsert_sql(model, key, soort, rows, met_zorgpad):
    """INSERT … ON CONFLICT DO UPDATE adding `aantal` to each row of
    (key…, zorgpad_id, soort); the conflict target is one of the partial
    unique constraints of models.py, predicate included."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [*key, *(["zorgpad_id"] if met_zorgpad else []), "soort", "aantal"]
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params = []
    for zorgpad_id, aantal in rows:
        zorgpad = [zorgpad_id] if met_zorgpad else []
        params += [*key.values(), *zorgpad, soort.value, aantal]
    target = [*key, "soort"]
    predicate = ""
    if met_zorgpad and rows[0][0] is not None:
        target.append("zorgpad_id")
        predicate = " WHERE zorgpad_id IS NOT NULL"
    elif met_zorgpad:
        predicate = " WHERE zorgpad_id IS NULL"
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES {', '.join([row_sql] * len(rows))} "
        f"ON CONFLICT ({', '.join(qn(c) for c in target)}){predicate} "
        f"DO UPDATE SET aantal = {table}.aantal + excluded.aantal"
    )
    return sql, params
