"""The user-facing base as Open Referral HSDS 3.0 service objects.

Every service carries what a reuser needs to trust it: its phones with the channel's weekly
schedule, the date its contacts were checked (``assured_date``), the public page and quoted line
behind each contact, and the rows of the source documents it comes from (as attributes).

Choices where HSDS has no field of its own:

- A channel (a phone line, a LINE account, a chat, a place) is a ``service_at_location`` with a
  virtual location (a physical one only for a place to visit); its schedules hang there, and its
  phone points at it through ``service_at_location_id``. HSDS phones have no schedule of their own.
- Japanese public holidays, the New Year closing and closed dates have no iCalendar field here:
  they are written in the schedule's ``notes`` and as attributes (``jp-public-holidays``,
  ``closed-dates``) that a program can read back.
- Hours that are not confirmed are never a schedule: the channel's description says them with a
  request to check the official page.
- A shelter whose location is confidential exports its front door's contacts only.
- The organization is the Tokyo bureau that the cited plan row names (所管局), under 東京都;
  a service cited only in the budget summary belongs to 東京都; a service that no document row
  cites (national lines) has no organization, because our sources do not name one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.catalog.hours import WEEKDAYS
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, Entry, Hours, HoursRule
from bot.present.hours import describe
from bot.present.results import hours_text, source_label
from bot.web.labels import AUDIENCE_LABELS, KIND_LABELS

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tokyo-women-support-finder:hsds")
TAXONOMY = "tokyo-women-support-finder"
TOKYO = "東京都"
UTC_OFFSET = "+09:00"
HSDS_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
STATUS = {"active": "active", "ended": "defunct", "planned": "inactive", "unknown": "active"}
STATUS_ALERT = {
    "planned": "計画中の事業です（まだ始まっていません）。",
    "unknown": "実施状況は出典資料で確認できていません。公式ページで確認してください。",
    "ended": "終了した事業です。",
}
AREAS = {
    "都内全域": "東京都全域",
    "区部": "東京都区部（23区）",
    "多摩・島しょ": "東京都多摩地域・島しょ",
    "全国": "日本全国",
    "区市町村": "東京都の区市町村（お住まいの区市町村の窓口）",
}
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


def uid(*parts: str) -> str:
    """A stable UUID for one of our objects: the same ids give the same UUID in every export."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


@dataclass(frozen=True)
class Term:
    """A taxonomy term of ours: what an attribute's value means."""

    code: str
    name: str
    description: str
    vocabulary: str

    def as_hsds(self) -> dict[str, Any]:
        return {
            "id": uid("term", self.vocabulary, self.code),
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "taxonomy": f"{TAXONOMY}:{self.vocabulary}",
            "language": "ja",
        }


FACT_SOURCE = Term(
    "fact-source", "出典ページ", "連絡先を載せている公開ページのURLと、その記述の引用", "provenance"
)
CONFIDENCE = Term(
    "confidence", "確認の程度", "verified（出典で確認）または partially（一部確認・要確認）", "provenance"
)
LAST_VERIFIED = Term("last-verified", "最終確認日", "連絡先を出典で最後に確認した日", "provenance")
HOLIDAYS = Term(
    "jp-public-holidays",
    "祝日",
    "日本の祝日の扱い: closed（休み）、open（受付）、unstated（出典に記載なし）",
    "hours",
)
CLOSED_DATES = Term("closed-dates", "休みの日", "毎年休みになる日（MM-DD、カンマ区切り）", "hours")
KB_ID = Term("kb-id", "ID", "このデータでのサービスのID（支援者用ページの /services/ID）", "ids")
TOLL_FREE = Term("toll-free", "通話料", "true なら通話料無料", "provenance")


def attribute(term: Term, value: str, *, link_id: str, entity: str) -> dict[str, Any]:
    return {
        "id": uid("attribute", link_id, term.vocabulary, term.code, value),
        "link_id": link_id,
        "link_type": term.vocabulary,
        "link_entity": entity,
        "taxonomy_term_id": uid("term", term.vocabulary, term.code),
        "value": value,
        "taxonomy_term": term.as_hsds(),
    }


@dataclass(frozen=True)
class Organization:
    key: str
    name: str
    description: str
    parent: str | None = None

    @property
    def id(self) -> str:
        return uid("organization", self.key)

    def as_hsds(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "description": self.description}
        if self.parent is not None:
            data["parent_organization_id"] = uid("organization", self.parent)
        return data


def _tokyo(kb: KnowledgeBase) -> Organization:
    return Organization(
        TOKYO,
        TOKYO,
        f"東京都。出典資料: {kb.plan.title}（{kb.plan.as_of.isoformat()}時点）、{kb.budget.title}。",
    )


def _bureaus(kb: KnowledgeBase, entry: Entry) -> list[str]:
    """The bureaus the entry's plan rows name, in citation order (a joint row names several)."""
    names: list[str] = []
    for ref in entry.sources:
        measure = kb.measure(int(ref.item)) if ref.doc == "plan2025" else None
        for name in measure.bureau.split() if measure else []:
            if name not in names:
                names.append(name)
    return names


def organization_of(kb: KnowledgeBase, entry: Entry) -> Organization | None:
    bureaus = _bureaus(kb, entry)
    if bureaus:
        return Organization(
            f"{TOKYO}/{bureaus[0]}",
            f"{TOKYO} {bureaus[0]}",
            f"{kb.plan.title}で所管局として記載されている東京都の局。",
            parent=TOKYO,
        )
    if entry.sources:
        return _tokyo(kb)
    return None


def organizations(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every organization a service points to, and 東京都 above the bureaus."""
    found: dict[str, Organization] = {}
    for entry in exported_entries(kb):
        org = organization_of(kb, entry)
        if org is not None:
            found.setdefault(org.key, org)
            if org.parent is not None:
                found.setdefault(TOKYO, _tokyo(kb))
    return [found[key].as_hsds() for key in sorted(found)]


def exported_entries(kb: KnowledgeBase) -> Iterator[Entry]:
    """What the open data carries: the published user-facing entries."""
    return (e for e in kb.entries if e.user_facing and not e.draft)


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


def _languages(codes: Iterable[str], **link: str) -> list[dict[str, Any]]:
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
        "languages": _languages(channel.languages, location_id=location_id),
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
            "languages": _languages(channel.languages, phone_id=phone_id),
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


def _entry_attributes(kb: KnowledgeBase, entry: Entry, service_id: str) -> list[dict[str, Any]]:
    attrs = [attribute(KB_ID, entry.id, link_id=service_id, entity="service")]
    for ref in entry.sources:
        measure = kb.measure(int(ref.item)) if ref.doc == "plan2025" else None
        program = kb.program(ref.item) if ref.doc == "budget2021" else None
        text = measure.content if measure else (program.description if program else ref.ref)
        term = Term(ref.ref, source_label(kb, ref), text, "document-rows")
        attrs.append(attribute(term, ref.ref, link_id=service_id, entity="service"))
    for topic in kb.taxonomy.topics:
        if topic.id in entry.topics:
            term = Term(topic.id, topic.label, topic.description or topic.label_en, "topics")
            attrs.append(attribute(term, topic.id, link_id=service_id, entity="service"))
    for tag in entry.audience.tags:
        term = Term(
            tag, AUDIENCE_LABELS.get(tag, tag), "対象となる人（出典資料と窓口の案内による）", "audience"
        )
        attrs.append(attribute(term, tag, link_id=service_id, entity="service"))
    kind = Term(entry.kind, KIND_LABELS.get(entry.kind, entry.kind), "サービスの種類", "kinds")
    attrs.append(attribute(kind, entry.kind, link_id=service_id, entity="service"))
    return attrs


def service(kb: KnowledgeBase, entry: Entry) -> dict[str, Any]:
    """One entry as an HSDS 3.0 ``service`` with everything nested in it."""
    service_id = uid("service", entry.id)
    holder = kb.contact_entry(entry)
    via = None if holder is None or holder is entry else holder
    channels = [
        c
        for c in (holder.channels if holder else ())
        if not (entry.confidential_location and c.type == "visit")
    ]
    places, phones, contacts = [], [], []
    for channel in channels:
        place, phone, contact = channel_records(entry, channel, via=via)
        places.append(place)
        if phone is not None:
            phones.append(phone)
        if contact is not None:
            contacts.append(contact)
    alerts = [STATUS_ALERT[entry.status]] if entry.status in STATUS_ALERT else []
    if any(c.confidence == "partially" for c in channels):
        alerts.append("一部の連絡先・受付時間は確認が不十分です。公式ページで確認してください。")
    data: dict[str, Any] = {
        "id": service_id,
        "name": entry.name,
        "alternate_name": "、".join(entry.alternate_names),
        "description": entry.description.strip() or entry.summary,
        "status": STATUS[entry.status],
        "application_process": entry.how_to_use.strip()
        + (f" 窓口: {via.name}" if via is not None and entry.confidential_location else ""),
        "eligibility_description": entry.eligibility or entry.audience.note,
        "phones": phones,
        "contacts": contacts,
        "service_at_locations": places,
        "service_areas": [
            {"id": uid("service_area", entry.id), "service_id": service_id, "name": AREAS[entry.area]}
        ],
        "languages": _languages(
            dict.fromkeys(code for c in channels for code in c.languages), service_id=service_id
        ),
        "attributes": _entry_attributes(kb, entry, service_id),
    }
    if entry.official_url:
        data["url"] = entry.official_url
    if entry.audience.age_min is not None:
        data["minimum_age"] = entry.audience.age_min
    if entry.audience.age_max is not None:
        data["maximum_age"] = entry.audience.age_max
    if entry.last_verified is not None:
        data["assured_date"] = entry.last_verified.isoformat()
    if alerts:
        data["alert"] = " ".join(alerts)
    org = organization_of(kb, entry)
    if org is not None:
        data["organization_id"] = org.id
        data["organization"] = org.as_hsds()
    return {key: value for key, value in data.items() if value != ""}


def services(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [service(kb, e) for e in exported_entries(kb)]
