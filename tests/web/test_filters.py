from __future__ import annotations

from datetime import datetime

import pytest

from bot.catalog.hours import TOKYO
from bot.catalog.kb import KnowledgeBase
from bot.web.filters import (
    Filters,
    age_aim,
    age_range,
    apply_filters,
    listing_order,
    matches,
    parse_filters,
)
from tests.helpers.entries import make_entry, text_channel

TOPICS = {"dv", "pregnancy", "housing"}
# A Wednesday that is not a public holiday.
WEDNESDAY_NOON = datetime(2025, 6, 4, 12, 0, tzinfo=TOKYO)
WEDNESDAY_NIGHT = datetime(2025, 6, 4, 23, 30, tzinfo=TOKYO)


def _parse(**params: list[str]) -> Filters:
    return parse_filters(params, topics=TOPICS).filters


def test_parse_filters_reads_every_filter() -> None:
    filters = _parse(
        topic=["pregnancy"],
        age=["16"],
        who=["pregnant", "single-parent"],
        area=["多摩・島しょ"],
        channel=["line", "text"],
        lang=["en", "xx"],
        open=["1"],
        internal=["1"],
    )
    assert filters == Filters(
        topic="pregnancy",
        age=16,
        who=frozenset({"pregnant", "single-parent"}),
        area="多摩・島しょ",
        channels=frozenset({"line", "text"}),
        languages=frozenset({"en"}),
        open_now=True,
        internal=True,
    )
    assert filters.narrowing and filters.count == 9  # each ticked box counts
    assert filters.labels({"pregnancy": "妊娠・出産"}) == [
        "妊娠・出産",
        "16歳",
        "妊娠している",
        "ひとり親",
        "多摩・島しょ",
        "LINE",
        "文字だけで相談できる",
        "英語",
        "いま受付中",
        "内部の施策も",
    ]


def test_parse_filters_reads_full_width_digits() -> None:
    assert _parse(age=["１６"]).age == 16


def test_parse_filters_ignores_unknown_values() -> None:
    filters = _parse(topic=["weather"], who=["aliens"], area=["大阪"], channel=["fax"], open=["maybe"])
    assert filters == Filters()
    assert not filters.narrowing


@pytest.mark.parametrize(
    "age", ["-3", "abc", "121", "1e2", "16歳", "²", "①", "1²", pytest.param("9" * 5000, id="5000-digits")]
)
def test_parse_filters_reports_a_bad_age_and_drops_it(age: str) -> None:
    parsed = parse_filters({"age": [age]}, topics=TOPICS)
    assert parsed.filters.age is None
    assert parsed.problems and "年齢" in parsed.problems[0]


@pytest.mark.parametrize(
    ("values", "internal"),
    [
        ([], False),  # a plain link: internal measures are shown only when asked for
        (["1"], True),  # the ticked box, or the 「内部の施策も表示する」 button
        (["0"], False),  # an older link that said no
    ],
)
def test_parse_filters_internal_switch(values: list[str], internal: bool) -> None:
    assert _parse(internal=values).internal is internal


def test_filters_params_round_trip() -> None:
    filters = Filters(
        topic="dv", age=30, who=frozenset({"pregnant"}), channels=frozenset({"phone"}), internal=False
    )
    params: dict[str, list[str]] = {}
    for key, value in filters.params():
        params.setdefault(key, []).append(value)
    assert _parse(**params) == filters


def test_internal_off_keeps_only_what_she_can_use(kb: KnowledgeBase) -> None:
    kept = apply_filters(kb.entries, Filters(), kb=kb, at=WEDNESDAY_NOON)
    assert kept and all(e.user_facing for e in kept)
    assert len(kept) < len(kb)
    assert len(apply_filters(kb.entries, Filters(internal=True), kb=kb, at=WEDNESDAY_NOON)) == len(kb)


def test_topic_filter(kb: KnowledgeBase) -> None:
    kept = apply_filters(kb.entries, Filters(topic="pregnancy"), kb=kb, at=WEDNESDAY_NOON)
    assert kept and all("pregnancy" in e.topics for e in kept)
    assert any(e.id == "ninshin-hotline" for e in kept)


def test_who_filter_keeps_services_open_to_everyone_and_ranks_hers_first(kb: KnowledgeBase) -> None:
    for_her = make_entry("for-her", audience={"tags": ["foreign-resident", "women"]})
    any_woman = make_entry("any-woman", audience={"tags": ["women"]})
    anyone = make_entry("anyone", audience={"tags": ["anyone"]})
    others = make_entry("others", audience={"tags": ["disability"]})
    employers = make_entry("employers", audience={"tags": ["employers"]})
    entries = [any_woman, others, anyone, for_her, employers]
    who = Filters(who=frozenset({"foreign-resident"}))
    assert [e.id for e in apply_filters(entries, who, kb=kb, at=WEDNESDAY_NOON)] == [
        "for-her",
        "any-woman",
        "anyone",
    ]
    # A single parent has children: a service for mothers with children is made for her.
    mothers = make_entry("mothers", audience={"tags": ["with-children", "women"]})
    ids = [
        e.id
        for e in apply_filters(
            [any_woman, mothers], Filters(who=frozenset({"single-parent"})), kb=kb, at=WEDNESDAY_NOON
        )
    ]
    assert ids == ["mothers", "any-woman"]


def test_foreign_resident_filter_keeps_the_dv_lines_open_to_all(kb: KnowledgeBase) -> None:
    """A DV search for a foreign woman still shows #8008, the Women's Plaza and the shelter."""
    who = Filters(who=frozenset({"foreign-resident"}))
    kept = [e.id for e in apply_filters(kb.entries, who, kb=kb, at=WEDNESDAY_NOON)]
    assert {"dv-navi-8008", "womens-plaza", "ichiji-hogo", "josei-sodan-center"} <= set(kept)
    made_for_her = [e.id for e in kb.entries if e.user_facing and "foreign-resident" in e.audience.tags]
    assert kept[: len(made_for_her)] == made_for_her


def test_a_seventy_year_old_is_not_shown_the_young_womens_outreach_first(kb: KnowledgeBase) -> None:
    young = [e for e in kb.entries if e.user_facing and (aim := age_aim(e)) is not None and aim[1] < 70]
    assert any(e.id == "jakunen-outreach" for e in young)
    kept = [e.id for e in apply_filters(kb.entries, Filters(topic="dv", age=70), kb=kb, at=WEDNESDAY_NOON)]
    aimed = [i for i, entry_id in enumerate(kept) if kb.get(entry_id) in young]
    others = [i for i, entry_id in enumerate(kept) if kb.get(entry_id) not in young]
    assert aimed and others and min(aimed) > max(others)
    # Not turned away: a woman of 70 may still call a line that mostly hears young women.
    assert "line-dv-sodan" in kept
    # A 20-year-old keeps the order given.
    young_kept = apply_filters(kb.entries, Filters(topic="dv", age=20), kb=kb, at=WEDNESDAY_NOON)
    assert [e.id for e in young_kept] == [
        e.id
        for e in apply_filters(kb.entries, Filters(topic="dv"), kb=kb, at=WEDNESDAY_NOON)
        if e in young_kept
    ]


def test_age_range_from_bounds_or_age_bound_tags() -> None:
    assert age_range(make_entry("a1", audience={"tags": ["girls", "pregnant"], "age_max": 17})) == (0, 17)
    assert age_range(make_entry("a2", audience={"tags": ["women"], "age_min": 18})) == (18, 120)
    assert age_range(make_entry("a3", audience={"tags": ["girls", "young"]})) == (0, 39)
    assert age_range(make_entry("a4", audience={"tags": ["young"]})) == (15, 39)
    # Any tag without an age bound means the entry is not limited by age.
    assert age_range(make_entry("a5", audience={"tags": ["young", "women"]})) is None


def test_age_filter_drops_entries_for_other_ages(kb: KnowledgeBase) -> None:
    minors_only = make_entry("minors", audience={"tags": ["girls"], "age_max": 17})
    adults_only = make_entry("adults", audience={"tags": ["women"], "age_min": 18})
    anyone = make_entry("anyone", audience={"tags": ["women"]})
    entries = [minors_only, adults_only, anyone]

    def ids(age: int) -> list[str]:
        return [e.id for e in apply_filters(entries, Filters(age=age), kb=kb, at=WEDNESDAY_NOON)]

    assert ids(16) == ["minors", "anyone"]
    assert ids(17) == ["minors", "anyone"]
    assert ids(18) == ["adults", "anyone"]
    assert ids(45) == ["adults", "anyone"]


def test_age_filter_on_the_real_base(kb: KnowledgeBase) -> None:
    adult = {e.id for e in apply_filters(kb.entries, Filters(age=30), kb=kb, at=WEDNESDAY_NOON)}
    girl = {e.id for e in apply_filters(kb.entries, Filters(age=15), kb=kb, at=WEDNESDAY_NOON)}
    assert "u18-ichiji-hogo" in girl and "u18-ichiji-hogo" not in adult
    assert "josei-sodan-center" in girl and "josei-sodan-center" in adult


@pytest.mark.parametrize(
    ("area", "kept", "dropped"),
    [
        ("区部", {"josei-sodan-center", "womens-plaza"}, {"josei-sodan-center-tama"}),
        ("多摩・島しょ", {"josei-sodan-center-tama", "womens-plaza"}, {"josei-sodan-center"}),
        ("都内全域", {"womens-plaza"}, {"josei-sodan-center", "josei-sodan-center-tama"}),
    ],
)
def test_area_filter_keeps_what_serves_the_place(
    kb: KnowledgeBase, area: str, kept: set[str], dropped: set[str]
) -> None:
    ids = {e.id for e in apply_filters(kb.entries, Filters(area=area), kb=kb, at=WEDNESDAY_NOON)}
    assert kept <= ids
    assert not dropped & ids


def test_channel_filter_uses_the_channels_shown(kb: KnowledgeBase) -> None:
    line_only = make_entry("by-line", channels=[text_channel("line")])
    visit_only = make_entry("by-visit", channels=[text_channel("visit")])
    # No channels of its own: reached through the window named as its front door.
    behind = make_entry("behind-door", front_door="josei-sodan-center", kind="shelter")
    entries = [line_only, visit_only, behind]

    def ids(*channels: str) -> list[str]:
        wanted = Filters(channels=frozenset(channels))
        return [e.id for e in apply_filters(entries, wanted, kb=kb, at=WEDNESDAY_NOON)]

    assert ids("line") == ["by-line"]
    assert ids("visit") == ["by-visit"]
    assert ids("phone") == ["behind-door"]
    assert ids("text") == ["by-line"]  # LINE needs no voice; a visit and a phone call do
    assert ids("line", "visit") == ["by-line", "by-visit"]


def test_text_only_filter_on_the_real_base(kb: KnowledgeBase) -> None:
    kept = apply_filters(kb.entries, Filters(channels=frozenset({"text"})), kb=kb, at=WEDNESDAY_NOON)
    assert kept
    for entry in kept:
        holder = kb.contact_entry(entry)
        assert holder is not None and any(c.is_text_only for c in holder.channels)


def test_open_now_filter_follows_the_hours(kb: KnowledgeBase) -> None:
    daytime = make_entry(
        "daytime",
        channels=[text_channel("line", rules=[{"days": ["wed"], "opens": "10:00", "closes": "17:00"}])],
    )
    always = make_entry("always", channels=[text_channel("line")])
    unconfirmed = make_entry(
        "unconfirmed",
        channels=[
            text_channel(
                "line",
                rules=[{"days": ["wed"], "opens": "00:00", "closes": "24:00"}],
                confirmed=False,
                note="要確認",
            )
        ],
    )
    entries = [daytime, always, unconfirmed]
    open_now = Filters(open_now=True)
    assert [e.id for e in apply_filters(entries, open_now, kb=kb, at=WEDNESDAY_NOON)] == ["daytime", "always"]
    # Unconfirmed hours never count as open: the page cannot promise someone will answer.
    assert [e.id for e in apply_filters(entries, open_now, kb=kb, at=WEDNESDAY_NIGHT)] == ["always"]


def test_filters_combine(kb: KnowledgeBase) -> None:
    filters = Filters(topic="dv", channels=frozenset({"chat"}), internal=False)
    kept = apply_filters(kb.entries, filters, kb=kb, at=WEDNESDAY_NOON)
    assert kept
    assert all(matches(e, Filters(topic="dv"), kb=kb, at=WEDNESDAY_NOON) for e in kept)
    assert all(matches(e, Filters(channels=frozenset({"chat"})), kb=kb, at=WEDNESDAY_NOON) for e in kept)
    assert all(e.user_facing for e in kept)


def test_apply_filters_keeps_the_given_order(kb: KnowledgeBase) -> None:
    entries = list(reversed(kb.entries))
    kept = apply_filters(entries, Filters(topic="dv"), kb=kb, at=WEDNESDAY_NOON)
    positions = [entries.index(e) for e in kept]
    assert positions == sorted(positions)


def test_listing_order_puts_contactable_kinds_first_then_names() -> None:
    entries = [
        make_entry("p2", kind="program", name="い事業"),
        make_entry("pol", kind="policy", user_facing=False, name="あ施策"),
        make_entry("p1", kind="program", name="あ事業"),
        make_entry("hot", kind="hotline", name="ん電話", how_to_use="かけます。"),
    ]
    assert [e.id for e in listing_order(entries)] == ["hot", "p1", "p2", "pol"]


def test_open_now_judges_the_channel_she_would_use(kb: KnowledgeBase) -> None:
    """A LINE open in the evening does not make a daytime-only visit 'open' for her, and the
    other way round."""
    evening_line = text_channel("line", rules=[{"days": ["wed"], "opens": "17:00", "closes": "22:00"}])
    daytime_visit = text_channel("visit", rules=[{"days": ["wed"], "opens": "09:00", "closes": "17:00"}])
    both = make_entry("both", channels=[evening_line, daytime_visit])
    evening = datetime(2025, 6, 4, 19, 0, tzinfo=TOKYO)

    def kept(at: datetime, *channels: str) -> bool:
        wanted = Filters(open_now=True, channels=frozenset(channels))
        return bool(apply_filters([both], wanted, kb=kb, at=at))

    assert kept(evening) and kept(evening, "line") and kept(evening, "text")
    assert not kept(evening, "visit")
    assert kept(WEDNESDAY_NOON, "visit") and not kept(WEDNESDAY_NOON, "line")


def test_open_now_never_counts_a_contact_borrowed_from_another_service(kb: KnowledgeBase) -> None:
    borrowing = kb.get("line-dv-sodan")  # shows DV相談＋'s numbers, open around the clock
    assert borrowing is not None and not borrowing.channels
    lender = kb.contact_entry(borrowing)
    assert lender is not None and lender is not borrowing
    open_now = Filters(open_now=True)
    assert apply_filters([lender], open_now, kb=kb, at=WEDNESDAY_NIGHT) == [lender]
    assert apply_filters([borrowing], open_now, kb=kb, at=WEDNESDAY_NIGHT) == []
    # Reached through the lender's phone, it still passes the channel filter.
    by_phone = Filters(channels=frozenset({"phone"}))
    assert apply_filters([borrowing], by_phone, kb=kb, at=WEDNESDAY_NIGHT) == [borrowing]
    kept = apply_filters(kb.entries, open_now, kb=kb, at=WEDNESDAY_NIGHT)
    assert kept and all(kb.contact_entry(e) is e for e in kept)


def test_language_filter_keeps_channels_whose_sources_name_the_language(kb: KnowledgeBase) -> None:
    english_chat = {**text_channel("chat"), "languages": ["ja", "en"]}
    japanese_line = text_channel("line")
    entries = [
        make_entry("english", channels=[english_chat]),
        make_entry("japanese", channels=[japanese_line]),
    ]
    english = Filters(languages=frozenset({"en"}))
    assert [e.id for e in apply_filters(entries, english, kb=kb, at=WEDNESDAY_NOON)] == ["english"]
    # The language and the channel are judged together: no LINE in English here.
    both = Filters(languages=frozenset({"en"}), channels=frozenset({"line"}))
    assert apply_filters(entries, both, kb=kb, at=WEDNESDAY_NOON) == []
    real = apply_filters(kb.entries, english, kb=kb, at=WEDNESDAY_NOON)
    assert "dv-soudan-plus" in {e.id for e in real}
    for entry in real:
        holder = kb.contact_entry(entry)
        assert holder is not None and any("en" in c.languages for c in holder.channels)
