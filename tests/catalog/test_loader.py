from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from tests.helpers.kbtree import copy_tree, edit_entries

ALL_ROWS = {f"plan2025:{n}" for n in range(1, 121)} | {
    f"budget2021:{slug}"
    for slug in [
        "telework",
        "ikukyu",
        "women-training",
        "women-advancement",
        "telework-women-jobs",
        "childcare",
        "mamapapa",
        "infertility",
        "kosodate-hiroba",
        "mindchange",
        "preventive-model",
        "kaigo-kyugyo",
        "mentor-cafe",
        "women-health",
        "line-dv",
        "dv-safetynet",
    ]
}


def _digits(text: str) -> str:
    return re.sub(r"[^0-9#]", "", unicodedata.normalize("NFKC", text).replace("\u266f", "#"))


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root)
    return [str(p) for p in caught.value.problems]


def test_load_knowledge_real_base_is_valid(kb: KnowledgeBase) -> None:
    assert len(kb) > 100
    assert re.fullmatch(r"[0-9a-f]{12}", kb.version)


def test_load_knowledge_cites_all_136_document_rows(kb: KnowledgeBase) -> None:
    assert len(ALL_ROWS) == 136
    assert kb.cited_refs() == ALL_ROWS


def test_load_knowledge_every_phone_is_backed_by_a_quote(kb: KnowledgeBase) -> None:
    for entry in kb:
        for channel in entry.channels:
            assert channel.sources, entry.id
            if channel.type == "phone":
                digits = _digits(channel.value)
                quotes = [_digits(s.quote) for s in channel.sources]
                assert any(digits in q for q in quotes), (entry.id, channel.value)


def test_load_knowledge_shelters_never_show_a_place(kb: KnowledgeBase) -> None:
    shelters = [e for e in kb if e.confidential_location]
    assert shelters
    for entry in shelters:
        assert entry.front_door is not None
        assert all(c.type != "visit" for c in entry.channels)
        door = kb.get(entry.front_door)
        assert door is not None and door.channels


def test_load_knowledge_internal_measures_are_not_user_facing(kb: KnowledgeBase) -> None:
    for entry in kb:
        if entry.kind in {"policy", "campaign"}:
            assert not entry.user_facing, entry.id
        if entry.user_facing:
            assert entry.how_to_use.strip(), entry.id


def test_load_knowledge_required_windows_exist(kb: KnowledgeBase) -> None:
    required = [
        "josei-sodan-center",
        "josei-sodan-center-tama",
        "josei-sodan-center-emergency",
        "womens-plaza",
        "sarc-tokyo-nana",
        "onestop-8891",
        "ninshin-hotline",
        "wakanavi",
        "kimimamo",
        "haat",
        "tabunka-navi",
        "shohi-center",
        "shohi-188",
        "shigoto-center",
        "seishin-hoken-center",
        "challenge-net",
        "funin-hotline",
        "police-110",
        "emergency-119",
        "kyukyu-7119",
        "jido-189",
        "dv-navi-8008",
        "dv-soudan-plus",
        "police-9110",
        "seihanzai-8103",
        "yorisoi",
        "kokoro-unified",
        "jisatsu-dial-tokyo",
        "inochi-denwa",
        "kodomo-sos-24",
        "houterasu",
    ]
    missing = [i for i in required if kb.get(i) is None]
    assert missing == []


def test_load_knowledge_misspelt_field_names_file_entry_and_field(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(summmary=es[0]["summary"]))
    problems = _problems(root)
    assert any(
        "services/windows.yaml" in p
        and "josei-sodan-center" in p
        and "summmary" in p
        and "unknown field" in p
        for p in problems
    ), problems


def test_load_knowledge_duplicate_id_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es.append(dict(es[0])))
    problems = _problems(root)
    assert any("duplicate id" in p and "josei-sodan-center" in p for p in problems), problems


def test_load_knowledge_unknown_source_reference_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0]["sources"].append("plan2025:121"))
    problems = _problems(root)
    assert any("plan2025:121" in p and "sources" in p and "josei-sodan-center" in p for p in problems), (
        problems
    )


def test_load_knowledge_malformed_source_reference_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0]["sources"].append("plan:15"))
    problems = _problems(root)
    assert any("not a document reference" in p for p in problems), problems


def test_load_knowledge_phone_without_backing_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, object]]) -> None:
        channel = entries[0]["channels"][0]  # type: ignore[index]
        channel["value"] = "03-1234-5678"  # type: ignore[index]

    edit_entries(root, "windows.yaml", change)
    problems = _problems(root)
    assert any("03-1234-5678" in p and "no backing" in p and "channels[0]" in p for p in problems), problems


def test_load_knowledge_shelter_without_front_door_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, object]]) -> None:
        entries[0]["confidential_location"] = True

    edit_entries(root, "windows.yaml", change)
    problems = _problems(root)
    assert any("front_door" in p for p in problems), problems


def test_load_knowledge_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    path = root / "services" / "windows.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    problems = _problems(root)
    assert any(re.search(r"services/windows\.yaml:\d+", p) and "not valid YAML" in p for p in problems), (
        problems
    )


@pytest.mark.parametrize("name", ["services/windows.yaml", "taxonomy.yaml"])
def test_load_knowledge_a_file_not_in_utf8_names_the_file_and_line(tmp_path: Path, name: str) -> None:
    root = copy_tree(tmp_path)
    path = root / name
    # Saved by an editor in Shift_JIS (cp932).
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    problems = _problems(root)
    assert any(re.search(rf"{re.escape(name)}:\d+", p) and "not UTF-8" in p for p in problems), problems
    assert not any("missing file" in p for p in problems), problems


def test_load_knowledge_uncited_row_is_reported(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, object]]) -> None:
        for entry in entries:
            entry["sources"] = [s for s in entry.get("sources", []) if s != "plan2025:15"]  # type: ignore[union-attr]

    for path in (root / "services").glob("*.yaml"):
        edit_entries(root, path.name, change)
    problems = _problems(root)
    assert any("plan2025:15 is cited by no entry" in p for p in problems), problems


def test_load_knowledge_unknown_topic_is_rejected(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0]["topics"].append("weather"))
    problems = _problems(root)
    assert any("unknown topic 'weather'" in p for p in problems), problems


def test_load_knowledge_number_in_text_must_be_a_sourced_contact(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(
        root, "windows.yaml", lambda es: es[0].update(how_to_use=es[0]["how_to_use"] + " 03-9999-0000 へ")
    )
    problems = _problems(root)
    assert any("03-9999-0000" in p and "how_to_use" in p for p in problems), problems


def test_load_knowledge_vocabulary_and_crisis_targets_must_exist(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    vocab = root / "vocabulary.yaml"
    vocab.write_text(
        vocab.read_text(encoding="utf-8") + "  - terms: [テスト語]\n    entries: [no-such-entry]\n",
        encoding="utf-8",
    )
    crisis = root / "crisis.yaml"
    crisis.write_text(
        crisis.read_text(encoding="utf-8").replace("[police-110, dv-navi-8008", "[police-111, dv-navi-8008"),
        encoding="utf-8",
    )
    problems = _problems(root)
    assert any("vocabulary.yaml" in p and "no-such-entry" in p and "entries[0]" in p for p in problems), (
        problems
    )
    assert any("crisis.yaml" in p and "police-111" in p for p in problems), problems
