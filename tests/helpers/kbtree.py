"""Copies of the real knowledge tree that tests can break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.catalog.loader import DEFAULT_ROOT


def copy_tree(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_ROOT, target)
    return target


def edit_entries(root: Path, file: str, change: Any) -> None:
    """Load ``services/<file>``, let ``change`` mutate the list of entries, write it back."""
    path = root / "services" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["entries"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
