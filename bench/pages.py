"""Throughput of the public pages under the production server, side by side
with the liveness endpoint (the hello-world of this stack).

    make bench            (or: .venv/bin/python bench/pages.py)

On a throwaway PostgreSQL cluster (as root with Debian's postgresql; else
DATABASE_URL, else a SQLite file) with the reference and demo data, and a
throwaway Redis (REDIS_URL) when redis-server is installed (BENCH_REDIS=0:
the database cache). gunicorn with gunicorn.conf.py, DEBUG off; wrk with a
browser's User-Agent (so every view is counted) and Accept-Encoding,
BENCH_CONNECTIONS (50) connections, BENCH_SECONDS per page. Each page is
measured cached (warm) and rendered every time (ZORGPAD_PAGE_CACHE=0); the
ratio is page / liveness, measured just before and after each page.
Then the pages of one gemeente again with Kerkrade holding BENCH_FILLS
(10,100) times its organisations, in the same run; before those, with the
rest of the country filled (30 organisations in each other gemeente,
BENCH_NATIONAL=0 skips it: PostgreSQL only); BENCH_PAGES (names,
comma-separated) measures only those. Prints the load
average: the machine may be shared, so compare the ratios within one run.
The first-load size per page: HTML + CSS + JS as served, in KB.
Loopback only; bounded in time.
"""

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import Request, urlopen

from serve import (
    BROWSER,
    ROOT,
    WORKERS,
    environment,
    gunicorn,
    load_average,
    manage,
    redis_server,
    wrk,
)

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
# What a browser accepts: stored pages are then sent gzip-compressed.
ENCODINGS = "gzip, deflate, br, zstd"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))

# A made-up CSRF secret, sent as the cookie and the form field (plain HTTP:
# no Referer check), so the screening result can be POSTed by wrk.
CSRF = "benchbenchbenchbenchbenchbench12"
SCREENING = urlencode(
    {"csrfmiddlewaretoken": CSRF, "stem": "professional", "sectie": "8",
     "actie": "volgende", "v-veilig-thuis": "nee", "v-rondkomen": "schulden",
     "v-woonplek": "onzeker"}
)  # fmt: skip

# name: address, or (address, form body) for a POST.
PAGES = {
    "liveness": "/health/live",
    "home": "/",
    "search (htmx)": "/?q=berg",
    "gemeente overview": "/gemeente/kerkrade/",
    "zorgpad page": "/gemeente/kerkrade/geldzorgen-en-schulden/",
    "zorgpad page (en)": "/en/gemeente/kerkrade/geldzorgen-en-schulden/",
    # The old /mee/<slugs>/ address: main() follows its redirect to the code.
    "take-home list": "/gemeente/kerkrade/mee/veiligheid-thuis+wonen/",
    # A step of the screening (a form with a CSRF token: rendered each time).
    "screening step": "/gemeente/kerkrade/screening/?stem=professional",
    "screening result": ("/gemeente/kerkrade/screening/", SCREENING),
    # With JavaScript the result arrives as htmx's fragment (most visitors).
    "screening result (htmx)": ("/gemeente/kerkrade/screening/", SCREENING),
    "hsds services (50)": "/api/hsds/services?gemeente=GM0928",
    # The largest page an anonymous client can ask for (per_page is capped).
    "hsds services (200, full)": (
        "/api/hsds/services?gemeente=GM0928&per_page=200&full=true"
    ),
    "hsds service": "/api/hsds/services/7a6f7270-0002-8000-8000-000000000001",
    "open-data.csv": "/gemeente/kerkrade/open-data.csv",
    "open-data.json": "/gemeente/kerkrade/open-data.json",
}
# Measured again with 10x and 100x Kerkrade's organisations, in the same run.
FILLED = (
    "gemeente overview", "zorgpad page", "screening result", "open-data.json",
    "hsds services (200, full)",
)  # fmt: skip
FILLS = [int(n) for n in os.environ.get("BENCH_FILLS", "10,100").split(",") if n]
# BENCH_PAGES="liveness,screening result": only these (a quick look).
ONLY = [n for n in os.environ.get("BENCH_PAGES", "").split(",") if n]
if ONLY:
    # Liveness is always measured: it is every ratio's yardstick.
    PAGES = {n: page for n, page in PAGES.items() if n in ONLY or n == "liveness"}
    FILLED = tuple(name for name in FILLED if name in ONLY)

FILL_SCRIPT = """
from gemeenten.models import Aanbod, Gemeente, Organisatie, Zorgpad
import datetime
kerkrade = Gemeente.objects.get(slug="kerkrade")
own = Organisatie.objects.filter(gemeenten=kerkrade)
orgs = list(own.exclude(naam__regex=" [0-9]+$"))
for i in range({start}, {stop}):
    for org in orgs:
        copy = Organisatie.objects.create(
            naam=f"{{org.naam}} {{i}}", beschrijving=org.beschrijving,
            telefoon=org.telefoon, laatst_gecontroleerd=datetime.date(2026, 1, 1))
        copy.gemeenten.set([kerkrade])
        Aanbod.objects.bulk_create(
            Aanbod(organisatie=copy, zorgpad_id=a.zorgpad_id,
                   omschrijving=a.omschrijving) for a in org.aanbod.all())
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
print(Aanbod.objects.voor_gemeente(kerkrade).count(), "offers in Kerkrade")
"""


# The rest of the country filled, Kerkrade left as it is: 30 organisations in
# every other gemeente, two offers each (PostgreSQL). Kerkrade's pages must
# cost what they cost before: the offers query reads Kerkrade's rows only.
NATIONAL = ("gemeente overview", "zorgpad page", "screening result")
NATIONAL_SQL = """
INSERT INTO gemeenten_organisatie
    (naam, beschrijving, telefoon, telefoon_toelichting, email, website, adres,
     postcode, plaats, talen, landelijk, laatst_gecontroleerd, gepubliceerd,
     is_demo, gewijzigd, beschrijving_en)
SELECT 'Land ' || g.id || ' ' || n, 'Een organisatie.', '012-345 6789', '', '',
       '', '', '', '', '', false, current_date, true, false, now(), ''
FROM gemeenten_gemeente g CROSS JOIN generate_series(1, 30) AS n
WHERE g.slug <> 'kerkrade';
INSERT INTO gemeenten_organisatie_gemeenten (organisatie_id, gemeente_id)
SELECT id, split_part(naam, ' ', 2)::bigint FROM gemeenten_organisatie
WHERE naam LIKE 'Land %';
WITH pad AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM gemeenten_zorgpad
), org AS (
    SELECT id, split_part(naam, ' ', 3)::int AS n FROM gemeenten_organisatie
    WHERE naam LIKE 'Land %'
)
INSERT INTO gemeenten_aanbod
    (organisatie_id, zorgpad_id, omschrijving, aanmelden, contactpersoon,
     volgorde, laatst_gecontroleerd, gepubliceerd, gewijzigd, aanmelden_en)
SELECT org.id, pad.id, '', '', '', 100, NULL, true, now(), ''
FROM org JOIN pad ON pad.i IN (org.n % 16, (org.n + 7) % 16);
"""
NATIONAL_FILL = f"""
from django.db import connection
from gemeenten.models import Organisatie
with connection.cursor() as cursor:
    cursor.execute({NATIONAL_SQL!r})
    # Current statistics, as a live database has: not a stale plan, nor
    # autovacuum at work while the pages are measured.
    cursor.execute("VACUUM ANALYZE")
print(Organisatie.objects.count(), "organisations in the country")
"""


def fill(env, start, stop):
    """Copies number start..stop-1 of Kerkrade's own organisations."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c",
         FILL_SCRIPT.format(start=start, stop=stop)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


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
        if "take-home list" in PAGES:
            old = PAGES["take-home list"]
            with gunicorn(env) as (base, _), urlopen(base + old) as r:
                PAGES["take-home list"] = urlsplit(r.url).path
        results, sizes = {}, {}
        measure(env, PAGES, results, 1, sizes)
        if (
            env["DATABASE_URL"].startswith("postgres")
            and os.environ.get("BENCH_NATIONAL", "1") == "1"
        ):
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-v0", "-c", NATIONAL_FILL],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
            names = [name for name in NATIONAL if name in PAGES]
            measure(env, ("liveness", *names), results, "national")
        done = 1
        for times in FILLS:
            fill(env, done, times)
            done = times
            measure(env, ("liveness", *FILLED), results, times)
        report(env, cache, results, sizes)
    shutil.rmtree(tmp, ignore_errors=True)


def measure(env, names, results, times, sizes=None):
    """Each page cached (warm) and rendered every time. On the cached server
    liveness is measured before the first page and again after each one:
    a page's yardstick is the faster of the two beside it (a slow moment of
    a shared machine must neither make a page look fast nor slow, and the
    faster one is the stricter). The rendered pages are compared with the
    fastest liveness of the round."""
    pages = [name for name in names if name != "liveness"]
    for mode, page_cache in (("cached", "1"), ("rendered", "0")):
        with gunicorn({**env, "ZORGPAD_PAGE_CACHE": page_cache}) as (base, _):
            before = None
            if mode == "cached":
                before = run(base, "liveness", warm=True)
                keep(results, ("liveness", mode, times), before)
            for name in pages:
                size, result = run(base, name, warm=True, size=True)
                if mode == "cached":
                    after = run(base, "liveness")
                    keep(results, ("liveness", mode, times), after)
                    result["yardstick"] = max(before["rps"], after["rps"])
                    before = after
                keep(results, (name, mode, times), result)
                if sizes is not None and mode == "cached":
                    sizes[name] = size


def run(base, name, warm=False, size=False):
    """wrk at one page: its result (and with `size`, its first load)."""
    path, body = PAGES[name] if isinstance(PAGES[name], tuple) else (
        PAGES[name], None
    )  # fmt: skip
    headers = [f"User-Agent: {BROWSER}", f"Accept-Encoding: {ENCODINGS}"]
    if "htmx" in name:
        headers.append("HX-Request: true")
    if body:
        headers.append(f"Cookie: csrftoken={CSRF}")
    loaded = first_load(base, path, body) if size else None
    if warm:
        # One request that may build the page (a download at 100x takes
        # seconds), then a short run.
        wrk(base + path, *headers, connections=5, seconds=1, body=body)
    result = wrk(
        base + path, *headers, connections=CONNECTIONS, seconds=SECONDS, body=body
    )
    result["load"] = load_average()
    return (loaded, result) if size else result


def keep(results, key, result):
    """The faster of the results measured for the same key."""
    earlier = results.get(key)
    if earlier is None or result["rps"] > earlier["rps"]:
        results[key] = result


def first_load(base, path, body=None):
    """Bytes a first visit transfers, as served to a browser: the HTML (the
    site compresses it: zorgpad/cache.py, GZipMiddleware), plus every
    stylesheet and script it loads, as whitenoise serves them (brotli).
    None for what is not an HTML page."""
    headers = {"User-Agent": BROWSER, "Accept-Encoding": ENCODINGS}
    if body:
        headers["Cookie"] = f"csrftoken={CSRF}"
    request = Request(base + path, data=body and body.encode(), headers=headers)
    with urlopen(request) as response:
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            return None
        sent = response.read()
        encoding = response.headers.get("Content-Encoding")
    total = len(sent)
    html = gzip.decompress(sent) if encoding == "gzip" else sent
    text = html.decode()
    assets = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text) + [
        re.search(r'href="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<link\b[^>]*>", text)
        if 'rel="stylesheet"' in tag
    ]
    for asset in assets:
        compressed = Request(
            urljoin(base + path, asset), headers={"Accept-Encoding": "br, gzip"}
        )
        with urlopen(compressed) as response:
            total += len(response.read())
    return total


def report(env, cache, results, sizes):
    engine = env["DATABASE_URL"].split(":")[0]
    print(
        f"\ngunicorn.conf.py ({WORKERS} sync workers), DEBUG=0, {engine}, "
        f"{cache}; wrk {CONNECTIONS} connections, {SECONDS}s per page, a "
        f"browser's User-Agent and Accept-Encoding. Ratio: req/s / liveness "
        f"req/s ('live': the faster liveness measured just before and just "
        f"after the page; rendered: the round's fastest). ms/req: the time a "
        f"worker spends on one rendered page ({WORKERS} workers busy / "
        f"req/s). First load: HTML + CSS + JS as served to a browser (gzip, "
        f"brotli), KB. Load avg: while the cached page was measured, then "
        f"while the rendered one was."
    )
    head = (
        f"{'page':<24} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} "
        f"{'live':>6}"
    )
    print(
        f"{head}   | rendered: {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'ratio':>6} {'ms/req':>6} | {'KB':>5}   load avg"
    )
    for (name, mode, times), cached in results.items():
        if mode != "cached":
            continue
        live = results["liveness", "cached", times]["rps"]
        yardstick = cached.get("yardstick", live)
        label = {1: name, "national": f"{name} (national)"}.get(
            times, f"{name} {times}x"
        )
        line = (
            f"{label:<24} {cached['rps']:>7.0f} {cached['p50']:>7.1f} "
            f"{cached['p99']:>7.1f} {cached['rps'] / yardstick:>6.2f} {yardstick:>6.0f}"
        )
        rendered = results.get((name, "rendered", times))
        if rendered:
            line += (
                f"   |           {rendered['rps']:>6.0f} {rendered['p50']:>7.1f} "
                f"{rendered['p99']:>7.1f} {rendered['rps'] / live:>6.2f} "
                f"{WORKERS * 1000 / rendered['rps']:>6.1f}"
            )
        else:
            line += "   |" + " " * 46
        size = sizes.get(name) if times == 1 else None
        line += f" | {size / 1000:>5.1f}" if size else " |      "
        errors = sum(r["errors"] for r in (cached, rendered) if r)
        load = cached["load"] + (f" / {rendered['load']}" if rendered else "")
        line += f"   {load}" + (f"  ({errors} non-2xx)" if errors else "")
        for mode, result in (("cached", cached), ("rendered", rendered)):
            # wrk's socket errors: a request past its 5 s timeout never
            # counts in req/s or the latencies, so say how many there were.
            if result and result["socket_errors"]:
                line += f"  ({mode}: socket errors {result['socket_errors']})"
        print(line)


if __name__ == "__main__":
    main()
