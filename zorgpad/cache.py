"""Public pages from Django's cache, fresh on the very next request after an edit.

A cached page's key carries *version tokens* of what the page shows (the
`scopes`): `landelijk` (national texts, the list of gemeenten: every page),
`gemeente:<slug>` (what one gemeente's pages list) and `opendata` (anything
the open-data API lists). An edit replaces the tokens of the scopes it
touches (gemeenten/signals.py, screening/signals.py), so every app server
builds a new key on its next request: nothing waits for a timeout, and an
old page is never served. The tokens live in the shared cache (Redis, or
the database cache without REDIS_URL), so all processes see the same ones.

A token is random, never a counter: a token lost to eviction or a Redis
restart becomes a new one, and pages stored under the old one are orphans.
An edit replaces its tokens at once and again after its transaction
commits, so a page rendered from the data just before the commit cannot
keep the new token.

Nothing per request may end up in a stored page: a response that used a CSP
nonce, a CSRF token, the session or set a cookie is served but never stored.
Counting (statistieken.counting.counted) wraps this cache, so a page served
from it is still counted once.
"""

import hashlib
import logging
import secrets
import threading
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.http import HttpResponse
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
    failed = cache.set_many(keys, timeout=PAGE_TIMEOUT)
    with _unwritten_lock:
        if failed:
            _unwritten.update(key.removeprefix(_VERSION) for key in failed)
        else:
            _unwritten.difference_update(scopes)
    return not failed


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
    # A new request may edit the same scope again: replace its token again.
    _local.pending = set()


request_started.connect(_forget_pending)


def current_versions(scopes):
    """{scope: token or None} in one cache round trip; None when the cache
    cannot be trusted (unreachable, or this process owes it a new token).
    A missing token is made only when a page is stored (`_complete`), so
    made-up addresses that end in a 404 write nothing."""
    if _unwritten:
        with _unwritten_lock:
            owed = set(_unwritten)
        if not _write_tokens(owed):
            return None
    found = cache.get_many([_VERSION + scope for scope in scopes])
    return {scope: found.get(_VERSION + scope) for scope in scopes}


def _complete(versions):
    """Fill in missing tokens; False if one appeared meanwhile (an edit made
    it: the page just rendered may predate that edit) or cannot be written."""
    for scope, token in versions.items():
        if token is None:
            versions[scope] = _token()
            if not cache.add(_VERSION + scope, versions[scope], timeout=PAGE_TIMEOUT):
                return False
    return True


# --- the page cache ------------------------------------------------------------


def cached_page(scopes, params=(), timeout=PAGE_TIMEOUT):
    """Serve this view's 200 responses from the cache while its `scopes`
    (a function of the view's keyword arguments) keep their tokens.

    `params` are the query parameters the page reads; an address with any
    other parameter is rendered but not stored, so made-up addresses cannot
    fill the cache, and an address with parameters (search words, filters:
    variants anyone can make up) is kept for VARIANT_TIMEOUT only.

    The key holds the view's arguments (not its URL), the language, scheme
    and host (the print version shows the address), and whether htmx asked
    for a fragment."""

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                not settings.ZORGPAD_PAGE_CACHE
                or request.method not in ("GET", "HEAD")
                or set(request.GET) - set(params)
            ):
                return view(request, *args, **kwargs)
            versions = current_versions(scopes(**kwargs))
            if versions is None:
                return view(request, *args, **kwargs)
            if None not in versions.values():
                entry = cache.get(_page_key(request, name, args, kwargs, versions))
                if entry is not None:
                    return _response(entry)
            response = view(request, *args, **kwargs)
            if _storable(request, response) and _complete(versions):
                key = _page_key(request, name, args, kwargs, versions)
                variant = timeout if not request.GET else VARIANT_TIMEOUT
                cache.set(key, _entry(response), variant)
            return response

        return wrapper

    return decorator


def _page_key(request, name, args, kwargs, versions):
    htmx = getattr(request, "htmx", None)
    parts = [
        name,
        get_language(),
        request.scheme,
        request.get_host(),
        "htmx" if htmx else "",
        "history" if htmx and htmx.history_restore_request else "",
        repr(args),
        repr(sorted(kwargs.items())),
        repr(sorted(request.GET.lists())),
        *versions.values(),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"zp:page:{digest}"


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
    return (
        response.status_code,
        list(response.items()),
        response.content,
        getattr(response, "telling", None),
    )


def _response(entry):
    status, headers, content, telling = entry
    response = HttpResponse(content, status=status)
    for header, value in headers:
        response[header] = value
    if telling is not None:
        response.telling = telling
    return response
