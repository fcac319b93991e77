"""What both benchmarks need: the site under gunicorn with DEBUG off, and
wrk against it. Run the scripts beside this file, not this one."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(database_url):
    """Production settings on plain HTTP, for 127.0.0.1 only."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def set_up_demo(env):
    """A new database as `make run` has it: tables, reference and demo data,
    static files."""
    for command in (
        ["migrate", "-v0"],
        ["load_reference", "-v0"],
        ["load_demo", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(env, *command)


@contextmanager
def gunicorn(env):
    """(base URL, master pid) of gunicorn with WORKERS sync workers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "zorgpad.wsgi",
         "-b", f"127.0.0.1:{port}", "-w", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env={**env, "ACCESS_LOG": ""},
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health/live")
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


def wrk(url, *headers, connections=CONNECTIONS, seconds=SECONDS, timeout=5, body=None):
    """One wrk run: req/s, requests, average, p50 and p99 latency (ms), errors.
    With `body` (form-encoded) every request is a POST of it."""
    script = []
    if body is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(
                'wrk.method = "POST"\n'
                f"wrk.body = {json.dumps(body)}\n"
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
        script = ["-s", lua.name]
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
             f"--timeout={timeout}s", *script,
             *(arg for header in headers for arg in ("-H", header)), url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        if script:
            os.unlink(script[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "avg": _ms(re.search(r"Latency\s+([\d.]+\w+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "output": out,
    }


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36"
)


@contextmanager
def redis_server(maxmemory="256mb"):
    """A throwaway Debian redis-server on a free loopback port, no disk,
    evicting the least recently used keys when full (as production should).
    Yields (URL, Popen)."""
    port = free_port()
    process = start_redis(port, maxmemory)
    try:
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.terminate()
        process.wait(timeout=10)


def start_redis(port, maxmemory="256mb"):
    """redis-server on this loopback port, answering (see `redis_server`)."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", maxmemory,
         "--maxmemory-policy", "allkeys-lru", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_port(port)
    return process


def wait_for_port(port, seconds=10):
    for _ in range(int(seconds * 10)):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def load_average():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def wait_for_http(url, seconds=120):
    """Until the app answers (workers load Django after the port opens)."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)
