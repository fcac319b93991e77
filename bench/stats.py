"""What usage counting costs, and how fast the statistics are at national scale.

    make bench-stats            (or: .venv/bin/python bench/stats.py)

On a throwaway PostgreSQL 15 cluster of its own (Debian's, started as in
.ci/run; needs root), or on BENCH_DATABASE_URL, whose statistics it DELETES
(part 1 also runs on SQLite: BENCH_PART=throughput
BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3):

1. Throughput of a zorgpad page under gunicorn (DEBUG off), counting on
   versus off (ZORGPAD_COUNTING), alternating rounds in the same run, measured
   with wrk (Debian package `wrk`) sending a browser's User-Agent, so every
   request is counted. Also the CPU time per request of gunicorn's workers
   and PostgreSQL's backends, which on a shared machine is steadier than
   req/s. Checks that the counter holds exactly the views wrk completed (plus
   at most the requests still in flight when wrk stopped).
2. Fills the counters with two years of usage for all 342 gemeenten and
   every zorgpad (daily rows and their monthly rollup, generated inside
   PostgreSQL), then times the dashboard and its CSV export for one gemeente
   and for the whole country: server time (the Django request, in process),
   median and worst of BENCH_REPEAT runs after one warm-up.

Loopback only; bounded in time (~3-5 minutes on 2 cores, most of it the fill).
Environment: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WORKERS, BENCH_ROUNDS,
BENCH_REPEAT, BENCH_PART (all, throughput, dashboard), ZORGPAD_COUNTING_BUFFER
(0 measures writing every count at once).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from serve import (
    CONNECTIONS,
    ROOT,
    SECONDS,
    WORKERS,
    environment,
    free_port,
    gunicorn,
    set_up_demo,
    wrk,
)

sys.path.insert(0, str(ROOT))

PAGE = "/gemeente/kerkrade/geldzorgen-en-schulden/"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36"
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
PART = os.environ.get("BENCH_PART", "all")
# The production default of the counting buffer (zorgpad/settings.py).
BUFFER = float(os.environ.get("ZORGPAD_COUNTING_BUFFER", "1"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TARGET_MS = 200
MAX_OVERHEAD = 10  # percent


@contextmanager
def throwaway_postgres():
    """A PostgreSQL 15 cluster in a temporary folder, removed afterwards."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        yield url, None
        return
    if os.geteuid() != 0 or not (PG_BIN / "initdb").exists():
        sys.exit("Needs root and Debian's postgresql (15), or BENCH_DATABASE_URL.")
    data = tempfile.mkdtemp(prefix="zorgpad-bench-pg-")
    shutil.chown(data, "postgres", "postgres")
    os.chmod(data, 0o700)
    port = free_port()

    def as_postgres(*args):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    as_postgres(
        str(PG_BIN / "initdb"), "-D", data, "-U", "app", "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8",
    )  # fmt: skip
    # Durability off as in CI: this measures queries, not the disk.
    options = (
        f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB"
    )
    as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", data, "-l", f"{data}/server.log", "-w",
        "-o", options, "start",
    )  # fmt: skip
    try:
        subprocess.run(
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "app",
             "-d", "postgres", "-qc", "create database bench"],
            check=True,
        )  # fmt: skip
        postmaster = int(Path(data, "postmaster.pid").read_text().split()[0])
        yield f"postgres://app@127.0.0.1:{port}/bench", postmaster
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", data,
             "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)


# --- 1. throughput, counting on and off ---------------------------------------


def cpu_seconds(parents):
    """CPU time used so far by each child process of these pids (gunicorn's
    workers, PostgreSQL's backends): a cost that, unlike req/s, other work
    on a shared machine hardly disturbs."""
    tick = os.sysconf("SC_CLK_TCK")
    times = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        if int(fields[1]) in parents:
            times[stat.parent.name] = (int(fields[11]) + int(fields[12])) / tick
    return times


def cpu_used(before, after):
    return sum(t - before.get(pid, 0) for pid, t in after.items())


def wrk_page(url):
    """wrk as a browser (counted), stopping at the first error response."""
    result = wrk(url, f"User-Agent: {BROWSER}")
    if result["errors"]:
        sys.exit(f"wrk saw {result['errors']} error responses:\n{result['output']}")
    return result


def page_views(env):
    """Path page views counted so far, straight from the daily rows."""
    code = (
        "from statistieken.models import Telling;"
        "print(sum(Telling.objects.filter(soort='pad')"
        ".values_list('aantal', flat=True)))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return int(out.strip().splitlines()[-1])


def throughput(env, postmaster):
    database = env["DATABASE_URL"].split(":")[0]
    print(
        f"\n1. Zorgpad page {PAGE}: gunicorn, {WORKERS} sync workers, DEBUG=0, "
        f"{database}; wrk {CONNECTIONS} connections, {SECONDS}s per round"
    )
    print(
        f"{'round':<6} {'counting':<9} {'req/s':>7} {'p99 ms':>7} "
        f"{'CPU ms/req':>10} {'of it db':>8} {'counted':>8} {'wrk done':>8}"
    )
    results = {"on": [], "off": []}
    for round_ in range(1, ROUNDS + 1):
        # Alternating order, so that a busy moment does not hit one side only.
        for mode in ("on", "off") if round_ % 2 else ("off", "on"):
            counting = "1" if mode == "on" else "0"
            with gunicorn({**env, "ZORGPAD_COUNTING": counting}) as (base, pid):
                wrk_page(base + PAGE)  # warm-up: connections, caches
                time.sleep(BUFFER + 0.5)  # the warm-up's counts are written
                views_before = page_views(env)
                app_before, db_before = cpu_seconds({pid}), cpu_seconds({postmaster})
                result = wrk_page(base + PAGE)
                # Requests in flight when wrk stopped finish, and the
                # buffered counts are written, within the measured CPU.
                time.sleep(BUFFER + 0.5)
                app = cpu_used(app_before, cpu_seconds({pid}))
                db = cpu_used(db_before, cpu_seconds({postmaster}))
            # After a graceful stop: the workers wrote what they still held.
            counted = page_views(env) - views_before
            cpu_per_request = 1000 * (app + db) / result["requests"]
            db_share = 1000 * db / result["requests"]
            results[mode].append((result["rps"], cpu_per_request))
            print(
                f"{round_:<6} {mode:<9} {result['rps']:>7.0f} {result['p99']:>7.1f} "
                f"{cpu_per_request:>10.2f} {db_share:>8.2f} {counted:>8} "
                f"{result['requests']:>8}"
            )
            if mode == "off":
                assert counted == 0, counted
            else:
                # Requests in flight when wrk stops are counted but not
                # reported by wrk: never fewer counts, at most that many more.
                assert result["requests"] <= counted <= result["requests"] + CONNECTIONS
    on = [statistics.median(x) for x in zip(*results["on"], strict=True)]
    off = [statistics.median(x) for x in zip(*results["off"], strict=True)]
    rps_cost = 100 * (off[0] - on[0]) / off[0]
    cpu_cost = 100 * (on[1] - off[1]) / off[1]
    verdict = "ok" if rps_cost <= MAX_OVERHEAD else f"OVER {MAX_OVERHEAD} %"
    print(
        f"median req/s: counting on {on[0]:.0f}, off {off[0]:.0f}: "
        f"counting costs {rps_cost:.1f} % of throughput ({verdict})"
    )
    print(
        f"median CPU per request (gunicorn workers + database server): on "
        f"{on[1]:.2f} ms, off {off[1]:.2f} ms: counting costs {cpu_cost:.1f} %"
    )


# --- 2. the dashboard at national scale -------------------------------------

# Two years of days before today; every zorgpad is viewed in every gemeente
# every day (0-4 times), contacts are clicked and paths signalled on some
# days. The monthly levels are then summed from the daily rows: what
# counting.py would have built, event by event.
FILL_SQL = """
CREATE TEMP TABLE bench_dag AS
  SELECT (current_date - n)::date AS dag FROM generate_series(1, 730) AS n;

-- random() in each SELECT list is drawn per row (in a LATERAL VALUES list it
-- would be drawn once for the whole statement).
INSERT INTO statistieken_telling (dag, gemeente_id, zorgpad_id, soort, aantal)
SELECT dag, gemeente_id, NULL, soort, n FROM (
  SELECT d.dag, g.id AS gemeente_id, 'overzicht' AS soort,
         1 + (random() * 8)::int AS n
  FROM bench_dag d CROSS JOIN gemeenten_gemeente g
  UNION ALL
  SELECT d.dag, g.id, 'screening', (random() * 2)::int
  FROM bench_dag d CROSS JOIN gemeenten_gemeente g
  UNION ALL
  SELECT d.dag, g.id, 'melding', (random() < 0.03)::int
  FROM bench_dag d CROSS JOIN gemeenten_gemeente g
) AS rows WHERE n > 0;

CREATE TEMP TABLE bench_pad AS
  SELECT d.dag, g.id AS gemeente_id, z.id AS zorgpad_id
  FROM bench_dag d CROSS JOIN gemeenten_gemeente g CROSS JOIN gemeenten_zorgpad z;

INSERT INTO statistieken_telling (dag, gemeente_id, zorgpad_id, soort, aantal)
SELECT dag, gemeente_id, zorgpad_id, soort, n FROM (
  SELECT dag, gemeente_id, zorgpad_id, 'pad' AS soort, (random() * 4.3)::int AS n
  FROM bench_pad
  UNION ALL
  SELECT dag, gemeente_id, zorgpad_id, 'telefoon', (random() < 0.25)::int
  FROM bench_pad
  UNION ALL
  SELECT dag, gemeente_id, zorgpad_id, 'email', (random() < 0.1)::int
  FROM bench_pad
  UNION ALL
  SELECT dag, gemeente_id, zorgpad_id, 'website', (random() < 0.2)::int
  FROM bench_pad
  UNION ALL
  SELECT dag, gemeente_id, zorgpad_id, 'gesignaleerd', (random() < 0.15)::int
  FROM bench_pad
) AS rows WHERE n > 0;

INSERT INTO statistieken_maandtelling (maand, gemeente_id, zorgpad_id, soort, aantal)
SELECT date_trunc('month', dag)::date, gemeente_id, zorgpad_id, soort, sum(aantal)
FROM statistieken_telling
GROUP BY 1, 2, 3, 4;

INSERT INTO statistieken_gemeentemaandtelling (maand, gemeente_id, soort, aantal)
SELECT maand, gemeente_id, soort, sum(aantal)
FROM statistieken_maandtelling
GROUP BY 1, 2, 3;

INSERT INTO statistieken_landmaandtelling (maand, zorgpad_id, soort, aantal)
SELECT maand, zorgpad_id, soort, sum(aantal)
FROM statistieken_maandtelling
GROUP BY 1, 2, 3;
"""


def fill(env):
    import django

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgpad.settings"
    django.setup()
    from django.db import connection

    from statistieken.models import (
        GemeenteMaandTelling,
        LandMaandTelling,
        MaandTelling,
        Telling,
    )

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE statistieken_telling, statistieken_maandtelling, "
            "statistieken_gemeentemaandtelling, statistieken_landmaandtelling"
        )
        cursor.execute(FILL_SQL)
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        # What autovacuum does in production; without it PostgreSQL cannot
        # answer from the covering index alone.
        for level in ("", "maand", "gemeentemaand", "landmaand"):
            cursor.execute(f"VACUUM ANALYZE statistieken_{level}telling")
        cursor.execute("SELECT count(*), sum(aantal) FROM statistieken_telling")
        rows, events = cursor.fetchone()
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('statistieken_telling')),"
            " pg_size_pretty(pg_total_relation_size('statistieken_maandtelling'))"
        )
        day_size, month_size = cursor.fetchone()
    print(
        f"\n2. Filled in {time.monotonic() - started:.0f}s: {events:,} events in "
        f"{rows:,} daily rows ({day_size}) and {MaandTelling.objects.count():,} "
        f"monthly rows ({month_size}), {GemeenteMaandTelling.objects.count():,} "
        f"per gemeente and month, {LandMaandTelling.objects.count():,} national; "
        f"{Telling.objects.values('gemeente').distinct().count()} gemeenten"
    )


def dashboard_times():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    url = reverse("admin:statistieken_telling_changelist")
    User = get_user_model()
    cases = [
        ("Kerkrade (officer)", "beleid-kerkrade", {}),
        ("Kerkrade, one zorgpad", "beleid-kerkrade", {"zorgpad": "wonen"}),
        ("Region Zuid-Limburg", "redactie", {"gebied": "regio:zuid-limburg"}),
        ("Heel Nederland", "redactie", {"gebied": "nl"}),
    ]
    print(
        f"Server time per request, last 12 months (the default), "
        f"median and worst of {REPEAT} after a warm-up; target < {TARGET_MS} ms"
    )
    print(f"{'scope':<24} {'page ms':>8} {'max':>6} {'CSV ms':>8} {'max':>6}")
    worst = 0
    for name, username, params in cases:
        client = Client()
        client.force_login(User.objects.get(username=username))
        row = []
        for extra in ({}, {"formaat": "csv"}):
            times = []
            for i in range(REPEAT + 1):
                started = time.perf_counter()
                response = client.get(url, {**params, **extra})
                elapsed = 1000 * (time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
                if i:  # the first is the warm-up
                    times.append(elapsed)
            row += [statistics.median(times), max(times)]
            worst = max(worst, statistics.median(times))
        print(f"{name:<24} {row[0]:>8.1f} {row[1]:>6.0f} {row[2]:>8.1f} {row[3]:>6.0f}")
    verdict = "ok" if worst < TARGET_MS else "TOO SLOW"
    print(f"slowest median: {worst:.1f} ms ({verdict})")


def main():
    if PART != "dashboard" and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    with throwaway_postgres() as (database_url, postmaster):
        env = environment(database_url)
        set_up_demo(env)
        if PART in ("all", "throughput"):
            throughput(env, postmaster)
        if PART in ("all", "dashboard"):
            fill(env)
            dashboard_times()


if __name__ == "__main__":
    main()
