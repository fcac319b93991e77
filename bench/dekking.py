"""The coverage page (/beheer/dekking/) at national scale.

    make bench-dekking          (or: .venv/bin/python bench/dekking.py)

On a throwaway PostgreSQL 15 cluster (as bench/stats.py; needs root), or on
BENCH_DATABASE_URL, whose organisations, offers and reports it REPLACES.
Fills every one of the 342 gemeenten with 30 local organisations (each with
two offers; which zorgpaden differs per gemeente, so coverage ranges from 4
to 16 of 16), five regional organisations per region and a few open error
reports, then times the page and its CSV export for a national editor and a
region officer: server time in process (DEBUG off), median and worst of
BENCH_REPEAT runs after a warm-up, and the number of queries. The machine
is shared and often busy, so it also reports the CPU time per request (this
process plus its PostgreSQL backend), which on an idle machine is what the
server time would be, and the load average.
Target: < 300 ms.
"""

import os
import statistics
import sys
import time
from pathlib import Path

from serve import ROOT, environment, set_up_demo
from stats import REPEAT, throwaway_postgres

sys.path.insert(0, str(ROOT))

TARGET_MS = 300
PER_GEMEENTE = int(os.environ.get("BENCH_PER_GEMEENTE", "30"))

FILL_SQL = """
DELETE FROM gemeenten_melding;
DELETE FROM gemeenten_aanbod WHERE organisatie_id IN
    (SELECT id FROM gemeenten_organisatie WHERE NOT landelijk);
DELETE FROM gemeenten_organisatie_gemeenten;
DELETE FROM gemeenten_organisatie_regios;
DELETE FROM gemeenten_organisatie WHERE NOT landelijk;

-- 'Bench <gemeente id> <n>': the name carries where it works, for the links.
INSERT INTO gemeenten_organisatie
    (naam, beschrijving, telefoon, telefoon_toelichting, email, website, adres,
     postcode, plaats, talen, landelijk, laatst_gecontroleerd, gepubliceerd,
     is_demo, gewijzigd, beschrijving_en)
SELECT 'Bench ' || g.id || ' ' || n, 'Een organisatie.', '012-345 6789', '',
       '', '', '', '', '', '', false, current_date - (random() * 700)::int,
       true, false, now() - random() * interval '300 days', ''
FROM gemeenten_gemeente g CROSS JOIN generate_series(1, %(per_gemeente)s) AS n;

INSERT INTO gemeenten_organisatie_gemeenten (organisatie_id, gemeente_id)
SELECT id, split_part(naam, ' ', 2)::bigint FROM gemeenten_organisatie
WHERE naam LIKE 'Bench %%';

INSERT INTO gemeenten_organisatie
    (naam, beschrijving, telefoon, telefoon_toelichting, email, website, adres,
     postcode, plaats, talen, landelijk, laatst_gecontroleerd, gepubliceerd,
     is_demo, gewijzigd, beschrijving_en)
SELECT 'Regio ' || r.id || ' ' || n, 'Een regionale organisatie.', '012-345 6789',
       '', '', '', '', '', '', '', false, current_date - (random() * 700)::int,
       true, false, now(), ''
FROM gemeenten_regio r CROSS JOIN generate_series(1, 5) AS n;

INSERT INTO gemeenten_organisatie_regios (organisatie_id, regio_id)
SELECT id, split_part(naam, ' ', 2)::bigint FROM gemeenten_organisatie
WHERE naam LIKE 'Regio %%';

-- Two offers each, on zorgpaden 0..k-1 where k depends on the gemeente.
WITH pad AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM gemeenten_zorgpad
), org AS (
    SELECT id, split_part(naam, ' ', 2)::int AS g, split_part(naam, ' ', 3)::int AS n,
           naam LIKE 'Regio %%' AS regionaal
    FROM gemeenten_organisatie WHERE naam LIKE 'Bench %%' OR naam LIKE 'Regio %%'
)
INSERT INTO gemeenten_aanbod
    (organisatie_id, zorgpad_id, omschrijving, aanmelden, contactpersoon,
     volgorde, laatst_gecontroleerd, gepubliceerd, gewijzigd, aanmelden_en)
SELECT DISTINCT ON (org.id, pad.id)
       org.id, pad.id, '', '', '', 100, NULL, true, now(), ''
FROM org JOIN pad ON pad.i IN (
    CASE WHEN org.regionaal THEN (org.g + org.n) %% 16
         ELSE (org.g * 3 + org.n) %% (4 + org.g %% 13) END,
    CASE WHEN org.regionaal THEN (org.g + org.n + 8) %% 16
         ELSE (org.g * 3 + org.n + 1) %% (4 + org.g %% 13) END
);

INSERT INTO gemeenten_melding
    (gemeente_id, bericht, email, status, aangemaakt)
SELECT g.id, 'Klopt niet', '', 'nieuw', now()
FROM gemeenten_gemeente g CROSS JOIN generate_series(1, 3) AS n
WHERE random() < 0.3;
"""


def fill(env):
    import django

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgpad.settings"
    django.setup()
    from django.db import connection

    from gemeenten.models import Aanbod, Organisatie

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL, {"per_gemeente": PER_GEMEENTE})
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        for table in ("organisatie", "organisatie_gemeenten", "aanbod", "melding"):
            cursor.execute(f"VACUUM ANALYZE gemeenten_{table}")
    print(
        f"Filled in {time.monotonic() - started:.1f}s: "
        f"{Organisatie.objects.count():,} organisations "
        f"({PER_GEMEENTE} per gemeente), {Aanbod.objects.count():,} offers"
    )


def times():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from beheer.roles import BELEIDSMEDEWERKER
    from gemeenten.models import Regio

    User = get_user_model()
    officer, _ = User.objects.get_or_create(username="bench-regio", is_staff=True)
    from django.contrib.auth.models import Group

    officer.groups.set([Group.objects.get(name=BELEIDSMEDEWERKER)])
    Regio.objects.get(slug="zuid-limburg").beheerders.add(officer)
    cases = [
        ("national editor", "redactie", {}),
        ("national, sorted", "redactie", {"o": "-paden", "provincie": "Limburg"}),
        ("region officer", "bench-regio", {}),
    ]
    print(
        f"Server time per request, median and worst of {REPEAT} after a warm-up; "
        f"target < {TARGET_MS} ms"
    )
    print(
        f"{'who':<18} {'page ms':>8} {'max':>6} {'CPU ms':>7} {'queries':>8} "
        f"{'CSV ms':>7} {'max':>6} {'CPU ms':>7}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    worst = worst_cpu = 0
    for name, username, params in cases:
        client = Client()
        client.force_login(User.objects.get(username=username))
        row = []
        for extra in ({}, {"formaat": "csv"}):
            client.get("/beheer/dekking/", {**params, **extra})  # warm-up
            samples = []
            cpu_before = time.process_time() + backend_cpu(backend)
            for _i in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get("/beheer/dekking/", {**params, **extra})
                    samples.append(1000 * (time.perf_counter() - started))
                assert response.status_code == 200, response.status_code
            cpu = time.process_time() + backend_cpu(backend) - cpu_before
            cpu_ms = 1000 * cpu / REPEAT
            row.append((statistics.median(samples), max(samples), cpu_ms, len(queries)))
            worst = max(worst, statistics.median(samples))
            worst_cpu = max(worst_cpu, cpu_ms)
        (page, page_max, page_cpu, n), (csv, csv_max, csv_cpu, _n) = row
        print(
            f"{name:<18} {page:>8.1f} {page_max:>6.0f} {page_cpu:>7.1f} {n:>8} "
            f"{csv:>7.1f} {csv_max:>6.0f} {csv_cpu:>7.1f}"
        )
    verdict = "ok" if worst < TARGET_MS else "over target"
    print(f"slowest median: {worst:.1f} ms ({verdict}); CPU at most {worst_cpu:.1f} ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def backend_cpu(pid):
    """CPU seconds used so far by the PostgreSQL backend serving us."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with throwaway_postgres() as (database_url, _postmaster):
        env = environment(database_url)
        set_up_demo(env)
        fill(env)
        times()


if __name__ == "__main__":
    main()
