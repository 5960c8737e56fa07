"""Structured logs: one JSON object per line, with named fields and no personal content.

Messages are written by this code base and never include what a person wrote;
the fields allowed beside them are a closed list. An exception is logged with
its type and where it happened, not its message, because a message may quote
input. ``LOG_FORMAT=text`` gives plain lines for a terminal.
"""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from datetime import UTC, datetime
from typing import Any

FIELDS = ("event_type", "event_id", "messages", "entries", "crisis", "ms", "kb_version", "trigger", "status")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            if name in record.__dict__:
                out[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            out["exc_type"] = kind.__name__
            out["exc_where"] = "".join(traceback.format_tb(tb)[-3:]).strip()
        return json.dumps(out, ensure_ascii=False, default=str)


def config(fmt: str, level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config`` dictionary for this process and uvicorn's loggers (its access log stays off)."""
    formatter: dict[str, Any] = {"()": "bot.logs.JsonFormatter"} if fmt == "json" else {"format": TEXT_FORMAT}
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


def setup(fmt: str) -> None:
    logging.config.dictConfig(config(fmt))
