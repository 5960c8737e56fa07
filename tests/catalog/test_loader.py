from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.catalog.backing import backing_problem
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
                whole = any(digits in q for q in quotes)
                # or printed without its area code, which a page of the same site states
                local = any(digits[3:] in q for q in quotes) and any(
                    "市外局番" in s.quote for s in channel.sources
                )
                assert whole or local, (entry.id, channel.value)
                assert backing_problem("phone", channel.value, channel.sources) is None, (
                    entry.id,
                    channel.value,
                )


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


@pytest.mark.parametrize("name", ["vocabulary.yaml", "crisis.yaml"])
def test_load_knowledge_a_key_given_twice_is_refused_with_its_line(tmp_path: Path, name: str) -> None:
    """A second ``weight:`` pasted under an item would silently replace the first."""
    root = copy_tree(tmp_path)
    path = root / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at, found = next(
        (i, m) for i, line in enumerate(lines) if (m := re.match(r"^(    )(topics|sign): ", line)) is not None
    )
    key = found.group(2)
    lines.insert(at + 1, f"{found.group(1)}{key}: again\n")
    path.write_text("".join(lines), encoding="utf-8")
    problems = _problems(root)
    where = re.compile(rf"{re.escape(name)}:{at + 2}:")
    assert any(where.search(p) and f"the key '{key}' appears twice" in p for p in problems), problems


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


def test_load_knowledge_a_value_cut_by_an_unquoted_hash_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    crisis = root / "crisis.yaml"
    quoted = '"命にかかわるときはすぐ119番へ。救急車を呼ぶか迷うときは #7119 に相談できます。"'
    text = crisis.read_text(encoding="utf-8")
    assert quoted in text
    crisis.write_text(text.replace(quoted, quoted.strip('"')), encoding="utf-8")
    problems = _problems(root)
    assert any(
        re.search(r"crisis\.yaml:\d+", p) and "'#7119 に相談できます。'" in p and "quote the whole value" in p
        for p in problems
    ), problems


def test_load_knowledge_a_comment_after_a_name_is_refused_but_a_hash_in_quotes_is_kept(
    tmp_path: Path,
) -> None:
    root = copy_tree(tmp_path)
    path = root / "services" / "national.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'name: "警察相談専用電話 #9110（警視庁総合相談センター）"', "name: 警察相談専用電話 #9110"
        ),
        encoding="utf-8",
    )
    problems = _problems(root)
    assert any("national.yaml" in p and "'警察相談専用電話'" in p for p in problems), problems


def test_load_knowledge_a_crisis_message_must_end_a_sentence(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    crisis = root / "crisis.yaml"
    text = crisis.read_text(encoding="utf-8")
    crisis.write_text(
        text.replace(
            "If you are in danger right now, call 110 (police).", "If you are in danger right now, call"
        ),
        encoding="utf-8",
    )
    problems = _problems(root)
    assert any("message_en" in p and "must end a sentence" in p for p in problems), problems


@pytest.mark.parametrize(
    ("file", "entry_id", "field", "claim"),
    [
        ("windows.yaml", "josei-sodan-center", "how_to_use", " 名前を言わなくても話を聞いてもらえます。"),
        ("goal1.yaml", "jakunen-ibasho", "summary", "匿名で相談できます。"),
    ],
)
def test_load_knowledge_a_promise_of_anonymity_needs_a_source(
    tmp_path: Path, file: str, entry_id: str, field: str, claim: str
) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, str]]) -> None:
        entry = next(e for e in entries if e["id"] == entry_id)
        entry[field] = entry[field].rstrip() + claim

    edit_entries(root, file, change)
    problems = _problems(root)
    assert any(entry_id in p and field in p and "need not give her name" in p for p in problems), problems


def test_load_knowledge_anonymity_backed_by_a_quote_is_accepted(kb: KnowledgeBase) -> None:
    # 189's page says calls may be anonymous; its entry and the child-danger crisis message say so.
    entry = kb.get("jido-189")
    assert entry is not None and "名前" in entry.how_to_use
    assert any("名前を言わなくても" in k.message for k in kb.crisis.kinds)


def test_load_knowledge_a_user_facing_entry_needs_an_english_name(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].pop("name_en"))
    problems = _problems(root)
    assert any(
        "services/windows.yaml" in p
        and "josei-sodan-center" in p
        and "name_en" in p
        and "needs an English name" in p
        for p in problems
    ), problems


def test_load_knowledge_a_user_facing_entry_needs_an_english_summary(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "national.yaml", lambda es: es[0].pop("summary_en"))
    problems = _problems(root)
    assert any("services/national.yaml" in p and "police-110" in p and "summary_en" in p for p in problems), (
        problems
    )


def test_load_knowledge_english_text_is_optional_for_internal_measures(kb: KnowledgeBase) -> None:
    internal = [e for e in kb if not e.user_facing]
    assert internal and any(e.name_en is None for e in internal)
    for entry in kb:
        if entry.user_facing:
            assert entry.name_en and entry.summary_en, entry.id
            assert 8 <= len(entry.summary_en) <= 220, entry.id


def test_load_knowledge_an_english_summary_over_220_characters_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(summary_en="A long sentence. " * 14))
    problems = _problems(root)
    assert any("josei-sodan-center" in p and "summary_en" in p and "220" in p for p in problems), problems


def test_load_knowledge_a_number_in_english_text_must_be_a_sourced_contact(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, str]]) -> None:
        entries[0]["summary_en"] = entries[0]["summary_en"] + " Call 03-9999-0000."

    edit_entries(root, "windows.yaml", change)
    problems = _problems(root)
    assert any(
        "services/windows.yaml" in p
        and "josei-sodan-center" in p
        and "summary_en" in p
        and "03-9999-0000" in p
        and "not a sourced contact" in p
        for p in problems
    ), problems


def test_load_knowledge_a_sourced_number_in_english_text_is_accepted(kb: KnowledgeBase) -> None:
    entry = kb.get("dv-navi-8008")
    assert entry is not None and entry.summary_en is not None and "#8008" in entry.summary_en


def test_load_knowledge_an_english_promise_of_anonymity_needs_a_source(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, str]]) -> None:
        entry = next(e for e in entries if e["id"] == "jakunen-ibasho")
        entry["summary_en"] = "You can talk without giving your name."

    edit_entries(root, "goal1.yaml", change)
    problems = _problems(root)
    assert any(
        "jakunen-ibasho" in p and "summary_en" in p and "need not give her name" in p for p in problems
    ), problems


_CODES = re.compile(r"#\d+|\d+")


def _codes(text: str) -> set[str]:
    return set(_CODES.findall(unicodedata.normalize("NFKC", text)))


def test_load_knowledge_every_crisis_message_is_translated_with_the_same_numbers(kb: KnowledgeBase) -> None:
    for kind in kb.crisis.kinds:
        expected = _codes(kind.message)
        assert expected, kind.id
        assert set(kind.translations) == {"tl", "vi", "zh", "ko"}, kind.id
        assert _codes(kind.message_en) <= expected, kind.id
        for lang, text in kind.translations.items():
            assert _codes(text) == expected, (kind.id, lang, text)


def test_load_knowledge_a_crisis_translation_must_end_a_sentence(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    crisis = root / "crisis.yaml"
    text = crisis.read_text(encoding="utf-8")
    whole = "지금 위험하다면 망설이지 말고 110(경찰)에 전화하세요."
    assert whole in text
    crisis.write_text(text.replace(whole, "지금 위험하다면 망설이지 말고"), encoding="utf-8")
    problems = _problems(root)
    assert any(
        "crisis.yaml" in p and "translations.ko" in p and "must end a sentence" in p for p in problems
    ), problems


def test_load_knowledge_an_unknown_crisis_language_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    crisis = root / "crisis.yaml"
    text = crisis.read_text(encoding="utf-8")
    crisis.write_text(text.replace("      tl: ", "      tg: ", 1), encoding="utf-8")
    problems = _problems(root)
    assert any("crisis.yaml" in p and "translations" in p and "tg" in p for p in problems), problems


def test_load_knowledge_a_partial_contact_with_confirmed_hours_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, Any]]) -> None:
        entry = next(e for e in entries if e["id"] == "houterasu")
        del entry["channels"][0]["hours"]["confirmed"]

    edit_entries(root, "national.yaml", change)
    problems = _problems(root)
    assert any("houterasu" in p and "hours.confirmed" in p and "partially" in p for p in problems), problems


def test_an_always_open_channel_whose_hours_are_unconfirmed_is_not_said_to_be_open(kb: KnowledgeBase) -> None:
    from bot.catalog.hours import is_open, now_tokyo

    entry = kb.get("houterasu")
    assert entry is not None
    form = next(c for c in entry.channels if c.type == "web")
    assert form.hours.always and not form.hours.confirmed
    assert is_open(form.hours, now_tokyo()) is None
    assert all(c.hours.confirmed is False for c in entry.channels if c.confidence == "partially")


def test_load_knowledge_an_ended_program_offered_to_women_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, Any]]) -> None:
        entry = next(e for e in entries if e["id"] == "funin-chiryo-josei")
        entry["user_facing"] = True

    edit_entries(root, "budget2021.yaml", change)
    problems = _problems(root)
    assert any("funin-chiryo-josei" in p and "status" in p and "ended program" in p for p in problems), (
        problems
    )


def test_the_ended_fertility_grant_is_kept_for_workers_and_never_offered_to_women(
    kb: KnowledgeBase,
) -> None:
    entry = kb.get("funin-chiryo-josei")
    assert entry is not None and entry.status == "ended" and not entry.user_facing
    assert "終わり" in entry.summary
