"""The word lists in knowledge/ are checked by the loader like every other file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from tests.helpers.kbtree import copy_tree


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root)
    return [str(p) for p in caught.value.problems]


def _edit(root: Path, name: str, change: object) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_stopwords_are_loaded_into_the_base(kb: KnowledgeBase) -> None:
    assert "する" in kb.stopwords.japanese and "the" in kb.stopwords.english


def test_stopwords_a_repeated_word_names_the_file_the_list_and_the_word(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(root, "stopwords.yaml", lambda d: d["japanese"].append("する"))
    problems = _problems(root)
    assert any("stopwords.yaml" in p and "japanese" in p and "'する' is listed twice" in p for p in problems)


def test_stopwords_an_unknown_key_or_an_upper_case_english_word_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(root, "stopwords.yaml", lambda d: d.update(englsh=["x"], english=[*d["english"], "The"]))
    problems = _problems(root)
    assert any("stopwords.yaml" in p and "englsh" in p and "unknown field" in p for p in problems), problems
    assert any("stopwords.yaml" in p and "english" in p and "'The'" in p for p in problems), problems


def test_stopwords_a_missing_file_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "stopwords.yaml").unlink()
    assert any("stopwords.yaml" in p and "missing file" in p for p in _problems(root))
