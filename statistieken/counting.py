"""The one way to count: `record()`, `record_screening()` and, for requests,
`record_visit()` and `record_screening_visit()`, which first leave out bots,
HEAD requests, prefetches and logged-in staff (and, for screenings, a flood
past `SCREENINGS_PER_MINUTE`). Completed screenings get the same robot
exclusions as page views.

Every increment is an INSERT … ON CONFLICT DO UPDATE per level (see
models.py): on PostgreSQL the four are one statement (data-modifying WITH
clauses), so a page view costs one round trip; on SQLite they are four
statements in one BEGIN IMMEDIATE transaction (WAL mode), in process. Either
way the levels change together or not at all, N events make exactly N counts
and no update is lost.

In production the events of a process first gather in a small buffer for
ZORGPAD_COUNTING_BUFFER seconds (default 1; see `Buffer`), so that a busy
page costs one write a second instead of one per view. Nothing is lost on a
normal exit; a crash loses at most the counts of those last seconds.
With ZORGPAD_COUNTING_BUFFER=0 (the tests) every event is written at once.
"""

import atexit
import logging
import re
import threading
import zoneinfo
from collections import defaultdict
from functools import wraps

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
from .ratelimit import Limiter

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


def mark(response, soort, gemeente, zorgpad=None):
    """Say what this page view counts as; `counted` counts it once the page
    is a success. The mark travels with a cached page (zorgpad/cache.py)."""
    response.telling = (Soort(soort).value, _pk(gemeente), _pk(zorgpad))
    return response


def counted(view):
    """Count the page view a view's response is marked with (`mark`), once,
    only for a 200 and a person's visit. Put it outside the page cache, so a
    page served from the cache counts like a rendered one; an error (404,
    500, a database that is down) is never counted."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        telling = getattr(response, "telling", None)
        if telling and response.status_code == 200:
            record_visit(request, *telling)
        return response

    return wrapper


def record(soort, gemeente, zorgpad=None, *, moment=None):
    """Add one `soort` event for this gemeente (and zorgpad, if any).

    `gemeente` and `zorgpad` may be instances or primary keys; `moment`
    (default: now) decides the Amsterdam day and month.
    """
    _increment(_pk(gemeente), [(Soort(soort), _pk(zorgpad))], moment)


# Per process and per gemeente: a script that sends the last section over and
# over adds at most this many screenings a minute. A real screening takes
# minutes, so even a big gemeente's midwives stay far below it. Keyed by what
# is counted, never by who; like the contact clicks' guard (views.py).
SCREENINGS_PER_MINUTE = 30
screening_limiter = Limiter(per_minute=SCREENINGS_PER_MINUTE)


def record_screening_visit(request, gemeente, zorgpaden):
    """Count a screening completed in this request, unless it is not a
    person's (robots, scripts, staff: `is_countable`) or past the flood guard."""
    if is_countable(request) and screening_limiter.allow(_pk(gemeente)):
        record_screening(gemeente, zorgpaden)


def record_screening(gemeente, zorgpaden, *, moment=None):
    """A screening was completed in this gemeente and signalled these
    zorgpaden: one `screening` count, one `gesignaleerd` per zorgpad."""
    paden = {_pk(z) for z in zorgpaden}
    events = [(Soort.SCREENING, None), *((Soort.GESIGNALEERD, z) for z in paden)]
    _increment(_pk(gemeente), events, moment)


def record_melding(gemeente, zorgpad=None, *, moment=None):
    """A visitor sent an error report about this gemeente's pages."""
    record(Soort.MELDING, gemeente, zorgpad, moment=moment)


def _pk(value):
    return getattr(value, "pk", value)


def _transaction():
    # savepoint=False: inside an outer transaction (a test, a view under
    # ATOMIC_REQUESTS) no SAVEPOINT round trips; at the top level it is the
    # transaction that keeps the levels together.
    return transaction.atomic(savepoint=False)


# (model, period column, has gemeente, has zorgpad)
LEVELS = [
    (Telling, "dag", True, True),
    (MaandTelling, "maand", True, True),
    (GemeenteMaandTelling, "maand", True, False),
    (LandMaandTelling, "maand", False, True),
]


def _increment(gemeente_id, events, moment):
    """Count each (soort, zorgpad_id or None) of `events` once for this
    gemeente: at once, or through this process's buffer."""
    if not counting_enabled():
        return
    dag = timezone.localtime(moment or timezone.now(), AMSTERDAM).date()
    counts = defaultdict(int)
    for soort, zorgpad_id in events:
        counts[dag, gemeente_id, zorgpad_id, soort.value] += 1
    events = counts
    if settings.ZORGPAD_COUNTING_BUFFER <= 0:
        _write(events)
    elif buffer.add(events):
        flush()


class Buffer:
    """Counts waiting to be written, per (dag, gemeente, zorgpad, soort).

    A timer flushes them ZORGPAD_COUNTING_BUFFER seconds after the first one
    arrived, a full buffer (MAX_KEYS) at once, and so does a normal exit of
    the process; a crash loses what is still waiting (at most those seconds
    of this process's counts)."""

    MAX_KEYS = 500

    def __init__(self):
        self._lock = threading.Lock()
        self._events = defaultdict(int)
        self._timer = None

    def add(self, events):
        """Add events; True when the buffer is full and must be flushed now."""
        with self._lock:
            for key, n in events.items():
                self._events[key] += n
            if self._timer is None:
                self._timer = threading.Timer(
                    settings.ZORGPAD_COUNTING_BUFFER, _timed_flush
                )
                self._timer.daemon = True
                self._timer.start()
            return len(self._events) >= self.MAX_KEYS

    def take(self):
        with self._lock:
            events, self._events = self._events, defaultdict(int)
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            return events

    def put_back(self, events):
        with self._lock:
            for key, n in events.items():
                self._events[key] += n


buffer = Buffer()


# One flush at a time: the flush at exit waits for a timer's flush that is
# still writing (a daemon thread, killed with the process), so a graceful
# stop loses none of the counts that thread had taken.
_flush_lock = threading.Lock()


def flush():
    """Write what the buffer holds; keep it for the next flush if that fails."""
    with _flush_lock:
        events = buffer.take()
        if events and not _write(events):
            buffer.put_back(events)


def _timed_flush():
    try:
        flush()
    finally:
        connection.close()  # this timer thread's own connection


atexit.register(flush)


def _write(events):
    """Add {(dag, gemeente_id, zorgpad_id, soort): n} to every level; False
    if the database refused."""
    statements = []
    for model, period, met_gemeente, met_zorgpad in LEVELS:
        rows = defaultdict(int)
        for (dag, gemeente_id, zorgpad_id, soort), n in events.items():
            key = (dag if period == "dag" else dag.replace(day=1),)
            key += (gemeente_id,) if met_gemeente else ()
            key += (zorgpad_id,) if met_zorgpad else ()
            rows[(*key, soort)] += n
        # One statement per conflict target (with or without a zorgpad);
        # rows sorted, so that concurrent writers lock them in one order.
        for with_pad in (True, False) if met_zorgpad else (False,):
            part = sorted(
                (key, n)
                for key, n in rows.items()
                if not met_zorgpad or (key[-2] is not None) == with_pad
            )
            if part:
                statements.append(
                    _upsert_sql(
                        model, period, met_gemeente, met_zorgpad, with_pad, part
                    )
                )
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
        logger.exception("Could not write %d counts", sum(events.values()))
        return False
    return True


def _as_one_statement(statements):
    """PostgreSQL runs every data-modifying WITH clause, referenced or not."""
    if len(statements) == 1:
        return statements[0]
    *first, (last_sql, last_params) = statements
    clauses = ", ".join(f"s{i} AS ({sql})" for i, (sql, _params) in enumerate(first))
    params = [p for _sql, ps in first for p in ps] + last_params
    return f"WITH {clauses} {last_sql}", params


def _upsert_sql(model, period, met_gemeente, met_zorgpad, with_pad, rows):
    """INSERT … ON CONFLICT DO UPDATE adding n to each row; `rows` are
    ((period, [gemeente_id], [zorgpad_id], soort), n). The conflict target is
    one of the (partial) unique constraints of models.py, predicate included."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    key = [period, *(["gemeente_id"] if met_gemeente else [])]
    key += ["zorgpad_id"] if met_zorgpad else []
    columns = [*key, "soort", "aantal"]
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params = []
    for (date, *rest), n in rows:
        params += [connection.ops.adapt_datefield_value(date), *rest, n]
    target = [c for c in key if c != "zorgpad_id" or with_pad] + ["soort"]
    predicate = ""
    if met_zorgpad:
        predicate = f" WHERE zorgpad_id IS {'NOT NULL' if with_pad else 'NULL'}"
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES {', '.join([row_sql] * len(rows))} "
        f"ON CONFLICT ({', '.join(qn(c) for c in target)}){predicate} "
        f"DO UPDATE SET aantal = {table}.aantal + excluded.aantal"
    )
    return sql, params
