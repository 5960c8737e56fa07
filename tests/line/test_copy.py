"""The bot's words are read from bot/line/copy.yaml, shipped as package data and checked."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.line.copy import COPY, COPY_FILE, label, read_copy, text

ROOT = Path(__file__).resolve().parents[2]


def test_copy_is_package_data_so_a_wheel_carries_it() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert COPY_FILE in config["tool"]["setuptools"]["package-data"]["bot.line"]


def test_copy_falls_back_to_japanese_where_a_language_has_no_words() -> None:
    assert COPY.label["source"].easy is None
    assert label("source", "easy") == label("source", "ja") == "出典"
    assert text("welcome", "en").startswith("Thank you")


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("text: {welcome: {en: Hello}}\nlabel: {}\n", "text.welcome.ja"),
        ("text: {welcome: {ja: こんにちは, fr: Bonjour}}\nlabel: {}\n", "text.welcome.fr"),
        ("text: {}\nlabel: {call: {ja: ''}}\n", "label.call.ja"),
    ],
)
def test_copy_without_japanese_or_in_another_language_is_refused(source: str, where: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_copy(source)
    assert where in str(caught.value).replace("\n", ".").replace(" ", ""), str(caught.value)
