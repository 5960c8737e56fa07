"""A channel (a phone line, a LINE account, a chat, a place) as HSDS records: a
``service_at_location`` with its location, its weekly schedules (iCalendar ``WEEKLY``), its phone
and languages, and the attributes that say where its facts come from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.catalog.hours import WEEKDAYS
from bot.catalog.models import Channel, Entry, Hours, HoursRule
from bot.opendata.terms import (
    CLOSED_DATES,
    CONFIDENCE,
    FACT_SOURCE,
    HOLIDAYS,
    LAST_VERIFIED,
    TOLL_FREE,
    attribute,
    uid,
)
from bot.present.hours import describe
from bot.present.labels import LANGUAGE_LABELS
from bot.present.results import hours_text

UTC_OFFSET = "+09:00"
HSDS_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
LANGUAGE_NAMES = {
    "ja": "Japanese",
    "en": "English",
    "zh": "Chinese",
    "ko": "Korean",
    "pt": "Portuguese",
    "es": "Spanish",
    "tl": "Tagalog",
    "th": "Thai",
    "vi": "Vietnamese",
    "id": "Indonesian",
    "ne": "Nepali",
}
CHECK_OFFICIAL = "受付時間は公式ページで確認してください。"


def _time(value: str) -> str:
    return ("23:59" if value == "24:00" else value) + UTC_OFFSET


def _holiday_notes(hours: Hours) -> str:
    notes = []
    if any("hol" in r.days for r in hours.rules):
        notes.append("祝日も受け付けます。")
    elif hours.closed_on_holidays:
        notes.append("祝日は休みです。")
    if hours.closed_new_year:
        notes.append("年末年始（12月29日〜1月3日）は休みです。")
    if hours.closed_dates:
        notes.append("ほかの休み: " + "、".join(hours.closed_dates) + "。")
    return "".join(notes)


def closed_dates(hours: Hours) -> tuple[str, ...]:
    new_year = ("12-29", "12-30", "12-31", "01-01", "01-02", "01-03") if hours.closed_new_year else ()
    return tuple(sorted(set(new_year) | set(hours.closed_dates)))


def schedules(hours: Hours, *, link: str, service_id: str) -> list[dict[str, Any]]:
    """One weekly iCalendar rule per opening rule; nothing when the hours are not confirmed."""
    if not hours.known:
        return []
    rules = hours.rules if not hours.always else (HoursRule(days=WEEKDAYS, opens="00:00", closes="24:00"),)
    holiday = "open" if hours.always or any("hol" in r.days for r in rules) else "closed"
    if not hours.always and not hours.closed_on_holidays and holiday == "closed":
        holiday = "unstated"
    out = []
    for index, rule in enumerate(rules):
        schedule_id = uid("schedule", link, str(index))
        overnight = rule.closes != "24:00" and rule.closes <= rule.opens
        one: dict[str, Any] = {
            "id": schedule_id,
            "service_id": service_id,
            "service_at_location_id": link,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(HSDS_DAYS[d] for d in rule.days if d != "hol"),
            "opens_at": _time(rule.opens),
            "closes_at": _time(rule.closes),
            "timezone": 9,
            "description": describe(hours) + ("（翌朝まで）" if overnight else ""),
            "notes": _holiday_notes(hours),
            "attributes": [attribute(HOLIDAYS, holiday, link_id=schedule_id, entity="schedule")],
        }
        if dates := closed_dates(hours):
            one["attributes"].append(
                attribute(CLOSED_DATES, ",".join(dates), link_id=schedule_id, entity="schedule")
            )
        out.append(one)
    return out


def spoken(channel: Channel) -> tuple[str, ...]:
    """The languages staff speak on the channel; HSDS leaves out those only interpreted."""
    return tuple(code for code in channel.languages if code not in channel.interpreted)


def interpretation(channels: Iterable[Channel]) -> str:
    """HSDS's ``interpretation_services``: which line takes which languages through an interpreter."""
    parts = [
        f"{channel.label}: "
        + "・".join(LANGUAGE_LABELS.get(code, code) for code in channel.interpreted)
        + "（通訳を介して）"
        for channel in channels
        if channel.interpreted
    ]
    return " ".join(parts)


def languages(codes: Iterable[str], **link: str) -> list[dict[str, Any]]:
    owner = "/".join(f"{k}={v}" for k, v in link.items())
    out = []
    for code in codes:
        language = {"id": uid("language", owner, code), "code": code, **link}
        if code in LANGUAGE_NAMES:
            language["name"] = LANGUAGE_NAMES[code]
        out.append(language)
    return out


def _channel_attributes(channel: Channel, *, link: str) -> list[dict[str, Any]]:
    attrs = [
        attribute(CONFIDENCE, channel.confidence, link_id=link, entity="service_at_location"),
        attribute(
            LAST_VERIFIED, channel.last_verified.isoformat(), link_id=link, entity="service_at_location"
        ),
    ]
    for source in channel.sources:
        dated = f"（{source.page_date}）" if source.page_date else ""
        value = f"{source.url} 「{source.quote}」{dated}"
        attrs.append(attribute(FACT_SOURCE, value, link_id=link, entity="service_at_location"))
    if channel.toll_free is not None:
        attrs.append(
            attribute(TOLL_FREE, str(channel.toll_free).lower(), link_id=link, entity="service_at_location")
        )
    return attrs


def _channel_description(channel: Channel, via: Entry | None) -> str:
    """When the channel answers, in words; unconfirmed hours say to check the official page."""
    parts = [f"窓口: {via.name}。"] if via is not None else []
    if channel.hours.known or channel.type in {"web", "email"}:
        parts.append(f"受付: {hours_text(channel)}")
    else:
        parts.append(f"受付（未確認）: {hours_text(channel)} {CHECK_OFFICIAL}")
    if channel.note:
        parts.append(f" ※{channel.note}")
    return "".join(parts)


def channel_records(
    entry: Entry, channel: Channel, *, via: Entry | None
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """A channel as a service_at_location, and its phone or its mail contact if it has one."""
    service_id = uid("service", entry.id)
    link = uid("channel", entry.id, channel.type, channel.value)
    location_id = uid("location", entry.id, channel.type, channel.value)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical" if channel.type == "visit" else "virtual",
        "name": channel.value if channel.type == "visit" else channel.label,
        "languages": languages(spoken(channel), location_id=location_id),
    }
    if channel.type in {"web", "chat"}:
        location["url"] = channel.value
    place = {
        "id": link,
        "service_id": service_id,
        "location_id": location_id,
        "description": _channel_description(channel, via),
        "schedules": schedules(channel.hours, link=link, service_id=service_id),
        "location": location,
        "attributes": _channel_attributes(channel, link=link),
    }
    phone = contact = None
    if channel.type == "phone":
        phone_id = uid("phone", entry.id, channel.value)
        phone = {
            "id": phone_id,
            "service_id": service_id,
            "service_at_location_id": link,
            "number": channel.value,
            "type": "voice",
            "description": channel.label + (f"（窓口: {via.name}）" if via is not None else ""),
            "languages": languages(spoken(channel), phone_id=phone_id),
        }
    elif channel.type == "email":
        contact = {
            "id": uid("contact", entry.id, channel.value),
            "service_id": service_id,
            "service_at_location_id": link,
            "name": channel.label,
            "email": channel.value,
        }
    elif channel.type == "line":
        location["description"] = f"LINE: {channel.value}"
    return place, phone, contact
