"""The production server's settings (gunicorn.conf.py)."""

import datetime
import re
import runpy
from types import SimpleNamespace

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
