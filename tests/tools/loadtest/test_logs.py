from __future__ import annotations

from pathlib import Path

from bot.tools.loadtest.logs import warning_key, warnings_in

STAMP = "2026-11-21 12:13:25,385"
EVENT = "bot.line.webhook event message.text 01CAUH00JB6R0000000000013"
LOG = "\n".join(
    [
        "INFO:     Started server process [27871]",
        f"{STAMP} INFO {EVENT}4 answered: 3 messages",
        f"{STAMP} WARNING {EVENT}5: reply failed (ConnectionTimeoutError)",
        f"{STAMP} WARNING {EVENT}6: reply failed (ConnectionTimeoutError)",
        "ERROR:    Exception in ASGI application",
        "Traceback (most recent call last):",
    ]
)


def test_warnings_are_grouped_without_stamps_or_ids(tmp_path: Path) -> None:
    (tmp_path / "server-0.log").write_text(LOG)
    (tmp_path / "server-1.log").write_text(LOG.splitlines()[2] + "\n")
    found = warnings_in([tmp_path / "server-0.log", tmp_path / "server-1.log", tmp_path / "absent.log"])
    assert found == {
        "WARNING bot.line.webhook event message.text …: reply failed (ConnectionTimeoutError)": 3,
        "ERROR: Exception in ASGI application": 1,
        "Traceback (most recent call last):": 1,
    }
    assert next(iter(found)).startswith("WARNING")  # the most frequent first


def test_info_lines_are_not_warnings() -> None:
    assert warning_key("2026-11-21 12:13:24,001 INFO bot.app knowledge base a851904ac9b4 loaded") is None
