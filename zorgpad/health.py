"""Health endpoints for load balancers and orchestrators.

Never counted, never cached (`Cache-Control: no-store`), no cookie: no view
here touches the session, CSRF or a template.
- /health/live: the process answers. No database, no cache; the cheapest
  response through the full middleware (the hello-world of `make bench`).
- /health/ready: the database and the shared cache both answer; 503
  otherwise, so a load balancer sends visitors to another server.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def live(request):
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@never_cache
def ready(request):
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    if not _cache_answers():
        problems.append("cache")
    if problems:
        logger.warning("Not ready: %s unreachable", ", ".join(problems))
        return HttpResponse(
            f"unavailable: {', '.join(problems)}\n",
            status=503,
            content_type="text/plain",
            headers={"Retry-After": "5"},
        )
    return HttpResponse("ok\n", content_type="text/plain")


def _cache_answers():
    # Through the fail-soft wrapper a Redis outage reads as a miss, so write
    # and read back; a database cache is covered by the query above.
    try:
        cache.set("zp:health", "ok", timeout=60)
        return cache.get("zp:health") == "ok"
    except DatabaseError:
        return False
