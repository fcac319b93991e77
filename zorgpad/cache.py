"""Public pages from Django's cache, fresh on the very next request after an edit.

A cached page is kept together with the *version tokens* of what it shows
(the `scopes`): `landelijk` (national texts, the list of gemeenten: every
page), `gemeente:<slug>` (what one gemeente's pages list) and `opendata`
(anything the open-data API lists). An edit replaces the tokens of the
scopes it touches (gemeenten/signals.py, screening/signals.py); a page is
served only while the tokens it was kept with are the current ones, so on
every app server the next request after an edit renders it anew: nothing
waits for a timeout, and an old page is never served. The tokens live in
the shared cache (Redis, or the database cache without REDIS_URL), so all
processes see the same ones. A hit is one round trip: the tokens and the
page in one `get_many`.

A page is kept twice: under the view's own key (`cached_page`, which knows
the view's arguments and parameters) and, once a visitor without a session
asked for it, under its address (`kept_at_address`), so that the next one
is served by middleware (zorgpad.middleware.kept_pages) before the session,
language, CSRF and authentication middleware and the URL resolver run.

A token is random, never a counter: a token lost to eviction or a Redis
restart becomes a new one, and pages kept with the old one are never served
again. An edit replaces its tokens at once and again after its transaction
commits, so a page rendered from the data just before the commit cannot
keep the new token.

Nothing per request may end up in a stored page: a response that used a CSP
nonce, a CSRF token, the session or set a cookie is served but never stored.
Counting (statistieken.counting.counted) wraps this cache, so a page served
from it is still counted once.
"""

import atexit
import functools
import gzip
import hashlib
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string as gzip_compress
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

LANDELIJK = "landelijk"
OPENDATA = "opendata"
# Memory hygiene only (freshness comes from the tokens): entries nobody
# reads for this long make room. Address variants that anyone can make up
# (search words, API filters, take-home lists) go sooner.
PAGE_TIMEOUT = 24 * 60 * 60
VARIANT_TIMEOUT = 10 * 60
_VERSION = "zp:v:"
_RENDERING = "zp:rendering:"
# Seconds a request waits for another one that renders the same costly page.
RENDER_WAIT = 10
# Pages from this size (bytes) are kept compressed.
COMPRESS_FROM = 1000


def gemeente_scope(slug):
    """The scope of one gemeente's pages."""
    return f"gemeente:{slug}"


def national_scopes(**kwargs):
    """Pages that show national data only (the list of gemeenten)."""
    return [LANDELIJK]


def gemeente_scopes(gemeente_slug, **kwargs):
    """Pages of one gemeente."""
    return [LANDELIJK, gemeente_scope(gemeente_slug)]


def opendata_scopes(**kwargs):
    """The open-data API, which lists every gemeente's offers."""
    return [LANDELIJK, OPENDATA]


# --- version tokens ------------------------------------------------------------

_local = threading.local()
# Scopes whose new token could not be written (the cache was down): until it
# is, this process serves no stored page at all.
_unwritten = set()
_unwritten_lock = threading.Lock()


def _token():
    return secrets.token_hex(8)


def _write_tokens(scopes):
    keys = {_VERSION + scope: _token() for scope in scopes}
    seen = getattr(_local, "seen", None)
    if seen:
        for scope in scopes:
            seen.pop(scope, None)  # this request looks it up again
    failed = cache.set_many(keys, timeout=PAGE_TIMEOUT)
    with _unwritten_lock:
        if failed:
            _unwritten.update(key.removeprefix(_VERSION) for key in failed)
        else:
            _unwritten.difference_update(scopes)
    if failed:
        _retry_soon()
    return not failed


# Other processes cannot know about an edit whose new token never reached
# the cache: once the cache is back they would read the old token and serve
# the page as it was. So the process that owes a token keeps trying in the
# background (not only on its own next request), and before it exits.
RETRY_SECONDS = 1.0
_retry_timer = None


def _retry_soon():
    global _retry_timer
    with _unwritten_lock:
        if _retry_timer is not None and _retry_timer.is_alive():
            return
        _retry_timer = threading.Timer(RETRY_SECONDS, write_owed_tokens)
        _retry_timer.daemon = True
        _retry_timer.start()


def write_owed_tokens():
    """Write the tokens this process owes the cache; True when it owes none.
    Called by a timer while the cache is away, by gunicorn's worker_exit and
    at the exit of a management command."""
    with _unwritten_lock:
        owed = set(_unwritten)
    return not owed or _write_tokens(owed)


@atexit.register
def _write_owed_tokens_at_exit(attempts=10):
    for _ in range(attempts):
        if write_owed_tokens():
            return
        time.sleep(RETRY_SECONDS)
    logger.error(
        "The cache was unreachable when data changed: some public pages may "
        "show old data. Run `manage.py clear_page_cache` once the cache is back."
    )


def bump(*scopes):
    """Make every page of these scopes fresh on its next request, on every
    app server: now, and again once the current transaction commits."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    new = set(scopes) - pending
    if not new:
        return  # already replaced in this request; the commit does it again
    _write_tokens(new)
    if transaction.get_connection().in_atomic_block:
        pending.update(new)
        transaction.on_commit(_bump_pending)


def _bump_pending():
    pending, _local.pending = getattr(_local, "pending", set()), set()
    if pending:
        _write_tokens(pending)


def _forget_pending(**kwargs):
    # A new request may edit the same scope again: replace its token again;
    # and it looks the tokens up again.
    _local.pending = set()
    _local.seen = {}


def _forget_seen(**kwargs):
    # Outside a request (a command, a test) every lookup asks the cache.
    _local.seen = None


request_started.connect(_forget_pending)
request_finished.connect(_forget_seen)


def lookup(scopes, keys=()):
    """(versions, found) in one cache round trip: {scope: token or None}
    and what is stored under `keys` as it is (see `get_current`).
    versions is None when the cache cannot be trusted (unreachable, or this
    process owes it a new token). A missing token is made only when
    something is stored (`_complete`), so made-up addresses that end in a
    404 write nothing. The tokens of a scope's first lookup are remembered for
    the rest of the request (`seen_versions`, `remembered_versions`)."""
    if _unwritten:
        with _unwritten_lock:
            owed = set(_unwritten)
        if not _write_tokens(owed):
            return None, {}
    wanted = [_VERSION + scope for scope in scopes]
    found = cache.get_many([*wanted, *keys])
    versions = {scope: found.pop(_VERSION + scope, None) for scope in scopes}
    seen = getattr(_local, "seen", None)
    if seen is not None:
        # The first lookup of each scope: what the request read next was
        # read under it, whatever a later lookup finds (an edit meanwhile).
        for scope, token in versions.items():
            seen.setdefault(scope, token)
    return versions, found


def current_versions(scopes):
    """{scope: token or None} in one cache round trip; None when the cache
    cannot be trusted. See `lookup`."""
    return lookup(scopes)[0]


def complete(versions):
    """Whether each scope has its token: only what is made under such tokens
    can be kept (a missing token is made when a page is stored)."""
    return bool(versions) and None not in versions.values()


def remembered_versions(scopes):
    """Like `complete_versions`, without a round trip for scopes this
    request has looked up already: a page made of several cached parts (the
    screening result) asks for the tokens once."""
    versions = seen_versions(scopes)
    if complete(versions):
        return versions
    return complete_versions(scopes)


def seen_versions(scopes):
    """{scope: token or None} as this request looked them up already (what
    it read next was read under these); None when it has not looked up each
    of them, or the cache cannot be trusted."""
    seen = getattr(_local, "seen", None) or {}
    if settings.ZORGPAD_PAGE_CACHE and not _unwritten and set(scopes) <= set(seen):
        return {scope: seen[scope] for scope in scopes}
    return None


def complete_versions(scopes):
    """{scope: token} with missing tokens made, in one round trip when
    they exist; None when the cache cannot be trusted. For what is kept
    apart from pages, for as long as the tokens stay (the screening's
    questionnaire). None too with the page cache off (ZORGPAD_PAGE_CACHE=0:
    everything rendered, for comparison)."""
    if not settings.ZORGPAD_PAGE_CACHE:
        return None
    versions = current_versions(scopes)
    if versions is None or not _complete(versions):
        return None
    return versions


def get_current(scopes, keys):
    """(versions, {key: value}) in one round trip: the scopes' tokens, and
    the values stored under `keys` while these tokens were current (stored
    by `set_current`); anything stored under older tokens is left out.
    versions is None when the cache cannot be trusted, or with the page
    cache off (ZORGPAD_PAGE_CACHE=0): render everything."""
    if not settings.ZORGPAD_PAGE_CACHE:
        return None, {}
    versions, found = lookup(scopes, keys)
    return versions, _current(versions, found, keys)


def _current(versions, found, keys):
    """Of what `lookup` found, the values under `keys` that were stored
    with these tokens."""
    if versions is None or None in versions.values():
        return {}
    stamp = tuple(versions.values())
    return {k: found[k][1] for k in keys if k in found and found[k][0] == stamp}


def set_current(versions, values, timeout=PAGE_TIMEOUT):
    """Store {key: value} as made under `versions` (from `get_current`),
    unless a missing token appeared meanwhile (an edit made it: what was
    just rendered may predate that edit)."""
    if not _complete(versions):
        return False
    stamp = tuple(versions.values())
    cache.set_many({key: (stamp, value) for key, value in values.items()}, timeout)
    return True


def _complete(versions):
    """Fill in missing tokens; False if one appeared meanwhile (an edit made
    it: the page just rendered may predate that edit) or cannot be written."""
    for scope, token in versions.items():
        if token is None:
            versions[scope] = _token()
            if not cache.add(_VERSION + scope, versions[scope], timeout=PAGE_TIMEOUT):
                return False
    return True


class Bounded:
    """A map in this process's memory, thread-safe and bounded: past `size`
    entries the least recently used go first."""

    def __init__(self, size):
        self._size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def values(self):
        with self._lock:
            return list(self._entries.values())


class KeptHere:
    """What this process made under some version tokens, by key, in its own
    memory: given back only under the same tokens, so an edit makes it fresh
    on the next request, as a stored page. For what a request would
    otherwise build or fetch every time (the questionnaire, a gemeente, the
    screening's blocks). Bounded: the least recently used go first."""

    def __init__(self, size):
        self._kept = Bounded(size)

    def get(self, key, versions):
        """The value kept for `key` under these tokens, else None."""
        if not complete(versions):
            return None
        kept = self._kept.get(key)
        if kept is None or kept[0] != tuple(versions.values()):
            return None
        return kept[1]

    def put(self, key, versions, value):
        """Keep `value`, made under these tokens (none: nothing is kept)."""
        if complete(versions):
            self._kept.put(key, (tuple(versions.values()), value))

    def get_many(self, keys, versions):
        """{key: value} of those kept under these tokens."""
        found = {key: self.get(key, versions) for key in keys}
        return {key: value for key, value in found.items() if value is not None}

    def put_many(self, values, versions):
        for key, value in values.items():
            self.put(key, versions, value)

    def values(self):
        return [value for _stamp, value in self._kept.values()]


# --- the page cache ------------------------------------------------------------


def cached_page(
    scopes, params=(), timeout=PAGE_TIMEOUT, ignore_unknown=False, render_once=False
):
    """Serve this view's 200 responses from the cache while its `scopes`
    (a function of the view's keyword arguments) keep their tokens.

    `params` are the query parameters the page reads; an address with any
    other parameter is rendered but not stored, so made-up addresses cannot
    fill the cache, and an address with parameters (search words, filters:
    variants anyone can make up) is kept for VARIANT_TIMEOUT only.

    With `ignore_unknown` (the downloads, costly to build) other parameters
    are dropped before the view sees them, so the stored page is served:
    `?x=1` cannot make the server build a large download again and again.
    With `render_once` (the same), after an edit one request builds the page
    while others asking for it at the same time wait for it (up to
    RENDER_WAIT seconds), instead of each building it too.

    A stored page is kept gzip-compressed (compressed once, when stored) and
    served so to a browser that accepts gzip; it holds no secret, so
    compression cannot leak one (BREACH).

    The key holds the view's arguments (not its URL), the language, scheme
    and host (the print version shows the address), and whether htmx asked
    for a fragment."""

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = serve(request, *args, **kwargs)
            if not hasattr(response, "kept"):
                response.kept = None  # a kept page's kind, not kept this time
            return response

        def serve(request, *args, **kwargs):
            if ignore_unknown and set(request.GET) - set(params):
                known = request.GET.copy()
                for param in set(known) - set(params):
                    del known[param]
                known._mutable = False
                request.GET = known
            if (
                not settings.ZORGPAD_PAGE_CACHE
                or request.method not in ("GET", "HEAD")
                or set(request.GET) - set(params)
            ):
                return view(request, *args, **kwargs)
            key = _page_key(request, name, args, kwargs)
            page_scopes = scopes(**kwargs)
            versions, found = get_current(page_scopes, [key])
            claim = None
            if key not in found and versions is not None and render_once:
                claim, found = _claim_or_wait(key, page_scopes)
            variant = timeout if not request.GET else VARIANT_TIMEOUT
            if key in found:
                response = _response(request, found[key])
                response.kept = (versions, found[key], variant)
                return response
            try:
                response = view(request, *args, **kwargs)
                if versions is not None and _storable(request, response):
                    entry = _entry(response)
                    if set_current(versions, {key: entry}, variant):
                        response.kept = (versions, entry, variant)
            finally:
                if claim and cache.get(_RENDERING + key) == claim:
                    cache.delete(_RENDERING + key)
            patch_vary_headers(response, ["Accept-Encoding"])
            return response

        return wrapper

    return decorator


# What a release changes in a page: its code, templates, translations and
# the names of its static files. Skipped: what no page is made of.
_RELEASE_FILES = (".py", ".html", ".mo", "staticfiles.json")
_NOT_RELEASE = {".git", ".venv", "__pycache__", "tests", "bench", "node_modules"}


@functools.cache
def release():
    """A digest of what this process renders pages with. Kept pages and
    blocks are stored under it, so after a deploy no server serves one made
    by the old code (and two releases side by side, during a rolling
    deploy, each keep their own). The same files give the same digest on
    every app server."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(settings.BASE_DIR):
        folders[:] = sorted(f for f in folders if f not in _NOT_RELEASE)
        for file in sorted(files):
            if file.endswith(_RELEASE_FILES):
                path = os.path.join(folder, file)
                digest.update(os.path.relpath(path, settings.BASE_DIR).encode())
                with open(path, "rb") as content:
                    digest.update(content.read())
    return digest.hexdigest()[:12]


def _page_key(request, name, args, kwargs):
    htmx = getattr(request, "htmx", None)
    parts = [
        release(),
        name,
        get_language(),
        request.scheme,
        request.get_host(),
        "htmx" if htmx else "",
        "history" if htmx and htmx.history_restore_request else "",
        repr(args),
        repr(sorted(kwargs.items())),
        repr(sorted(request.GET.lists())),
    ]
    return _digest_key("zp:page:", parts)


def _digest_key(prefix, parts):
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return prefix + digest


def _storable(request, response):
    """Only a complete 200 that holds nothing of this request or visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    nonce = getattr(request, "_csp_nonce", None)
    session = getattr(request, "session", None)
    per_request = {
        "CSP nonce": bool(nonce),
        "CSRF token": request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False),
        "session": session is not None and session.accessed,
    }
    used = [what for what, yes in per_request.items() if yes]
    if used:
        logger.warning("Not caching %s: it used a %s", request.path, ", ".join(used))
    return not used


def _entry(response):
    content, compressed = response.content, False
    if len(content) >= COMPRESS_FROM and not response.has_header("Content-Encoding"):
        content, compressed = gzip_compress(content), True
    telling = getattr(response, "telling", None)
    return (response.status_code, list(response.items()), content, compressed, telling)


def _response(request, entry):
    status, headers, content, compressed, telling = entry
    accepted = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
    if compressed and not accepted:
        content = gzip.decompress(content)
    response = HttpResponse(content, status=status)
    for header, value in headers:
        response[header] = value
    if compressed and accepted:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(content))
    patch_vary_headers(response, ["Accept-Encoding"])
    if telling is not None:
        response.telling = telling
    return response


def _claim_or_wait(key, scopes):
    """Claim the rendering of this page: (claim, {}) to render it here; or
    wait while another request holds the claim: (None, {key: entry}) when it
    stored the page, (None, {}) to render it here after all: the claim was
    let go without a page (a 404, an error, an edit meanwhile), or the cache
    is away, or RENDER_WAIT passed."""
    claim = _token()
    if cache.add(_RENDERING + key, claim, timeout=RENDER_WAIT * 3):
        return claim, {}
    deadline = time.monotonic() + RENDER_WAIT
    while time.monotonic() < deadline:
        versions, found = lookup(scopes, [key, _RENDERING + key])
        stored = _current(versions, found, [key])
        if stored:
            return None, stored
        if versions is None or _RENDERING + key not in found:
            break
        time.sleep(0.05)
    return None, {}


# --- kept pages by address, before the rest of the middleware -------------------

# The gemeente in a public address, after an optional language prefix (/en/):
# the pages there are kept under its scope (routes.GEMEENTE).
_GEMEENTE_IN_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?gemeente/([-\w]+)/")
# Never kept, so never looked up: the load balancers' health checks must not
# wait for the cache, and the back office is never a stored page.
_NEVER_KEPT = ("/health/", "/beheer/")
# What the response has in bytes is set again when it is served.
_SERVED_AS = {"content-encoding", "content-length"}
_NOT_CACHED = object()


# Addresses of pages that are never kept (their view has no `cached_page`; an
# address keeps its view for the life of a process): not looked up again.
_not_kept = Bounded(10_000)


def _by_address(request):
    """Whether this request may be answered by a page kept at its address:
    a GET or HEAD of a public address by a visitor without a session (with
    one, a logged-in officer may be looking: such requests take the full way,
    so that staff stay uncounted)."""
    return (
        settings.ZORGPAD_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_NEVER_KEPT)
    )


def _address_key(request):
    """What the page's own key (`_page_key`) holds, read from the address
    alone: the path holds the view, its arguments and the language."""
    htmx = request.headers.get("HX-Request") == "true"
    history = htmx and request.headers.get("HX-History-Restore-Request") == "true"
    parts = [
        release(),
        request.scheme,
        request.get_host(),
        request.path,
        "htmx" if htmx else "",
        "history" if history else "",
        repr(sorted(request.GET.lists())),
    ]
    return _digest_key("zp:address:", parts)


def _address_scopes(path):
    """Every scope a page at this address can be kept under."""
    match = _GEMEENTE_IN_PATH.match(path)
    return [LANDELIJK, OPENDATA, *([gemeente_scope(match[1])] if match else [])]


def kept_at_address(request):
    """(key, response): the page kept at this request's address while the
    tokens it was kept under are current, in one round trip, without
    resolving the address or running the view; response is None when there
    is none (key is None when the request is not one for kept pages)."""
    if not _by_address(request):
        return None, None
    try:
        key = _address_key(request)
    except DisallowedHost:
        return None, None  # the full way answers it with a 400
    if _not_kept.get(key):
        return None, None
    versions, found = lookup(_address_scopes(request.path), [key])
    if versions is None or key not in found:
        return key, None
    scopes, stamp, entry = found[key]
    if tuple(versions.get(scope) for scope in scopes) != stamp:
        return key, None
    return key, _response(request, entry)


def keep_at_address(key, request, response):
    """After a 200 at an address `kept_at_address` found nothing for (`key`):
    keep the page there if `cached_page` served or stored it (its `kept`
    mark), as the middleware inside this point made it (their headers
    included), under the same tokens. Not when the view read other
    parameters than the address holds (made-up ones dropped from a
    download, `?page=01` read as 1): each such address would keep a copy of
    its own. A page no `cached_page` view made (no mark: a screening step,
    a statement) is never kept: this process stops asking for its address."""
    kept = getattr(response, "kept", _NOT_CACHED)
    if kept is _NOT_CACHED:
        _not_kept.put(key, True)
        return
    if not kept or _address_key(request) != key:
        return
    versions, entry, timeout = kept
    status, _headers, content, compressed, telling = entry
    headers = [(h, v) for h, v in response.items() if h.lower() not in _SERVED_AS]
    stamped = (tuple(versions), tuple(versions.values()))
    cache.set(key, (*stamped, (status, headers, content, compressed, telling)), timeout)
