"""Where the bundled knowledge base is: the one place that says so (``KNOWLEDGE_DIR`` in the
settings overrides it for the service, ``--knowledge`` for the command line)."""

from __future__ import annotations

from pathlib import Path


def _default_root() -> Path:
    """The bundled ``knowledge/`` beside the package, or in the working directory when installed."""
    beside = Path(__file__).resolve().parents[2] / "knowledge"
    return beside if beside.is_dir() else Path.cwd() / "knowledge"


DEFAULT_ROOT = _default_root()
