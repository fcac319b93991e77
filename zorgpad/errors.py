"""The site's answer to an unhandled exception (handler500).

Rendered without a request, so no context processor runs: nothing here may
need the database, which may be the very thing that failed. An unreachable
database (django.db's OperationalError or InterfaceError, anywhere in the
exception's chain: a restart, a failover, a full connection table) is a 503
with Retry-After, so browsers, monitors and load balancers know to try again;
anything else is a 500. Both speak the language of the address. Under
/api/hsds/ the API middleware turns either into JSON (opendata/middleware.py).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language_from_path, override

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Zorgpad</title>'
    "<h1>Zorgpad is even niet bereikbaar</h1>"
    "<p>Probeer het later nog eens. In direct gevaar? Bel 112. Zorgen over geweld "
    "thuis? Bel Veilig Thuis: 0800-2000 (gratis, dag en nacht).</p></html>"
)
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
# Seconds: about how long a PostgreSQL restart or failover takes.
RETRY_AFTER = 30


def database_unreachable(exc):
    """Whether this exception, or one it was raised from, means the database
    could not be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_UNREACHABLE):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    """handler500: the static 500 page, or the 503 page while the database
    is unreachable."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    unavailable = database_unreachable(sys.exc_info()[1])
    with override(language):
        try:
            html = render_to_string("503.html" if unavailable else "500.html")
        except Exception:
            # The error page itself failed (a missing static manifest, a
            # broken deploy): a bare page, never the server's traceback.
            logger.exception("Could not render the error page")
            html = FALLBACK
    response = HttpResponse(html, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
