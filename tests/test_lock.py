"""The lock files: every dependency of pyproject.toml pinned, within its range, with hashes.

``requirements-dev.lock`` is what ``make venv`` installs, ``requirements.lock`` what the
Dockerfile installs (no dev tools); ``make lock`` writes both from pyproject.toml's ranges.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def pins(name: str) -> dict[str, tuple[Version, int]]:
    """Each pinned package of a lock file: its version and how many hashes it carries."""
    found: dict[str, tuple[Version, int]] = {}
    current = ""
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            assert current not in found, f"{name}: {current} pinned twice"
            found[current] = (Version(match.group(2)), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            pytest.fail(f"{name}: not a pinned requirement: {line}")
    return found


@pytest.mark.parametrize(
    ("lock", "wanted"), [("requirements.lock", RUNTIME), ("requirements-dev.lock", [*RUNTIME, *DEV])]
)
def test_every_dependency_is_pinned_within_its_range_with_hashes(
    lock: str, wanted: list[Requirement]
) -> None:
    pinned = pins(lock)
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pinned, f"{lock} has no {req.name}: run `make lock`"
        assert pinned[name][0] in req.specifier, (
            f"{lock}: {req.name} {pinned[name][0]} is not {req.specifier}"
        )
    assert all(hashes > 0 for _, hashes in pinned.values())


def test_the_runtime_lock_has_the_dev_locks_versions_and_no_dev_tools() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: v for name, (v, _) in runtime.items()} == {name: dev[name][0] for name in runtime}
    assert not {canonicalize_name(r.name) for r in DEV} & set(runtime)


def test_the_venv_and_the_image_install_from_the_locks_by_hash() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY requirements.lock" in dockerfile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
