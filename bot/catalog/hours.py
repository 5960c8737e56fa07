"""Opening hours: is a channel open now and when it opens next (Asia/Tokyo, Japanese holidays)."""

from __future__ import annotations

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
    return hours.closed_on_holidays and _is_holiday(day) and not has_holiday_rule(hours)


def has_holiday_rule(hours: Hours) -> bool:
    return any("hol" in rule.days for rule in hours.rules)


def _rules_for(hours: Hours, day: date) -> list[HoursRule]:
    if _closed_all_day(hours, day):
        return []
    if _is_holiday(day) and has_holiday_rule(hours):
        return [r for r in hours.rules if "hol" in r.days]
    weekday = WEEKDAYS[day.weekday()]
    return [r for r in hours.rules if weekday in r.days]


def overnight(rule: HoursRule) -> bool:
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
        if overnight(rule):
            if clock >= opens:
                return True
        elif opens <= clock < _clock(rule.closes) or (rule.closes == "24:00" and clock >= opens):
            return True
    yesterday = today - timedelta(days=1)
    return any(overnight(r) and clock < _clock(r.closes) for r in _rules_for(hours, yesterday))


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
