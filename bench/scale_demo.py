"""Scale-out on loopback: PostgreSQL, Redis, two app servers and HAProxy.

    make scale-demo       (or, as root: .venv/bin/python bench/scale_demo.py)

Starts a throwaway PostgreSQL 15 cluster and a Redis server (Debian's), two
gunicorn app servers (separate process trees, nothing shared but the
database and Redis) and HAProxy in front, all on free loopback ports. Then
drives SCALE_SECONDS (60) at SCALE_CONNECTIONS (200) connections through
HAProxy at a gemeente's overview and path pages (wrk, browser User-Agent,
5 s timeout), and meanwhile:
  t=10s  an officer changes an organisation's phone number through the
         admin (HTTP login and POST); each app server, asked directly, must
         show the new number on its next request;
  t=20s  app server B stops (graceful, SIGTERM); HAProxy routes around it;
  t=32s  PostgreSQL restarts; the app reconnects by itself;
  t=45s  app server B starts again and rejoins.
Afterwards both servers stop gracefully (flushing their buffered counts) and
the usage counters are compared with the 2xx answers HAProxy saw from the
app servers. Prints one table. About 2-3 minutes on 2 cores.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path

from serve import (
    BROWSER,
    ROOT,
    environment,
    free_port,
    load_average,
    redis_server,
    set_up_demo,
    wait_for_http,
    wait_for_port,
)
from stats import PG_BIN, throwaway_postgres

SECONDS = int(os.environ.get("SCALE_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("SCALE_CONNECTIONS", "200"))
GEMEENTE = "kerkrade"
ORGANISATIE = "Knooppunt Kansrijke Start Kerkrade (demo)"
ZORGPAD = "psychisch-welzijn"  # one of that organisation's offers
PAGES = [f"/gemeente/{GEMEENTE}/", f"/gemeente/{GEMEENTE}/{ZORGPAD}/"]
NEW_PHONE = "045-765 43 21"
ADMIN = ("scale-demo", "scale-demo-password-1")

WRK_SCRIPT = """
local paths = {%s}
local i = 0
errors = {}  -- a global: done() reads it from each thread
local start = os.time()
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
response = function(status, headers, body)
  if status >= 300 then
    local s = os.time() - start
    errors[s] = (errors[s] or 0) + 1
  end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("errors")) do merged[s] = (merged[s] or 0) + n end
  end
  local parts = {}
  for s, n in pairs(merged) do table.insert(parts, s .. "=" .. n) end
  io.write("ERRORS_AT " .. table.concat(parts, ",") .. "\\n")
end
"""

HAPROXY = """
global
    maxconn 4000
    stats socket {socket} mode 600 level admin
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 15s
    timeout queue 10s
    # A refused connection is tried again on the other server: a stopped app
    # server costs visitors nothing. Only failures before the request reached
    # a server, so no page view is served (and counted) twice.
    retries 3
    option redispatch 1
    retry-on conn-failure
    # A slow check on a busy machine is not a dead server.
    timeout check 5s
frontend site
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    # Liveness, not readiness: with the shared database down, both servers
    # would be "not ready" while they can still serve cached pages.
    option httpchk GET /health/live
    http-check expect status 200
    # ...but a refused connection marks a server down at once, before the
    # next health check: traffic goes to the other server from then on.
    default-server {server_options}
    server a 127.0.0.1:{a} check
    server b 127.0.0.1:{b} check
"""


SERVER_OPTIONS = (
    "inter 1s fall 3 rise 2 maxconn 16 observe layer4 error-limit 1 on-error mark-down"
)


class AppServer:
    """One gunicorn master with its workers, on its own port."""

    def __init__(self, name, env, logdir):
        self.name, self.env, self.port = name, env, free_port()
        self.log = Path(logdir, f"{name}.log")
        self.process = None

    def start(self):
        env = {**self.env, "BIND": f"127.0.0.1:{self.port}", "ACCESS_LOG": ""}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "zorgpad.wsgi", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_http(f"http://127.0.0.1:{self.port}/health/live")

    def stop(self):
        """Graceful: running requests finish, buffered counts are written."""
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None

    def get(self, path):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"User-Agent": "curl"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read().decode()


class FormReader(HTMLParser):
    """The fields of the admin's change form, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            if kind not in ("submit", "button", "file"):
                self.fields.append([name, attrs.get("value", default)])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def change_phone_through_the_admin(base, organisatie_pk):
    """Log in as an officer would and change the phone number; seconds."""
    started = time.monotonic()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", BROWSER)]

    def form_fields(url):
        reader = FormReader()
        reader.feed(opener.open(url, timeout=60).read().decode())
        return reader.fields

    def post(url, fields):
        data = urllib.parse.urlencode([tuple(field) for field in fields]).encode()
        request = urllib.request.Request(url, data, headers={"Referer": url})
        return opener.open(request, timeout=60)

    login = f"{base}/beheer/login/?next=/beheer/"
    fields = [f for f in form_fields(login) if f[0] not in ("username", "password")]
    post(login, [*fields, ["username", ADMIN[0]], ["password", ADMIN[1]]])
    change = f"{base}/beheer/gemeenten/organisatie/{organisatie_pk}/change/"
    fields = form_fields(change)
    fields = [[n, NEW_PHONE if n == "telefoon" else v] for n, v in fields]
    response = post(change, [*fields, ["_save", "Opslaan"]])
    if "/change/" in response.url:
        raise RuntimeError("the admin did not accept the change")
    return time.monotonic() - started


def haproxy_stats(socket_path):
    """Per server: 2xx answers, connection errors, retries, redispatches."""
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(socket_path)
        client.sendall(b"show stat\n")
        out = b""
        while chunk := client.recv(65536):
            out += chunk
    lines = out.decode().splitlines()
    head = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(head, line.split(","), strict=False)) for line in lines[1:]]
    return {r["svname"]: r for r in rows if r.get("pxname") in ("app", "site")}


def shell(env, code):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def main():
    for tool in ("wrk", "haproxy", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: make scale-demo installs it (as root)")
    logdir = tempfile.mkdtemp(prefix="zorgpad-scale-")
    timeline, checks = [], {}
    t0 = None

    def note(event):
        timeline.append((time.monotonic() - t0 if t0 else 0, event, load_average()))

    with ExitStack() as stack:
        database_url, _ = stack.enter_context(throwaway_postgres())
        pgdata = shell_pgdata(database_url)
        redis_url, _ = stack.enter_context(redis_server())
        env = environment(database_url)
        env |= {
            "REDIS_URL": redis_url,
            "ZORGPAD_DEMO": "1",
            "WEB_CONCURRENCY": "2",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        set_up_demo(env)
        organisatie_pk = int(
            shell(
                env,
                "from django.contrib.auth.models import User;"
                "from gemeenten.models import Organisatie;"
                f"User.objects.create_superuser({ADMIN[0]!r}, password={ADMIN[1]!r});"
                f"print(Organisatie.objects.get(naam={ORGANISATIE!r}).pk)",
            )
        )
        servers = {name: AppServer(name, env, logdir) for name in ("a", "b")}
        for server in servers.values():
            server.start()
            stack.callback(server.stop)
        port, socket_path = free_port(), f"{logdir}/haproxy.sock"
        config = Path(logdir, "haproxy.cfg")
        config.write_text(
            HAPROXY.format(
                port=port,
                socket=socket_path,
                a=servers["a"].port,
                b=servers["b"].port,
                server_options=SERVER_OPTIONS,
            )
        )
        haproxy = subprocess.Popen(["haproxy", "-f", str(config)])
        stack.callback(haproxy.terminate)
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        old = {name: s.get(PAGES[1]) for name, s in servers.items()}
        assert all(NEW_PHONE not in html for html in old.values())
        script = Path(logdir, "paths.lua")
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PAGES))

        t0 = time.monotonic()
        note(f"wrk: {SECONDS}s, {CONNECTIONS} connections, overview + path page")
        load = subprocess.Popen(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s",
             "--latency", "-s", str(script), "-H", f"User-Agent: {BROWSER}", base],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        output = {}
        reader = threading.Thread(target=lambda: output.update(out=load.stdout.read()))
        reader.start()

        def at(second):
            time.sleep(max(0, second - (time.monotonic() - t0)))

        at(10)
        # Straight to server a: HAProxy's counts are then wrk's alone.
        admin_base = f"http://127.0.0.1:{servers['a'].port}"
        try:
            took = change_phone_through_the_admin(admin_base, organisatie_pk)
            note(f"phone changed through the admin (login and save took {took:.1f}s)")
        except (OSError, RuntimeError) as error:
            note(f"the admin change failed: {error}")
        for name, server in servers.items():
            started = time.monotonic()
            fresh = NEW_PHONE in server.get(PAGES[1])
            checks[f"server {name}'s next request shows the new number"] = fresh
            took = time.monotonic() - started
            note(f"server {name} asked directly: {fresh} ({took:.2f}s)")
        at(20)
        servers["b"].stop()
        note("app server b stopped (SIGTERM)")
        at(32)
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", pgdata,
             "-m", "fast", "-w", "restart"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        note("PostgreSQL restarted")
        # A page nobody asked for yet: rendered from the restarted database.
        checks["a new page right after PostgreSQL's restart"] = "Heerlen" in (
            servers["a"].get("/gemeente/heerlen/")
        )
        note("app server a renders an uncached page again")
        at(45)
        servers["b"].start()
        note("app server b started again")
        load.wait()
        reader.join()
        note("wrk done")
        time.sleep(1)  # the last answers in flight
        stats = haproxy_stats(socket_path)
        for server in servers.values():
            server.stop()  # graceful: the buffered counts are written
        counted = int(
            shell(
                env,
                "from django.db.models import Sum;"
                "from statistieken.models import Telling;"
                "print(Telling.objects.filter(gemeente__slug="
                f"{GEMEENTE!r}, soort__in=['overzicht', 'pad'])"
                ".aggregate(n=Sum('aantal'))['n'] or 0)",
            )
        )
        summary(output.get("out", ""), stats, counted, timeline, checks)
    for name in ("a", "b"):
        errors = [
            line
            for line in Path(logdir, f"{name}.log").read_text().splitlines()
            if "Error" in line or "CRITICAL" in line or "WORKER TIMEOUT" in line
        ]
        print(
            f"  app server {name} log: {len(errors)} error lines",
            *errors[:3],
            sep="\n    ",
        )
    shutil.rmtree(logdir, ignore_errors=True)


def shell_pgdata(database_url):
    """The data folder of the throwaway cluster (to restart it)."""
    port = urllib.parse.urlparse(database_url).port
    out = subprocess.run(
        [str(PG_BIN / "psql"), database_url, "-Atc", "show data_directory"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert out, port
    return out


def summary(out, stats, counted, timeline, checks):
    def find(pattern, default="0"):
        match = re.search(pattern, out)
        return match.group(1) if match else default

    requests = int(find(r"(\d+) requests in"))
    non_2xx = int(find(r"Non-2xx or 3xx responses: (\d+)"))
    timeouts = int(find(r"timeout (\d+)"))
    socket_errors = find(r"Socket errors: (.*)", "none")
    errors_at = find(r"ERRORS_AT (.*)", "")
    ok_2xx = sum(int(stats[s]["hrsp_2xx"]) for s in ("a", "b"))
    retries = sum(int(stats[s]["wretr"] or 0) for s in ("a", "b"))
    redispatches = sum(int(stats[s]["wredis"] or 0) for s in ("a", "b"))
    print("\nTimeline (seconds, event, load average)")
    for second, event, load in timeline:
        print(f"  {second:5.1f}  {event:<62} {load}")
    rows = [
        ("requests through HAProxy (wrk)", f"{requests}"),
        ("requests per second", find(r"Requests/sec:\s+([\d.]+)")),
        ("latency p50 / p99", f"{find(r'50%\s+(\S+)')} / {find(r'99%\s+(\S+)')}"),
        (
            "non-2xx answers",
            f"{non_2xx}" + (f" (at s: {errors_at})" if non_2xx else ""),
        ),
        ("timeouts (5 s) / socket errors", f"{timeouts} / {socket_errors}"),
        ("HAProxy retries / redispatches", f"{retries} / {redispatches}"),
        ("2xx answers from the app servers (HAProxy)", f"{ok_2xx}"),
        ("page views counted (overview + path)", f"{counted}"),
        ("counts exact", "yes" if counted == ok_2xx else f"NO ({counted - ok_2xx:+d})"),
        *((name, "yes" if ok else "NO") for name, ok in checks.items()),
    ]
    for name in ("a", "b", "BACKEND", "FRONTEND"):
        row = stats[name]
        rows.append(
            (
                f"HAProxy {name}: 2xx/4xx/5xx, conn/resp errors",
                f"{row['hrsp_2xx']}/{row['hrsp_4xx']}/{row['hrsp_5xx']}, "
                f"{row.get('econ') or 0}/{row.get('eresp') or 0}",
            )
        )
    print("\nScale demo summary")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
