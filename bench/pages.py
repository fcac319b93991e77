"""Throughput of the public pages under the production server, side by side
with the liveness endpoint (the hello-world of this stack).

    make bench            (or: .venv/bin/python bench/pages.py)

On a throwaway PostgreSQL cluster (as root with Debian's postgresql; else
DATABASE_URL, else a SQLite file) with the reference and demo data, and a
throwaway Redis (REDIS_URL) when redis-server is installed (BENCH_REDIS=0:
the database cache). gunicorn with gunicorn.conf.py, DEBUG off; wrk with a
browser's User-Agent (so every view is counted), BENCH_CONNECTIONS (50)
connections, BENCH_SECONDS per page. Each page is measured cached (warm) and
rendered every time (ZORGPAD_PAGE_CACHE=0); the ratio is page / liveness.
BENCH_FILL=10 or 100 gives Kerkrade that many times its organisations
first. Prints the load average: the machine may be shared, so compare the
ratios within one run. Loopback only; bounded in time.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack

from serve import (
    BROWSER,
    ROOT,
    environment,
    gunicorn,
    load_average,
    manage,
    redis_server,
    wrk,
)

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
FILL = int(os.environ.get("BENCH_FILL", "1"))

PAGES = {
    "liveness": "/health/live",
    "home": "/",
    "search (htmx)": "/?q=berg",
    "gemeente overview": "/gemeente/kerkrade/",
    "zorgpad page": "/gemeente/kerkrade/geldzorgen-en-schulden/",
    "zorgpad page (en)": "/en/gemeente/kerkrade/geldzorgen-en-schulden/",
    "take-home list": "/gemeente/kerkrade/mee/veiligheid-thuis+wonen/",
    "hsds services (50)": "/api/hsds/services?gemeente=GM0928",
    "hsds service": "/api/hsds/services/7a6f7270-0002-8000-8000-000000000001",
    "open-data.csv": "/gemeente/kerkrade/open-data.csv",
    "open-data.json": "/gemeente/kerkrade/open-data.json",
}

FILL_SCRIPT = """
from gemeenten.models import Aanbod, Gemeente, Organisatie, Zorgpad
import datetime
kerkrade = Gemeente.objects.get(slug="kerkrade")
extra = {n} - 1
orgs = list(Organisatie.objects.filter(gemeenten=kerkrade))
for i in range(extra):
    for org in orgs:
        copy = Organisatie.objects.create(
            naam=f"{{org.naam}} {{i}}", beschrijving=org.beschrijving,
            telefoon=org.telefoon, laatst_gecontroleerd=datetime.date(2026, 1, 1))
        copy.gemeenten.set([kerkrade])
        Aanbod.objects.bulk_create(
            Aanbod(organisatie=copy, zorgpad_id=a.zorgpad_id,
                   omschrijving=a.omschrijving) for a in org.aanbod.all())
print(Aanbod.objects.voor_gemeente(kerkrade).count(), "offers in Kerkrade")
"""


def database(stack, tmp):
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if os.geteuid() == 0 and shutil.which("/usr/lib/postgresql/15/bin/initdb"):
        from stats import throwaway_postgres

        url, _pid = stack.enter_context(throwaway_postgres())
        return url
    return f"sqlite:///{tmp}/bench.sqlite3"


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    tmp = tempfile.mkdtemp(prefix="zorgpad-bench-")
    with ExitStack() as stack:
        env = environment(database(stack, tmp))
        cache = "database cache"
        if os.environ.get("BENCH_REDIS", "1") == "1" and shutil.which("redis-server"):
            env["REDIS_URL"], _ = stack.enter_context(redis_server())
            cache = "Redis"
        for command in (
            ["migrate", "-v0"],
            ["createcachetable"],
            ["load_reference", "-v0"],
            ["load_demo", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            manage(env, *command)
        if FILL > 1:
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c",
                 FILL_SCRIPT.format(n=FILL)],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
        results = {}
        for mode, page_cache in (("cached", "1"), ("rendered", "0")):
            with gunicorn({**env, "ZORGPAD_PAGE_CACHE": page_cache}) as (base, _):
                for name, path in PAGES.items():
                    if mode == "rendered" and name == "liveness":
                        continue
                    headers = [f"User-Agent: {BROWSER}"]
                    if "htmx" in name:
                        headers.append("HX-Request: true")
                    wrk(base + path, *headers, connections=5, seconds=1)  # warm up
                    results[name, mode] = wrk(
                        base + path, *headers, connections=CONNECTIONS, seconds=SECONDS
                    )
                    results[name, mode]["load"] = load_average()
        report(env, cache, results)
    shutil.rmtree(tmp, ignore_errors=True)


def report(env, cache, results):
    live = results["liveness", "cached"]["rps"]
    engine = env["DATABASE_URL"].split(":")[0]
    print(
        f"\ngunicorn.conf.py (2 sync workers), DEBUG=0, {engine}, "
        f"{cache}; wrk {CONNECTIONS} connections, {SECONDS}s per page, browser "
        f"User-Agent; Kerkrade with {FILL}x its organisations"
    )
    head = f"{'page':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}"
    print(f"{head}   | rendered: {'req/s':>6} {'p99 ms':>7} {'ratio':>6}   load avg")
    for name in PAGES:
        cached = results[name, "cached"]
        line = (
            f"{name:<20} {cached['rps']:>7.0f} {cached['p50']:>7.1f} "
            f"{cached['p99']:>7.1f} {cached['rps'] / live:>6.2f}"
        )
        rendered = results.get((name, "rendered"))
        if rendered:
            line += (
                f"   |           {rendered['rps']:>6.0f} {rendered['p99']:>7.1f} "
                f"{rendered['rps'] / live:>6.2f}"
            )
        else:
            line += "   |" + " " * 31
        errors = sum(r["errors"] for r in (cached, rendered) if r)
        line += f"   {cached['load']}" + (f"  ({errors} non-2xx)" if errors else "")
        print(line)


if __name__ == "__main__":
    main()
