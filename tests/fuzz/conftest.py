"""Hypothesis profiles for the fuzz tests, and one app per run.

``fuzz`` (the default) is sized for CI; ``HYPOTHESIS_PROFILE=long`` runs many more examples.
Examples that failed once are kept in ``.hypothesis/`` at the repository root and tried first
on the next run; a failure prints the seed to reproduce it (``--hypothesis-seed``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from bot.app import create_app
from tests.helpers.fake_line import FakeLine
from tests.line.conftest import line_settings

REPO = Path(__file__).resolve().parents[2]

settings.register_profile(
    "fuzz",
    max_examples=100,
    # Timing belongs in benchmarks; two shared cores make per-example deadlines flaky.
    deadline=None,
    derandomize=False,
    print_blob=True,
    database=DirectoryBasedExampleDatabase(REPO / ".hypothesis" / "examples"),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", parent=settings.get_profile("fuzz"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))


def examples(share: float) -> int:
    """A share of the profile's examples, for tests whose examples cost more than most."""
    return max(10, int(settings.default.max_examples * share))


@pytest.fixture(scope="package")
def app_client(fake_line: FakeLine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole app with LINE configured against the fake server: API, pages and webhook."""
    settings_ = line_settings(fake_line, tmp_path_factory.mktemp("fuzz-state"))
    with TestClient(create_app(settings_)) as client:
        yield client
