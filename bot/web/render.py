"""Plain-text rendering: a search answer for the command line, a referral sheet to paste."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.present.schemas import ContactOut, SearchResponse

if TYPE_CHECKING:
    from bot.web.views import ReferralSheet, SheetContact


def _contact_line(contact: ContactOut) -> str:
    mark = {True: "受付中", False: "時間外", None: "受付時間を確認"}[contact.open_now]
    via = f"（{contact.via}）" if contact.via else ""
    line = f"    {contact.label}{via}: {contact.value}  [{contact.hours}] {mark}"
    if contact.note:
        line += f"\n      ※{contact.note}"
    return line + f"\n      最終確認 {contact.last_verified.isoformat()}"


def render_search_text(response: SearchResponse) -> str:
    out: list[str] = []
    if response.crisis:
        out.append("【いま危ないときは】")
        out.append(response.crisis.message)
        out.extend(_contact_line(c) for c in response.crisis.contacts)
        out.append("")
    if not response.results:
        out.append("合う窓口が見つかりませんでした。女性相談支援センターでは、どんな悩みでも相談できます。")
    for rank, result in enumerate(response.results, 1):
        out.append(f"{rank}. {result.name}  ({result.kind}, score {result.score})")
        out.append(f"   {result.summary}")
        if result.how_to_use:
            out.append(f"   はじめの一歩: {result.how_to_use}")
        out.extend(_contact_line(c) for c in result.contacts)
        out.append(f"   出典: {', '.join(s.label for s in result.sources) or '公的機関の公開情報'}")
        out.append(f"   理由: {result.why}")
    out.append(f"(knowledge base {response.kb_version})")
    return "\n".join(out) + "\n"


def jdate(day: date) -> str:
    """The one date format of the page and the sheet: 2026年12月7日."""
    return f"{day.year}年{day.month}月{day.day}日"


CHECK_HOURS = "受付時間は公式ページで確認してください"


def _sheet_contact(contact: SheetContact) -> list[str]:
    via = f"（{contact.via}）" if contact.via else ""
    if contact.same_as is not None:
        return [f"・{contact.label}{via}: {contact.value}（{contact.same_as}. と同じ連絡先）"]
    by = "、通訳を介して" if contact.interpreted else ""
    languages = f"（{'・'.join(contact.languages)}も可{by}）" if contact.languages else ""
    hours = f"{contact.hours}（{CHECK_HOURS}）" if contact.check_hours else contact.hours
    lines = [f"・{contact.label}{via}: {contact.value}{languages}", f"  受付: {hours}"]
    if contact.note:
        lines.append(f"  ※{contact.note}")
    lines.append(f"  （{jdate(contact.last_verified)}に確認）")
    return lines


def emergency_call(contact: ContactOut) -> str:
    """「警察 110番（緊急通報）」: the line's name, with its number if the name lacks it."""
    name = contact.via or contact.label
    return name if contact.value in name else f"{name} {contact.value}"


def render_referral_text(sheet: ReferralSheet) -> str:
    """The referral sheet as plain text, to paste into LINE or an e-mail: plain words, the
    emergency numbers first, each contact once."""
    out = ["【相談先のご案内】"]
    if sheet.emergency:
        calls = "、".join(emergency_call(c) for c in sheet.emergency)
        out.append(f"いま危険があるとき: {calls}")
    out.append("")
    for number, item in enumerate(sheet.items, 1):
        out.append(f"{number}. {item.name}")
        out.append(item.summary)
        if item.how_to_use:
            out.append(f"はじめの一歩: {item.how_to_use}")
        if item.front_door:
            out.append(f"窓口: {item.front_door}を通して利用します（場所は公開されていません）。")
        for contact in item.contacts:
            out.extend(_sheet_contact(contact))
        if not item.contacts:
            out.append("連絡先: 直接の連絡先はありません。公式ページを見てください。")
        if item.official_url:
            out.append(f"公式ページ: {item.official_url}")
        out.append(f"出典: {'、'.join(item.sources) or '公的機関の公開情報'}")
        out.append("")
    out.append(f"作成日: {jdate(sheet.printed)}")
    out.append("受付時間や番号は変わることがあります。つながらないときは公式ページで確認してください。")
    return "\n".join(out) + "\n"
