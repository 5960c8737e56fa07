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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.opendata.channels import channel_records, interpretation, languages, spoken
from bot.opendata.terms import KB_ID, Term, attribute, uid
from bot.present.labels import AUDIENCE_LABELS, KIND_LABELS
from bot.present.results import source_label

TOKYO = "東京都"
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
        "languages": languages(
            dict.fromkeys(code for c in channels for code in spoken(c)), service_id=service_id
        ),
        "interpretation_services": interpretation(channels),
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
