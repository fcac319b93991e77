"""Scale-out on loopback: PostgreSQL, Redis, two app servers and HAProxy.

    make scale-demo       (or, as root: .venv/bin/python bench/scale_demo.py)

Starts a throwaway PostgreSQL 15 cluster and a Redis server (Debian's), two
gunicorn app servers (separate process trees, nothing shared but the
database and Redis) and HAProxy in front with the shipped configuration
(deploy/haproxy.cfg), all on free loopback ports. Then drives SCALE_SECONDS
(60) at SCALE_CONNECTIONS (200) connections through HAProxy at a gemeente's
overview and path pages (wrk, browser User-Agent, 5 s timeout), and
meanwhile:
  t=10s  an officer changes an organisation's phone number through the
         admin (HTTP login and POST); each app server, asked directly, must
         show the new number on its next request;
  t=20s  app server B stops, unannounced (SIGTERM); HAProxy routes around it;
  t=32s  PostgreSQL restarts; the app reconnects by itself, and uncached
         pages asked meanwhile get the 503 page;
  t=37s  Redis stops (SIGTERM): the pages come from the database, slower;
  t=41s  Redis starts again, empty: the app servers use it again by
         themselves (each retries a second after a failure);
  t=45s  app server B starts again and rejoins;
  t=50s  app server A restarts as an operator would: drained on HAProxy's
         stats socket first, stopped, started, made ready again.
Each event in the timeline shows the failed requests that followed it
(HAProxy's log and counters: error answers, connections closed unanswered,
answers slower than the client's timeout), in its first second and after.
Afterwards both servers stop gracefully (flushing their buffered counts) and
the usage counters are compared with the 2xx answers HAProxy saw from the
app servers. Prints one table. About 1.5-2 minutes on 2 cores.
SCALE_KEEP_LOGS=1 keeps the logs (HAProxy's, the app servers') and says where.
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
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime
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
    start_redis,
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

HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
# Per app server; deploy/haproxy.cfg's maxconn per server is the same.
WORKERS = 2
CLIENT_TIMEOUT = 5  # seconds, wrk's
# deploy/haproxy.cfg's log line (`option httplog` without the client's
# address and with a private request line): request start, server, times,
# status, termination state, retries ("+" when sent to another server).
HTTPLOG = re.compile(
    r"\[(?P<start>[^\]]+)\] \S+ \S+/(?P<server>\S+) (?:-?\d+/){4}(?P<ta>-?\d+) "
    r"(?P<status>-?\d+) \S+ \S+ \S+ (?P<state>\S{4}) (?:\d+/){4}(?P<retries>\+?\d+) "
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


class HAProxy:
    """HAProxy on the shipped deploy/haproxy.cfg, set by its environment
    variables: plain HTTP on a loopback port, the log in a file, the stats
    socket in the demo's folder."""

    def __init__(self, logdir, servers):
        self.port, self.socket = free_port(), f"{logdir}/haproxy.sock"
        self.log = Path(logdir, "haproxy.log")
        env = {
            **os.environ,
            "ZORGPAD_PLAIN_HTTP": f"127.0.0.1:{self.port}",
            "ZORGPAD_HOST": "127.0.0.1",
            "ZORGPAD_HAPROXY_LOG": "stdout",
            "ZORGPAD_HAPROXY_SOCKET": self.socket,
            # The log's dates in UTC, whatever the chroot lacks.
            "TZ": "UTC",
            **{
                f"ZORGPAD_APP_{name.upper()}": f"127.0.0.1:{server.port}"
                for name, server in servers.items()
            },
        }
        self.process = subprocess.Popen(
            ["haproxy", "-f", str(HAPROXY_CONFIG)], env=env,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port)

    def command(self, line):
        """One command on the stats socket (HAProxy's management guide)."""
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(self.socket)
            client.sendall(line.encode() + b"\n")
            out = b""
            while chunk := client.recv(65536):
                out += chunk
        return out.decode()

    def stats(self):
        """`show stat` per server name (and FRONTEND, BACKEND)."""
        lines = self.command("show stat").splitlines()
        head = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(head, line.split(","), strict=False)) for line in lines[1:]]
        return {r["svname"]: r for r in rows if r.get("pxname") in ("app", "site")}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Watch(threading.Thread):
    """HAProxy's counters four times a second: when a server changes state
    (into the timeline), and requests closed without an answer, which HAProxy
    does not log (a client may send those again by itself)."""

    def __init__(self, haproxy, note, clock):
        super().__init__(daemon=True)
        self.haproxy, self.note, self.clock = haproxy, note, clock
        self.running, self.unanswered = True, []

    def run(self):
        states, closed = {}, 0
        while self.running:
            try:
                stats = self.haproxy.stats()
            except OSError:
                stats = None
            if stats:
                for name in ("a", "b"):
                    state = stats[name]["status"].split()[0]
                    if states.setdefault(name, state) != state:
                        self.note(f"HAProxy: server {name} {state}")
                        states[name] = state
                now = int(stats["BACKEND"]["srv_abrt"] or 0)
                if now > closed:
                    self.unanswered.append((self.clock(), now - closed))
                    closed = now
            time.sleep(0.25)


def failures_in_log(path, t0_wall):
    """From HAProxy's log: (second, kind) of each request a visitor would see
    fail, and (second, seconds it took) of each request retried on the other
    server; the second is when the visitor got the answer or gave up."""
    failed, retried = [], []
    for line in path.read_text(errors="replace").splitlines():
        match = HTTPLOG.search(line)
        if not match:
            continue
        start = datetime.strptime(match["start"], "%d/%b/%Y:%H:%M:%S.%f")
        second = start.replace(tzinfo=UTC).timestamp() - t0_wall
        took, status, state = int(match["ta"]), int(match["status"]), match["state"]
        if match["retries"] != "0":
            retried.append((second + max(took, 0) / 1000, took / 1000))
        if state[0] == "C":
            continue  # the client went away: wrk, at its end
        if not 200 <= status < 400 or state[0] != "-":
            failed.append((second + max(took, 0) / 1000, f"{status} {state}"))
        elif took > CLIENT_TIMEOUT * 1000:
            failed.append((second + CLIENT_TIMEOUT, f"slower than {CLIENT_TIMEOUT} s"))
    return failed, retried


def probe(server, paths, answers, stop):
    """Uncached pages asked of one app server directly (a robot's User-Agent:
    not counted) until `stop` is set: (status, the 503 page?, traceback?)."""
    for path in paths:
        if stop.is_set():
            return
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}{path}", headers={"User-Agent": "curl"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, html = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, html = error.code, error.read().decode()
        answers.append(
            (status, "even niet bereikbaar" in html, "Traceback" in html)
        )  # fmt: skip


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
    timeline, disruptions, checks, restart = [], [], {}, []
    t0 = None

    def clock():
        return time.monotonic() - t0 if t0 else 0

    def note(event, disruption=False):
        second = clock()
        timeline.append((second, event, load_average()))
        if disruption:
            disruptions.append(second)

    with ExitStack() as stack:
        database_url, _ = stack.enter_context(throwaway_postgres())
        pgdata = shell_pgdata(database_url)
        redis_url, redis = stack.enter_context(redis_server())
        env = environment(database_url)
        env |= {
            "REDIS_URL": redis_url,
            "ZORGPAD_DEMO": "1",
            "WEB_CONCURRENCY": str(WORKERS),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        set_up_demo(env)
        organisatie_pk, *slugs = shell(
            env,
            "from django.contrib.auth.models import User;"
            "from gemeenten.models import Gemeente, Organisatie;"
            f"User.objects.create_superuser({ADMIN[0]!r}, password={ADMIN[1]!r});"
            f"print(Organisatie.objects.get(naam={ORGANISATIE!r}).pk);"
            "print(*Gemeente.objects.exclude(slug__in=['heerlen', "
            f"{GEMEENTE!r}]).values_list('slug', flat=True), sep='\\n')",
        ).split()
        servers = {name: AppServer(name, env, logdir) for name in ("a", "b")}
        for server in servers.values():
            server.start()
            stack.callback(server.stop)
        haproxy = HAProxy(logdir, servers)
        stack.callback(haproxy.stop)
        base = f"http://127.0.0.1:{haproxy.port}"
        old = {name: s.get(PAGES[1]) for name, s in servers.items()}
        assert all(NEW_PHONE not in html for html in old.values())
        script = Path(logdir, "paths.lua")
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PAGES))

        t0, t0_wall = time.monotonic(), time.time()
        note(f"wrk: {SECONDS}s, {CONNECTIONS} connections, overview + path page", True)
        load = subprocess.Popen(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s",
             "--timeout", f"{CLIENT_TIMEOUT}s", "--latency", "-s", str(script),
             "-H", f"User-Agent: {BROWSER}", base],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        output = {}
        reader = threading.Thread(target=lambda: output.update(out=load.stdout.read()))
        reader.start()
        watch = Watch(haproxy, note, clock)
        watch.start()

        def at(second):
            time.sleep(max(0, second - clock()))

        def wait_for(condition, seconds=15):
            deadline = time.monotonic() + seconds
            while not condition() and time.monotonic() < deadline:
                time.sleep(0.1)
            return condition()

        at(10)
        # Straight to server a: HAProxy's counts are then wrk's alone.
        admin_base = f"http://127.0.0.1:{servers['a'].port}"
        note("an officer logs in and changes the phone number", True)
        try:
            took = change_phone_through_the_admin(admin_base, organisatie_pk)
            note(f"phone number changed (login and save took {took:.1f}s)")
        except (OSError, RuntimeError) as error:
            note(f"the admin change failed: {error}")
        for name, server in servers.items():
            started = time.monotonic()
            fresh = NEW_PHONE in server.get(PAGES[1])
            checks[f"server {name}'s next request shows the new number"] = fresh
            took = time.monotonic() - started
            note(f"server {name} asked directly: {fresh} ({took:.2f}s)")

        at(20)
        note("app server b stops, unannounced (SIGTERM)", True)
        servers["b"].stop()
        note("app server b has stopped")

        at(31.5)
        stop_probe = threading.Event()
        paths = [f"/gemeente/{slug}/" for slug in slugs]
        prober = threading.Thread(
            target=probe, args=(servers["a"], paths, restart, stop_probe)
        )
        prober.start()
        at(32)
        note("PostgreSQL restarts (pg_ctl restart -m fast)", True)
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", pgdata,
             "-m", "fast", "-w", "restart"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        note("PostgreSQL is back")
        time.sleep(1)
        stop_probe.set()
        prober.join()
        # A page nobody asked for yet: rendered from the restarted database.
        checks["a new page right after PostgreSQL's restart"] = "Heerlen" in (
            servers["a"].get("/gemeente/heerlen/")
        )
        note("app server a renders an uncached page again")

        at(37)
        note("Redis stops (SIGTERM)", True)
        redis.terminate()
        redis.wait(timeout=10)
        at(41)
        note("Redis starts again, empty", True)
        redis = start_redis(urllib.parse.urlsplit(redis_url).port)
        stack.callback(redis.terminate)
        back = wait_for(lambda: redis_keys(redis_url) > 0, seconds=3)
        checks["the app servers use Redis again by themselves"] = back
        note(f"pages and tokens in Redis again: {back}")

        at(45)
        note("app server b starts again", True)
        servers["b"].start()
        note("app server b answers")
        up = wait_for(lambda: haproxy.stats()["b"]["status"] == "UP")
        checks["app server b back in HAProxy before a's planned restart"] = up

        at(50)
        note("planned restart of a: drain (stats socket)", True)
        haproxy.command("set server app/a state drain")
        idle = wait_for(lambda: haproxy.stats()["a"]["scur"] == "0")
        note(f"app server a has no request left: {idle}; SIGTERM")
        servers["a"].stop()
        servers["a"].start()
        haproxy.command("set server app/a state ready")
        note("app server a started again and set ready")

        load.wait()
        reader.join()
        note("wrk done", True)

        # HAProxy still answers what wrk left in flight: the counters count
        # those too, so wait for the last one.
        def settled():
            backend = haproxy.stats()["BACKEND"]
            return backend["scur"] == backend["qcur"] == "0"

        wait_for(settled, 60)
        watch.running = False
        watch.join()
        stats = haproxy.stats()
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
        failed, retried = failures_in_log(haproxy.log, t0_wall)
        failed += [
            (s, "closed unanswered") for s, n in watch.unanswered for _ in range(n)
        ]
        summary(
            output.get("out", ""), stats, counted, timeline, checks,
            Outcome(failed, retried, disruptions, restart),
        )  # fmt: skip
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
    if os.environ.get("SCALE_KEEP_LOGS"):
        print(f"  logs kept in {logdir}")
    else:
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


class Outcome:
    """What HAProxy saw fail, per disruption: in its first second, after."""

    def __init__(self, failed, retried, disruptions, restart):
        self.failed, self.retried, self.restart = failed, retried, restart
        self.windows = list(
            zip(disruptions, [*disruptions[1:], float("inf")], strict=True)
        )

    def window(self, start):
        """(failed in the first second, failed later, retried) after `start`,
        until the next disruption."""
        end = dict(self.windows)[start]
        first = sum(start <= s < min(start + 1, end) for s, _ in self.failed)
        later = sum(start + 1 <= s < end for s, _ in self.failed)
        return first, later, sum(start <= s < end for s, _ in self.retried)

    def late(self):
        return sum(self.window(start)[1] for start, _ in self.windows)


def redis_keys(url):
    """How many keys Redis holds (0 if it does not answer)."""
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=1).dbsize()
    except redis.RedisError:
        return 0


def summary(out, stats, counted, timeline, checks, outcome):
    def find(pattern, default="0"):
        match = re.search(pattern, out)
        return match.group(1) if match else default

    requests = int(find(r"(\d+) requests in"))
    non_2xx = int(find(r"Non-2xx or 3xx responses: (\d+)"))
    timeouts = int(find(r"timeout (\d+)"))
    socket_errors = find(r"Socket errors: (.*)", "none")
    errors_at = find(r"ERRORS_AT (.*)", "")
    ok_2xx = sum(int(stats[s]["hrsp_2xx"]) for s in ("a", "b"))
    print("\nTimeline (seconds, event, load average; failed requests after each")
    print("disruption, until the next: in its first second / later, retried)")
    starts = dict(outcome.windows)
    for second, event, load in sorted(timeline, key=lambda row: row[0]):
        if second in starts:
            first, later, retried = outcome.window(second)
            event += f"  [failed {first} / {later}, retried {retried}]"
        print(f"  {second:5.1f}  {event:<78} {load}")
    kinds = Counter(kind for _, kind in outcome.failed)
    answers = Counter(
        "200" if status == 200 else "the 503 page" if page and not trace else
        f"{status}{' with a traceback' if trace else ''}"
        for status, page, trace in outcome.restart
    )  # fmt: skip
    checks["errors during PostgreSQL's restart are the 503 page"] = set(answers) <= {
        "200",
        "the 503 page",
    }
    rows = [
        ("requests through HAProxy (wrk)", f"{requests}"),
        ("requests per second", find(r"Requests/sec:\s+([\d.]+)")),
        ("latency p50 / p99", f"{find(r'50%\s+(\S+)')} / {find(r'99%\s+(\S+)')}"),
        (
            "non-2xx answers (wrk)",
            f"{non_2xx}" + (f" (at s: {errors_at})" if non_2xx else ""),
        ),
        (f"timeouts ({CLIENT_TIMEOUT} s) / socket errors (wrk)",
         f"{timeouts} / {socket_errors}"),
        ("failed requests (HAProxy)",
         ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "0"),
        ("  of which later than 1 s after a disruption", f"{outcome.late()}"),
        ("retried on the other server (HAProxy)",
         f"{len(outcome.retried)}, the slowest answered in "
         f"{max((t for _, t in outcome.retried), default=0):.1f}s"),
        ("uncached pages asked during PostgreSQL's restart",
         ", ".join(f"{n} {answer}" for answer, n in answers.items()) or "none"),
        ("2xx answers from the app servers (HAProxy)", f"{ok_2xx}"),
        ("page views counted (overview + path)", f"{counted}"),
        ("counts exact", "yes" if counted == ok_2xx else f"NO ({counted - ok_2xx:+d})"),
        *((name, "yes" if ok else "NO") for name, ok in checks.items()),
    ]  # fmt: skip
    for name in ("a", "b"):
        row = stats[name]
        rows.append(
            (f"HAProxy {name}: 2xx / 5xx", f"{row['hrsp_2xx']} / {row['hrsp_5xx']}")
        )
    print("\nScale demo summary")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
