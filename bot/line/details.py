"""The long forms: everything about one service as text, and the front door for an address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import DocRef, Entry
from bot.catalog.places import MUNICIPALITIES, municipality_in, region_of_municipality
from bot.catalog.wordlists import Region
from bot.line.copy import Lang, label
from bot.line.messages import MAX_TEXT, clip
from bot.present.results import contacts_for

# The 23 special wards (区部); the rest of Tokyo is 多摩・島しょ.
WARDS = [m for m in MUNICIPALITIES if region_of_municipality(m) == "区部"]


def region_of(address: str) -> Region:
    address = address.replace(" ", "").replace("　", "")
    if not address:
        return "unknown"
    tokyo = "東京都" in address or "Tokyo" in address
    stripped = address.split("東京都", 1)[-1]
    if any(stripped.startswith(ward) or f"東京都{ward}" in address for ward in WARDS):
        return "ku"
    if tokyo:
        return "tama"
    if any(pref in address for pref in ("県", "府", "北海道")):
        return "other"
    return "unknown"


def place_in_text(text: str) -> tuple[Region, str | None]:
    """Where what she wrote places her: the region (23 wards or Tama; 多摩 alone is Tama) and
    the ward or city she named, if any."""
    name = municipality_in(text)
    if name is not None:
        return ("ku" if name.endswith("区") else "tama"), name
    return ("tama" if "多摩" in text else "unknown"), None


def detail_text(
    kb: KnowledgeBase,
    entry: Entry,
    *,
    at: datetime,
    lang: Lang,
    source: Callable[[KnowledgeBase, DocRef], str],
) -> str:
    lines = [f"【{entry.name}】", entry.summary]
    if entry.how_to_use:
        lines += ["", "はじめの一歩: " + entry.how_to_use.strip()]
    if entry.eligibility:
        lines += ["", "対象: " + entry.eligibility.strip()]
    if entry.confidential_location:
        lines += ["", "場所は安全のため公開されていません。下の窓口を通して利用します。"]
    contacts = contacts_for(kb, entry, at=at)
    if contacts:
        lines.append("")
        if contacts[0].via:
            lines.append(f"連絡先（{contacts[0].via}）:")
        for c in contacts:
            mark = (
                label("open_now", lang)
                if c.open_now
                else label("closed_now", lang)
                if c.open_now is False
                else label("unconfirmed", lang)
            )
            english = f"（{label('english', lang)}）" if "en" in c.languages else ""
            lines.append(f"・{c.value}{english} {c.label}")
            lines.append(f"  {c.hours} [{mark}] {label('checked', lang)} {c.last_verified.isoformat()}")
            if c.note:
                lines.append(f"  ※{c.note}")
    if entry.official_url:
        lines += ["", f"公式ページ: {entry.official_url}"]
    if entry.sources:
        lines += ["", f"{label('source', lang)}: " + "／".join(source(kb, ref) for ref in entry.sources)]
    if entry.last_verified:
        lines.append(f"{label('checked', lang)}: {entry.last_verified.isoformat()}")
    return clip("\n".join(lines), MAX_TEXT)
