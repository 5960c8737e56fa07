from __future__ import annotations

from datetime import datetime

from bot.catalog.hours import TOKYO, is_open
from bot.catalog.models import Hours, HoursRule
from bot.present.hours import describe

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def _weekday_hours(**extra: object) -> Hours:
    return Hours.model_validate({"rules": [{"days": WEEKDAYS, "opens": "09:00", "closes": "17:00"}], **extra})


def test_is_open_weekday_inside_and_outside_hours() -> None:
    hours = _weekday_hours()
    assert is_open(hours, _at("2026-11-24T10:00")) is True  # Tuesday
    assert is_open(hours, _at("2026-11-24T17:00")) is False
    assert is_open(hours, _at("2026-11-24T08:59")) is False
    assert is_open(hours, _at("2026-11-22T10:00")) is False  # Sunday


def test_is_open_public_holiday_closed() -> None:
    hours = _weekday_hours(closed_on_holidays=True)
    # 2026-11-23 is 勤労感謝の日 (a Monday).
    assert is_open(hours, _at("2026-11-23T10:00")) is False
    assert is_open(_weekday_hours(), _at("2026-11-23T10:00")) is True


def test_is_open_holiday_rule_replaces_weekday_rule() -> None:
    hours = Hours(
        rules=(
            HoursRule(days=WEEKDAYS, opens="09:00", closes="21:00"),
            HoursRule(days=("sat", "sun", "hol"), opens="09:00", closes="17:00"),
        ),
    )
    assert is_open(hours, _at("2026-11-23T18:00")) is False  # holiday Monday: 9-17
    assert is_open(hours, _at("2026-11-24T18:00")) is True


def test_is_open_new_year_closed() -> None:
    hours = Hours(
        rules=(HoursRule(days=(*WEEKDAYS, "sat", "sun"), opens="09:00", closes="21:00"),),
        closed_new_year=True,
    )
    assert is_open(hours, _at("2026-12-30T12:00")) is False
    assert is_open(hours, _at("2027-01-04T12:00")) is True


def test_is_open_overnight_rule_covers_the_next_morning() -> None:
    hours = Hours(
        rules=(
            HoursRule(days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), opens="12:00", closes="05:30"),
        )
    )
    assert is_open(hours, _at("2026-11-24T23:00")) is True
    assert is_open(hours, _at("2026-11-25T03:00")) is True
    assert is_open(hours, _at("2026-11-25T06:00")) is False


def test_is_open_always_and_unknown() -> None:
    assert is_open(Hours(always=True), _at("2027-01-01T03:00")) is True
    assert is_open(Hours(), _at("2026-11-24T10:00")) is None
    assert is_open(_weekday_hours(confirmed=False), _at("2026-11-24T10:00")) is None


def test_describe_plain_japanese() -> None:
    text = describe(_weekday_hours(closed_on_holidays=True, closed_new_year=True))
    assert text == "平日（月〜金） 9:00〜17:00（祝日・年末年始を除く）"
    assert describe(Hours(always=True)) == "24時間・年中無休"
    assert "要確認" in describe(_weekday_hours(confirmed=False))
    assert "公式ページで確認" in describe(Hours())


def test_describe_every_day_including_holidays() -> None:
    hours = Hours(rules=(HoursRule(days=(*WEEKDAYS, "sat", "sun", "hol"), opens="09:00", closes="16:30"),))
    assert describe(hours) == "毎日（祝日も） 9:00〜16:30"
