"""Typed, frozen models of the knowledge base's entries (HSDS-inspired): an entry, its channels
and hours, who it is for and the document rows it comes from. The words the search reads are in
``bot.catalog.lexicons``, the documents' own records in ``bot.catalog.records``.

Every model forbids unknown keys, so a misspelt field in a YAML file is an
error naming the file, the entry and the field, never a silently ignored key.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bot.catalog.backing import backing_problem, digits

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REF_PATTERN = re.compile(r"^(plan2025):([1-9][0-9]{0,2})$|^(budget2021):([a-z0-9-]+)$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=64)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^(?:[01][0-9]|2[0-4]):[0-5][0-9]$")]
MonthDay = Annotated[str, StringConstraints(pattern=r"^(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$")]

Kind = Literal["hotline", "consultation", "shelter", "facility", "program", "subsidy", "campaign", "policy"]
ChannelType = Literal["phone", "line", "chat", "email", "web", "visit"]
Status = Literal["active", "ended", "planned", "unknown"]
Area = Literal["都内全域", "区部", "多摩・島しょ", "全国", "区市町村"]
Confidence = Literal["verified", "partially"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "hol"]

PHONE_PATTERN = re.compile(r"^(?:#\d{4}|\d{2,5}(?:-\d{1,6}){0,2}|\d{3})$")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocRef(Frozen):
    """A row of a source document: ``plan2025:15`` or ``budget2021:line-dv``."""

    doc: Literal["plan2025", "budget2021"]
    item: str

    @property
    def ref(self) -> str:
        return f"{self.doc}:{self.item}"

    @classmethod
    def parse(cls, text: str) -> DocRef:
        match = REF_PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a document reference (plan2025:N or budget2021:SLUG)")
        doc = match.group(1) or match.group(3)
        item = match.group(2) or match.group(4)
        return cls(doc=doc, item=item)


def _parse_ref(value: object) -> object:
    if isinstance(value, str):
        return DocRef.parse(value)
    return value


class FactSource(Frozen):
    """The public page a contact fact was read from, with the words that state it."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    quote: NonEmpty
    page_date: str | None = None


class HoursRule(Frozen):
    days: tuple[Day, ...] = Field(min_length=1)
    opens: ClockTime
    # A closing time at or before the opening time means the next morning.
    closes: ClockTime


class Hours(Frozen):
    """When a channel answers, structured so that ``open_now`` can be computed.

    ``confirmed: false`` means the sources disagree or are old: the hours are
    shown with a request to check the official page and ``open_now`` is unknown.
    """

    always: bool = False
    rules: tuple[HoursRule, ...] = ()
    closed_on_holidays: bool = False
    closed_new_year: bool = False  # 12/29 - 1/3
    closed_dates: tuple[MonthDay, ...] = ()
    confirmed: bool = True
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Hours:
        if self.always and self.rules:
            raise ValueError("hours: 'always' and 'rules' cannot both be set")
        if self.always and (self.closed_on_holidays or self.closed_new_year):
            raise ValueError("hours: an always-open channel cannot close on holidays")
        return self

    @property
    def known(self) -> bool:
        return self.confirmed and (self.always or bool(self.rules))


class Channel(Frozen):
    """One way to reach a service: a phone line, a LINE account, a web form..."""

    type: ChannelType
    value: NonEmpty
    label: NonEmpty
    hours: Hours
    languages: tuple[str, ...] = ("ja",)
    # Of ``languages``, those taken only through an interpreter on the line (119's
    # interpreting centre): Open Referral counts them as interpretation, not as spoken.
    interpreted: tuple[str, ...] = ()
    toll_free: bool | None = None
    text_only: bool | None = None
    confidence: Confidence
    last_verified: date
    sources: tuple[FactSource, ...] = Field(min_length=1)
    note: str = ""

    @model_validator(mode="after")
    def _backed(self) -> Channel:
        if self.type == "phone" and not PHONE_PATTERN.match(self.value):
            raise ValueError(
                f"value: {self.value!r} is not a phone number "
                "(digits with hyphens, or a short code like #8008)"
            )
        if self.type in {"web", "chat"} and not re.match(r"^https?://", self.value):
            raise ValueError(f"value: {self.value!r} is not a web address")
        unbacked = backing_problem(self.type, self.value, self.sources)
        if unbacked:
            raise ValueError(f"value: {unbacked}")
        if stray := [code for code in self.interpreted if code not in self.languages]:
            raise ValueError(f"interpreted: {', '.join(stray)} not among the channel's languages")
        if (
            self.confidence == "partially"
            and self.hours.confirmed
            and (self.hours.rules or self.hours.always)
        ):
            raise ValueError(
                "hours.confirmed: a partially confirmed contact cannot have confirmed hours "
                "(set confirmed: false, so that 'open now' is not claimed from them)"
            )
        if self.confidence == "partially" and not self.note:
            raise ValueError(
                "note: a partially confirmed contact must say what to check "
                "(for example 時間・番号は公式ページで確認してください)"
            )
        return self

    @property
    def is_text_only(self) -> bool:
        if self.text_only is not None:
            return self.text_only
        return self.type in {"line", "chat", "email", "web"}

    @property
    def tel_uri(self) -> str | None:
        if self.type != "phone":
            return None
        return "tel:" + digits(self.value).replace("#", "%23")


AudienceTag = Literal[
    "women",
    "girls",  # under 18
    "young",  # roughly 15-39
    "pregnant",
    "single-parent",
    "with-children",
    "parents",
    "foreign-resident",
    "disability",
    "transgender",
    "men",
    "anyone",
    "employers",
    "support-workers",
    "residents",  # lives, works or studies in Tokyo
]


class Audience(Frozen):
    tags: tuple[AudienceTag, ...] = Field(min_length=1)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    note: str = ""


class Entry(Frozen):
    """One service: a window, hotline, shelter route, program or internal measure."""

    id: Slug
    name: NonEmpty
    # Plain English for cards shown in English; required when the entry is user-facing.
    name_en: NonEmpty | None = None
    alternate_names: tuple[NonEmpty, ...] = ()
    kind: Kind
    user_facing: bool
    topics: tuple[Slug, ...] = Field(min_length=1)
    audience: Audience
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=140)]
    summary_en: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=220)] | None
    ) = None
    description: str = ""
    eligibility: str = ""
    how_to_use: str = ""
    area: Area = "都内全域"
    # The wards, cities, towns and villages whose residents it serves (a municipal window).
    municipalities: tuple[NonEmpty, ...] = ()  # Tokyo's own names (knowledge/places.yaml)
    channels: tuple[Channel, ...] = ()
    confidential_location: bool = False
    front_door: Slug | None = None
    related: tuple[Slug, ...] = ()
    status: Status = "active"
    as_of: date
    last_verified: date | None = None
    sources: tuple[DocRef, ...] = ()
    official_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    notes: str = ""
    draft: bool = False
    # An emergency number (110, 119) comes first through crisis handling; in search
    # it appears only when the message names it.
    emergency_only: bool = False
    examples: tuple[NonEmpty, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _parse_sources(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("sources"), list):
            data = dict(data)
            data["sources"] = [_parse_ref(s) for s in data["sources"]]
        return data

    @model_validator(mode="after")
    def _rules(self) -> Entry:
        if self.user_facing and self.kind in {"policy", "campaign"}:
            raise ValueError(f"user_facing: a {self.kind} entry is shown to support workers only")
        if self.user_facing and self.status == "ended":
            raise ValueError(
                "status: an ended program is kept for support workers only (user_facing: false), "
                "never offered to a woman as current"
            )
        if self.user_facing and not self.how_to_use.strip():
            raise ValueError("how_to_use: a user-facing entry needs a concrete first step")
        if self.user_facing and self.name_en is None:
            raise ValueError("name_en: a user-facing entry needs an English name for cards in English")
        if self.user_facing and self.summary_en is None:
            raise ValueError("summary_en: a user-facing entry needs an English summary for cards in English")
        if self.confidential_location and self.front_door is None:
            raise ValueError("front_door: a confidential-location entry must name its front door")
        if self.confidential_location and any(c.type == "visit" for c in self.channels):
            raise ValueError("channels: a confidential-location entry cannot show a place to visit")
        if self.channels and self.last_verified is None:
            raise ValueError("last_verified: an entry with contacts needs the date they were checked")
        if not self.sources and not self.channels:
            raise ValueError("sources: an entry must cite document rows or carry sourced contacts")
        if self.front_door == self.id:
            raise ValueError("front_door: an entry cannot be its own front door")
        return self

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(s.ref for s in self.sources)
