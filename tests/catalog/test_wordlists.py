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


def test_places_an_entry_naming_no_municipality_of_tokyo_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(root, "services/municipal.yaml", lambda d: d["entries"][0].update(municipalities=["横浜市"]))
    problems = _problems(root)
    assert any(
        "services/municipal.yaml" in p and "municipalities[0]" in p and "'横浜市'" in p for p in problems
    ), problems


def test_places_a_city_among_the_wards_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(root, "places.yaml", lambda d: d["wards"].append("八王子"))
    problems = _problems(root)
    assert any("places.yaml" in p and "wards" in p and "'八王子' is not a ward" in p for p in problems), (
        problems
    )


def test_ranking_every_kind_needs_a_priority(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(root, "ranking.yaml", lambda d: d["kind_priority"].pop("policy"))
    problems = _problems(root)
    assert any("ranking.yaml" in p and "kind_priority" in p and "policy" in p for p in problems), problems


def test_line_choices_name_known_topics_and_entries(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    _edit(
        root,
        "line.yaml",
        lambda d: (d["menu_topics"].append("gardening"), d["front_doors"]["ku"].append("no-such-door")),
    )
    problems = _problems(root)
    assert any("line.yaml" in p and "menu_topics[10]" in p and "gardening" in p for p in problems), problems
    assert any("line.yaml" in p and "front_doors.ku[1]" in p and "no-such-door" in p for p in problems), (
        problems
    )
