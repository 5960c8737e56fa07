"""Templates and static files ship in the package, so a non-editable install serves the page."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import bot.web

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_and_static_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot.web"]
    package = Path(bot.web.__file__).parent
    files = [
        p.relative_to(package).as_posix() for d in ("templates", "static") for p in (package / d).rglob("*")
    ]
    assert any(f.endswith(".html") for f in files) and "static/site.css" in files
    for name in files:
        assert any(fnmatch(name, pattern) for pattern in patterns), f"{name} would be missing from a wheel"
