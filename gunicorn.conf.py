"""gunicorn settings for production (`make serve` runs them locally).

    gunicorn -c gunicorn.conf.py zorgpad.wsgi

Sync workers, no threads: the pages are CPU-bound Python (measured in
shared/TOOLING.md: more workers than cores or many threads only add GIL and
context-switch cost). Slow clients are the load balancer's job (nginx or
HAProxy buffers them), so a sync worker is never held by one.

Graceful: `kill -HUP <master>` starts new workers with new code and lets the
old ones finish their requests; `kill -TERM <master>` stops taking requests
and gives running ones `graceful_timeout` seconds. Each worker writes its
buffered usage counts when it exits (`worker_exit`), so a graceful stop or
reload loses none; a crash (SIGKILL, out of memory) loses at most the last
ZORGPAD_COUNTING_BUFFER seconds of that worker's counts. On TERM the master
closes the listening socket, so connections still waiting to be accepted are
reset: the load balancer should send each server no more requests at a time
than it has workers, and retry a reset GET elsewhere (deploy/haproxy.cfg).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
threads = 1
# A request that takes longer is a bug or an attack: the worker is replaced.
timeout = 30
graceful_timeout = 20
# Behind a load balancer that keeps connections open to us.
keepalive = 5
# A backstop against a leak, not a routine: every per-process memo is bounded
# (zorgpad.cache.KeptHere, lru_cache), and a worker's memory stayed at 79 MB
# over 90,000 requests to 2,052 different pages. A replaced worker starts
# cold (imports, templates), and workers started together reach the same
# count together: at 20,000 both restarted within the same second every ~20 s
# under load, and p99 went from 70 ms to 500 ms. Rare, and far apart.
max_requests = 500_000
max_requests_jitter = 250_000
# Workers load the app themselves, so HUP reloads the code too.
preload_app = False

# Access log on stdout, without what could say something about a visitor:
# no query string (search words), no take-home list (/mee/… and /lijst/…:
# the signalled topics), no referrer, no user agent, no address.
accesslog = os.environ.get("ACCESS_LOG", "-") or None  # ACCESS_LOG= turns it off
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "zorgpad.accesslog.PrivateAccessLogger"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")


def worker_exit(server, worker):
    """Write this worker's buffered usage counts, and any page-cache token an
    edit could not write while the cache was away, before it goes."""
    from statistieken import counting
    from zorgpad import cache

    counting.flush()
    cache.write_owed_tokens()
