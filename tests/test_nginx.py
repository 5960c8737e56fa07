"""The shipped nginx config writes none of her words: no request line in any log.

The request line carries the search query (``GET /api/search?q=...``). nginx writes it
to the access log in the usual formats and to the error log, at level ``error``, when a
replica is down or slow. The checks read ``deploy/nginx.conf``; where nginx is installed
(Debian's ``nginx``; ``.ci/run`` installs it) it is also run on loopback, in front of a
replica that is down, and its logs are read.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.helpers.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "deploy" / "nginx.conf"
QUIET_ENOUGH = {"crit", "alert", "emerg"}
# Variables that hold the request line or its query string (and so her words).
HER_WORDS = re.compile(r"\$(request\b|request_uri\b|args\b|query_string\b|arg_\w+)")
NGINX_START_LIMIT = 60.0


def directives(conf: str) -> list[list[str]]:
    """Each simple directive as its words (quotes kept off); block openings are skipped."""
    found: list[list[str]] = []
    words: list[str] = []
    for token in re.findall(r"#[^\n]*|'[^']*'|\"[^\"]*\"|[;{}]|[^\s;{}'\"#]+", conf):
        if token.startswith("#"):
            continue
        if token == ";":
            found.append(words)
            words = []
        elif token in "{}":
            words = []
        else:
            words.append(token.strip("'\""))
    return found


def problems(conf: str) -> list[str]:
    """What in ``conf`` could write a request line or query string to a log."""
    found: list[str] = []
    parsed = directives(conf)
    formats = {d[1]: " ".join(d[2:]) for d in parsed if d[0] == "log_format" and len(d) > 1}
    error_logs = [d for d in parsed if d[0] == "error_log"]
    if not error_logs:
        found.append("no error_log: the inherited one logs failed requests at 'error', request line included")
    for d in error_logs:
        level = d[2] if len(d) > 2 else "error"
        if d[1] != "/dev/null" and level not in QUIET_ENOUGH:
            found.append(f"error_log {' '.join(d[1:])}: below crit, a failed request's line is written")
    access_logs = [d for d in parsed if d[0] == "access_log"]
    if not access_logs:
        found.append("no access_log: the inherited one (combined or main) writes $request")
    for d in access_logs:
        if d[1:] == ["off"]:
            continue
        name = d[2] if len(d) > 2 else "combined"
        if name == "combined":
            found.append(f"access_log {' '.join(d[1:])}: the combined format writes $request")
        elif name not in formats:
            found.append(f"access_log {' '.join(d[1:])}: format {name} is not defined here")
        elif HER_WORDS.search(formats[name]):
            found.append(
                f"access_log {' '.join(d[1:])}: format {name} writes {HER_WORDS.search(formats[name])}"
            )
    return found


def test_the_shipped_config_logs_no_request_line() -> None:
    assert problems(SHIPPED.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "conf",
    [
        "server { access_log off; }",  # the inherited error_log is at 'error'
        "server { access_log off; error_log stderr; }",  # 'error' by default
        "server { access_log off; error_log stderr warn; }",
        "server { error_log stderr crit; }",  # the inherited access log
        "server { error_log stderr crit; access_log /var/log/nginx/access.log; }",  # combined
        "log_format q '$remote_addr $request_uri'; server { error_log stderr crit; access_log /x q; }",
        "log_format q '$remote_addr \"$request\"'; server { error_log stderr crit; access_log /x q; }",
        "log_format q '$status $args'; server { error_log stderr crit; access_log /x q; }",
        "log_format q '$status $arg_q'; server { error_log stderr crit; access_log /x q; }",
        "server { error_log stderr crit; access_log /x main; }",  # the image's main has $request
    ],
)
def test_a_config_that_would_log_her_words_is_caught(conf: str) -> None:
    assert problems(conf)


def test_a_quiet_config_passes() -> None:
    conf = """
        log_format timing '$time_iso8601 $status $request_time $upstream_addr';  # no request line
        server { error_log /dev/null; access_log /var/log/nginx/t.log timing; }
        server { error_log stderr alert; access_log off; }
    """
    assert problems(conf) == []


# --- the real nginx -------------------------------------------------------------------------------


def find_nginx() -> str:
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None
    )
    if binary is None:
        message = "nginx is not installed (apt-get install nginx; `make test` does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


def _wrapped(tmp_path: Path, *, listen: int, upstream: int) -> Path:
    """The shipped file inside a minimal nginx.conf, as the nginx image includes it in ``http {}``.

    Two lines change: the upstream is a closed loopback port (compose's ``app`` is a name only
    Docker resolves; here it stands for a replica that is down), and nginx listens on a free
    loopback port. Everything else, the log directives included, is the shipped text. The main
    error log here is at ``notice``, as in the nginx image: what the shipped file does not
    turn down lands there.
    """
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert "server app:8000;" in shipped and "listen 8080;" in shipped
    site = shipped.replace("server app:8000;", f"server 127.0.0.1:{upstream};").replace(
        "listen 8080;", f"listen 127.0.0.1:{listen};"
    )
    (tmp_path / "default.conf").write_text(site, encoding="utf-8")
    temp = "".join(
        f"    {kind}_temp_path {tmp_path / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"daemon off;\nmaster_process on;\nworker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'main-error.log'} notice;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n{temp}"
        f"    log_format main '$remote_addr \"$request\" $status';\n"
        f"    access_log {tmp_path / 'main-access.log'} main;\n"
        f"    include {tmp_path / 'default.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main


def _closed_port() -> int:
    port = free_port()  # bound and released: nothing listens there now
    return port


def test_nginx_accepts_the_shipped_config(tmp_path: Path) -> None:
    nginx = find_nginx()
    main = _wrapped(tmp_path, listen=free_port(), upstream=_closed_port())
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_nginx_writes_no_query_when_a_replica_is_down(tmp_path: Path) -> None:
    nginx = find_nginx()
    port = free_port()
    main = _wrapped(tmp_path, listen=port, upstream=_closed_port())
    stderr = tmp_path / "nginx-stderr.log"
    with stderr.open("wb") as out:
        proc = subprocess.Popen(
            [nginx, "-p", str(tmp_path), "-c", str(main)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + NGINX_START_LIMIT
        while True:
            assert proc.poll() is None, stderr.read_text(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.05)
        marker = uuid.uuid4().hex
        words = f"夫が怖くて家に帰れない{marker}"
        url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": words})
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(url, timeout=30)
        assert failed.value.code == 502  # nginx answered, and the replica was down
    finally:
        proc.terminate()
        proc.wait(timeout=60)  # the master flushes and closes its logs before it exits
    logs = {p.name: p.read_text(errors="replace") for p in tmp_path.glob("*.log")}
    assert set(logs) >= {"nginx-stderr.log", "main-error.log", "main-access.log"}
    for name, text in logs.items():
        assert marker not in text, f"{name} holds the query:\n{text}"
        assert "/api/search" not in text, f"{name} holds the request line:\n{text}"
