"""Throughput of the public pages under a production WSGI server.

    make bench            (or: .venv/bin/python bench/pages.py)

Builds a throwaway SQLite database (or uses DATABASE_URL) with the reference
and demo data, starts gunicorn with DEBUG off on a free loopback port, and
drives each page with wrk (Debian package `wrk`) for a few seconds. Prints
requests per second and latency per page. Loopback only; bounded in time.
"""

import os
import shutil
import sys
import tempfile

from serve import CONNECTIONS, SECONDS, WORKERS, environment, gunicorn, manage, wrk

PAGES = {
    "home": "/",
    "search (htmx)": "/?q=berg",
    "gemeente overview": "/gemeente/kerkrade/",
    "zorgpad page": "/gemeente/kerkrade/geldzorgen-en-schulden/",
    "hsds services (50)": "/api/hsds/services?gemeente=GM0928",
    "hsds service": "/api/hsds/services/7a6f7270-0002-8000-8000-000000000001",
    "open-data.csv": "/gemeente/kerkrade/open-data.csv",
    "open-data.json": "/gemeente/kerkrade/open-data.json",
}


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    tmp = tempfile.mkdtemp(prefix="zorgpad-bench-")
    env = environment(os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"))
    for command in (
        ["migrate", "-v0"],
        ["load_reference", "-v0"],
        ["load_demo", "-v0"],
    ):
        manage(env, *command)
    # The manifest storage needs collected files (into the ignored staticfiles/).
    manage(env, "collectstatic", "--noinput", "-v0")
    try:
        with gunicorn(env) as (base, _pid):
            database = env["DATABASE_URL"].split(":")[0]
            print(
                f"gunicorn, {WORKERS} sync workers, DEBUG=0, {database}; "
                f"wrk {CONNECTIONS} connections, {SECONDS}s per page"
            )
            print(f"{'page':<20} {'req/s':>8} {'avg ms':>8} {'p99 ms':>8}")
            for name, path in PAGES.items():
                headers = ["HX-Request: true"] if "htmx" in name else []
                r = wrk(base + path, *headers)
                note = f"  ({r['errors']} errors)" if r["errors"] else ""
                figures = f"{r['rps']:>8.0f} {r['avg']:>8.1f} {r['p99']:>8.1f}"
                print(f"{name:<20} {figures}{note}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
