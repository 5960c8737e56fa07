from __future__ import annotations

from datetime import datetime

from bot.catalog.hours import TOKYO
from bot.catalog.kb import KnowledgeBase
from bot.web.render import render_referral_text
from bot.web.views import referral_sheet
from tests.helpers.entries import make_entry

AT = datetime(2025, 6, 4, 12, 0, tzinfo=TOKYO)


def test_referral_text_has_what_she_needs_to_reach_each_service(kb: KnowledgeBase) -> None:
    entries = [kb.get("ninshin-hotline"), kb.get("haat")]
    assert all(e is not None for e in entries)
    text = render_referral_text(referral_sheet(kb, [e for e in entries if e], at=AT))
    lines = text.splitlines()
    assert lines[0] == "【相談先のご案内】"
    for number, entry in enumerate(e for e in entries if e):
        assert f"{number + 1}. {entry.name}" in lines
        assert f"はじめの一歩: {entry.how_to_use}" in text
        for channel in entry.channels:
            assert f": {channel.value}" in text
        for channel in entry.channels:
            day = channel.last_verified
            assert f"（{day.year}年{day.month}月{day.day}日に確認）" in text
    assert "受付: " in text and "出典: 東京都の女性支援の基本計画" in text and "施策No." not in text
    assert "作成日: 2025年6月4日" in text
    # Open-now marks would be wrong by the time she reads it.
    assert "受付中" not in text and "時間外" not in text


def test_referral_text_names_the_front_door_of_a_shelter(kb: KnowledgeBase) -> None:
    shelter = kb.get("ichiji-hogo")
    assert shelter is not None and shelter.front_door
    door = kb.get(shelter.front_door)
    assert door is not None
    text = render_referral_text(referral_sheet(kb, [shelter], at=AT))
    assert f"窓口: {door.name}を通して利用します" in text
    assert f"（{door.name}）: {door.channels[0].value}" in text


def test_referral_text_starts_with_the_emergency_numbers_from_the_base(kb: KnowledgeBase) -> None:
    sheet = referral_sheet(kb, [e for e in kb.entries if e.user_facing][:1], at=AT)
    emergency = [e for e in kb.entries if e.emergency_only]
    assert emergency and len(sheet.emergency) == len(emergency)
    second = render_referral_text(sheet).splitlines()[1]
    assert second.startswith("いま危険があるとき: ")
    for entry in emergency:
        assert entry.channels[0].value in second


def test_referral_text_for_a_service_without_contacts(kb: KnowledgeBase) -> None:
    service = make_entry("no-contact")  # a program with no window of its own
    assert kb.contact_entry(service) is None
    text = render_referral_text(referral_sheet(kb, [service], at=AT))
    assert "直接の連絡先はありません" in text


def test_an_internal_measure_is_left_off_the_text(kb: KnowledgeBase) -> None:
    measure = next(e for e in kb.entries if not e.user_facing)
    sheet = referral_sheet(kb, [measure], at=AT)
    assert sheet.items == () and sheet.left_out == 1
    assert measure.name not in render_referral_text(sheet)
