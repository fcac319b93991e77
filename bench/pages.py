"""Throughput of the public pages under a production WSGI server.

    make bench            (or: .venv/bin/python bench/pages.py)

Builds a throwaway SQLite database (or uses DATABASE_URL) with the reference
and demo data, starts gunicorn with DEBUG off on a free loopback port, and
drives each page with wrk (Debian package `wrk`) for a few seconds. Prints
requests per second and latency per page. Loopback only; bounded in time.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    tmp = tempfile.mkdtemp(prefix="zorgpad-bench-")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    python = sys.executable
    for command in (
        ["migrate", "-v0"],
        ["load_reference", "-v0"],
        ["load_demo", "-v0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    # The manifest storage needs collected files (into the ignored staticfiles/).
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "zorgpad.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        database = env["DATABASE_URL"].split(":")[0]
        print(
            f"gunicorn, {WORKERS} sync workers, DEBUG=0, {database}; "
            f"wrk {CONNECTIONS} connections, {SECONDS}s per page"
        )
        print(f"{'page':<20} {'req/s':>8} {'avg ms':>8} {'p99 ms':>8}")
        for name, path in PAGES.items():
            headers = ["-H", "HX-Request: true"] if "htmx" in name else []
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{CONNECTIONS}",
                    f"-d{SECONDS}s",
                    "--latency",
                    *headers,
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            avg = _ms(re.search(r"Latency\s+([\d.]+\w+)", out).group(1))
            p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            note = f"  ({errors.group(1)} errors)" if errors else ""
            print(f"{name:<20} {rps:>8.0f} {avg:>8.1f} {p99:>8.1f}{note}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


if __name__ == "__main__":
    main()
