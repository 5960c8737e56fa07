"""Opening hours: is a channel open now (Asia/Tokyo, Japanese holidays), and how to say when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jpholiday

from bot.catalog.models import Day, Hours, HoursRule

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS: dict[str, str] = {
    "mon": "月",
    "tue": "火",
    "wed": "水",
    "thu": "木",
    "fri": "金",
    "sat": "土",
    "sun": "日",
    "hol": "祝",
}
NEW_YEAR = {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)}


def now_tokyo() -> datetime:
    return datetime.now(TOKYO)


def _clock(value: str) -> time:
    hours, minutes = (int(p) for p in value.split(":"))
    if hours == 24:
        return time(23, 59, 59)
    return time(hours, minutes)


def _is_holiday(day: date) -> bool:
    return bool(jpholiday.is_holiday(day))


def _closed_all_day(hours: Hours, day: date) -> bool:
    if hours.closed_new_year and (day.month, day.day) in NEW_YEAR:
        return True
    if f"{day.month:02d}-{day.day:02d}" in hours.closed_dates:
        return True
    return hours.closed_on_holidays and _is_holiday(day) and not _has_holiday_rule(hours)


def _has_holiday_rule(hours: Hours) -> bool:
    return any("hol" in rule.days for rule in hours.rules)


def _rules_for(hours: Hours, day: date) -> list[HoursRule]:
    if _closed_all_day(hours, day):
        return []
    if _is_holiday(day) and _has_holiday_rule(hours):
        return [r for r in hours.rules if "hol" in r.days]
    weekday = WEEKDAYS[day.weekday()]
    return [r for r in hours.rules if weekday in r.days]


def _overnight(rule: HoursRule) -> bool:
    return rule.closes != "24:00" and _clock(rule.closes) <= _clock(rule.opens)


def is_open(hours: Hours, at: datetime, *, as_stated: bool = False) -> bool | None:
    """True or False when the hours are known and confirmed; None when they are not.

    ``as_stated`` also reads hours that are not confirmed, for ordering only: a window whose
    stated hours end at 20:00 is most likely closed at midnight, even if the card must say
    「要確認」."""
    if hours.always:
        return True if hours.confirmed or as_stated else None
    if not (hours.known or (as_stated and hours.rules)):
        return None
    local = at.astimezone(TOKYO)
    today, clock = local.date(), local.time()
    for rule in _rules_for(hours, today):
        opens = _clock(rule.opens)
        if _overnight(rule):
            if clock >= opens:
                return True
        elif opens <= clock < _clock(rule.closes) or (rule.closes == "24:00" and clock >= opens):
            return True
    yesterday = today - timedelta(days=1)
    return any(_overnight(r) and clock < _clock(r.closes) for r in _rules_for(hours, yesterday))


def _days_text(days: tuple[Day, ...]) -> str:
    plain = [d for d in days if d != "hol"]
    if set(plain) == set(WEEKDAYS):
        return "毎日（祝日も）" if "hol" in days else "毎日"
    elif set(plain) == set(WEEKDAYS[:5]):
        text = "平日（月〜金）"
    elif len(plain) >= 3 and _consecutive(plain):
        text = f"{DAY_LABELS[plain[0]]}〜{DAY_LABELS[plain[-1]]}"
    else:
        text = "・".join(DAY_LABELS[d] for d in plain)
    if "hol" in days:
        text += "・祝日" if plain else "祝日"
    return text


def _consecutive(days: Sequence[Day]) -> bool:
    idx = [WEEKDAYS.index(d) for d in days]
    return idx == list(range(idx[0], idx[0] + len(idx)))


def _time_text(value: str) -> str:
    hours, minutes = value.split(":")
    return f"{int(hours)}:{minutes}"


def describe(hours: Hours) -> str:
    """Plain Japanese, e.g. ``平日（月〜金） 9:00〜17:00（祝日・年末年始を除く）``."""
    if hours.always:
        text = "24時間・年中無休"
    elif not hours.rules:
        text = "受付時間は公式ページで確認してください"
    else:
        parts = []
        for rule in hours.rules:
            closes = ("翌" if _overnight(rule) else "") + _time_text(rule.closes)
            parts.append(f"{_days_text(rule.days)} {_time_text(rule.opens)}〜{closes}")
        text = "、".join(parts)
        closed = []
        if hours.closed_on_holidays and not _has_holiday_rule(hours):
            closed.append("祝日")
        if hours.closed_new_year:
            closed.append("年末年始")
        closed.extend(_month_day_text(d) for d in hours.closed_dates)
        if closed:
            text += f"（{'・'.join(closed)}を除く）"
    if not hours.confirmed and hours.rules:
        text += "〔要確認〕"
    if hours.note:
        text += f" ※{hours.note}"
    return text


def _month_day_text(value: str) -> str:
    month, day = value.split("-")
    if value == "01-01":
        return "元日"
    return f"{int(month)}月{int(day)}日"


def next_open(hours: Hours, at: datetime, *, days: int = 8) -> datetime | None:
    """When a closed channel next opens (Tokyo time), within ``days``; None when it is open now,
    always open, or its hours are not known."""
    if hours.always or not hours.known or is_open(hours, at) is not False:
        return None
    local = at.astimezone(TOKYO)
    for offset in range(days + 1):
        day = local.date() + timedelta(days=offset)
        starts = sorted(_clock(r.opens) for r in _rules_for(hours, day))
        for start in starts:
            moment = datetime.combine(day, start, tzinfo=TOKYO)
            if moment > local:
                return moment
    return None


def when_text(moment: datetime, at: datetime, lang: str = "ja") -> str:
    """「きょう 17:00 から」「あす 9:00 から」「12月8日（火） 9:00 から」, or the English."""
    local, now = moment.astimezone(TOKYO), at.astimezone(TOKYO)
    clock = f"{local.hour}:{local.minute:02d}"
    gap = (local.date() - now.date()).days
    if lang == "en":
        day = {0: "today", 1: "tomorrow"}.get(gap, local.strftime("%a %d %b"))
        return f"opens {day} at {clock}"
    weekday = DAY_LABELS[WEEKDAYS[local.weekday()]]
    tomorrow = "あした" if lang == "easy" else "あす"
    day = {0: "きょう", 1: tomorrow}.get(gap, f"{local.month}月{local.day}日（{weekday}）")
    return f"{day} {clock} から"
