"""The production server's settings (gunicorn.conf.py)."""

import datetime
import re
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

from zorgpad.accesslog import PrivateAccessLogger

CONF = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))


def access_line(path, query):
    config = Config()
    config.set("access_log_format", CONF["access_log_format"])
    logger = PrivateAccessLogger(config)
    request = SimpleNamespace(
        method="GET", path=path, query=query, uri=f"{path}?{query}",
        version=(1, 1), headers=[("REFERER", f"https://x.example{path}?{query}")],
    )  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"{path}?{query}", "PATH_INFO": path,
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://x.example{path}?{query}",
    }  # fmt: skip
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0.01))
    return CONF["access_log_format"] % atoms


def test_the_access_log_holds_no_query_string_and_no_take_home_list():
    line = access_line("/gemeente/kerkrade/mee/veiligheid-thuis+wonen/", "q=geheim")
    assert "veiligheid" not in line and "geheim" not in line
    assert "/gemeente/kerkrade/mee/…/" in line and " 200 " in line
    line = access_line("/en/gemeente/kerkrade/lijst/y/", "")
    assert "/y/" not in line and "/en/gemeente/kerkrade/lijst/…/" in line
    line = access_line("/", "q=kerkrade")
    assert "kerkrade" not in line and '"GET /"' in line


def test_gunicorn_flushes_the_counts_when_a_worker_exits(monkeypatch):
    from statistieken import counting

    flushed = []
    monkeypatch.setattr(counting, "flush", lambda: flushed.append(1))
    CONF["worker_exit"](None, None)
    assert flushed == [1]
    assert CONF["worker_class"] == "sync" and CONF["timeout"] <= 30


def test_no_log_line_names_a_take_home_list(client, db):
    """Django's own request log ("Not Found: …", "Method Not Allowed: …")
    goes through the same filter as the access log."""
    import io
    import logging

    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client.get("/gemeente/atlantis/mee/geldzorgen-en-schulden/")
        client.post("/gemeente/kerkrade/lijst/8/")
    finally:
        handler.setStream(old)
    log = stream.getvalue()
    assert "Not Found" in log and "Method Not Allowed" in log
    assert "geldzorgen" not in log and "/lijst/8/" not in log
    assert "/mee/…" in log and "/lijst/…" in log


def test_haproxy_sends_a_server_no_more_requests_at_a_time_than_it_has_workers():
    """A request waiting in a stopping gunicorn's accept queue is reset; the
    shipped HAProxy config keeps the others in its own queue, which never
    sends them to a server that has stopped (`make scale-demo` shows it)."""
    config = (settings.BASE_DIR / "deploy" / "haproxy.cfg").read_text()
    maxconn = re.findall(r"^\s*default-server .*\bmaxconn (\d+)", config, re.M)
    assert [int(n) for n in maxconn] == [CONF["workers"]]


def test_the_load_balancers_log_holds_no_address_query_string_or_take_home_list(
    tmp_path,
):
    """deploy/haproxy.cfg, run by Debian's HAProxy in front of a stand-in
    app server: its log line for each request says which page, not who
    asked, what they searched for or which topics a take-home list holds."""
    import http.server
    import shutil
    import socket
    import subprocess
    import threading
    import time
    import urllib.request

    haproxy = shutil.which("haproxy") or pytest.fail(
        "haproxy is missing: apt-get install -y haproxy"
    )

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    shipped = (settings.BASE_DIR / "deploy" / "haproxy.cfg").read_text()
    # Not as root in a chroot here: the rest of the file as shipped.
    config = tmp_path / "haproxy.cfg"
    config.write_text(re.sub(r"(?m)^\s+(chroot|user|group) .*$", "", shipped))
    backend = f"127.0.0.1:{app.server_address[1]}"
    env = {
        "PATH": "/usr/sbin:/usr/bin:/bin",
        "ZORGPAD_PLAIN_HTTP": f"127.0.0.1:{port}",
        "ZORGPAD_HOST": "127.0.0.1",
        "ZORGPAD_HAPROXY_LOG": "stdout",
        "ZORGPAD_HAPROXY_SOCKET": str(tmp_path / "haproxy.sock"),
        "ZORGPAD_APP_A": backend,
        "ZORGPAD_APP_B": backend,
    }
    log = tmp_path / "haproxy.log"
    process = subprocess.Popen(
        [haproxy, "-f", str(config)], env=env, stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        pages = [
            "/gemeente/kerkrade/lijst/k3x9q/?bron=qr",
            "/en/gemeente/kerkrade/mee/wonen+geldzorgen/",
            "/?q=zwanger+en+schulden",
        ]
        for page in pages:
            for _ in range(50):  # until HAProxy listens and the checks pass
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{page}") as r:
                        assert r.status == 200
                    break
                except OSError:
                    time.sleep(0.1)
        time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(10)
        app.shutdown()
    lines = [line for line in log.read_text().splitlines() if '"GET ' in line]
    assert len(lines) == 3, log.read_text()
    assert lines[0].endswith('"GET /gemeente/kerkrade/lijst/…/"')
    assert lines[1].endswith('"GET /en/gemeente/kerkrade/mee/…/"')
    assert lines[2].endswith('"GET /"')
    for secret in ("k3x9q", "wonen", "zwanger", "bron", "127.0.0.1"):
        assert not any(secret in line for line in lines), secret
