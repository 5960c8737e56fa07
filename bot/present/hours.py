"""Opening hours in words: 「平日（月〜金） 9:00〜17:00」, 「あす 9:00 から」."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.catalog.hours import DAY_LABELS, TOKYO, WEEKDAYS, has_holiday_rule, overnight
from bot.catalog.models import Day, Hours


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


def describe(hours: Hours, *, mark_unconfirmed: bool = True) -> str:
    """Plain Japanese, e.g. ``平日（月〜金） 9:00〜17:00（祝日・年末年始を除く）``. Stated hours
    not confirmed end in 〔要確認〕, unless ``mark_unconfirmed`` is off (her sheet says it in words)."""
    if hours.always:
        text = "24時間・年中無休"
    elif not hours.rules:
        text = "受付時間は公式ページで確認してください"
    else:
        parts = []
        for rule in hours.rules:
            closes = ("翌" if overnight(rule) else "") + _time_text(rule.closes)
            parts.append(f"{_days_text(rule.days)} {_time_text(rule.opens)}〜{closes}")
        text = "、".join(parts)
        closed = []
        if hours.closed_on_holidays and not has_holiday_rule(hours):
            closed.append("祝日")
        if hours.closed_new_year:
            closed.append("年末年始")
        closed.extend(_month_day_text(d) for d in hours.closed_dates)
        if closed:
            text += f"（{'・'.join(closed)}を除く）"
    if mark_unconfirmed and not hours.confirmed and hours.rules:
        text += "〔要確認〕"
    if hours.note:
        text += f" ※{hours.note}"
    return text


def _month_day_text(value: str) -> str:
    month, day = value.split("-")
    if value == "01-01":
        return "元日"
    return f"{int(month)}月{int(day)}日"


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
