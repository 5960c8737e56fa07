"""Plain-text rendering: a search answer for the command line, a referral sheet to paste."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.present.schemas import ContactOut, SearchResponse

if TYPE_CHECKING:
    from bot.web.views import ReferralSheet


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


def _sheet_contact(contact: ContactOut) -> list[str]:
    """A contact on a sheet she keeps: no open-now mark, which would be stale by tomorrow."""
    via = f"（{contact.via}）" if contact.via else ""
    lines = [f"・{contact.label}{via}: {contact.value}", f"  受付: {contact.hours}"]
    if contact.note:
        lines.append(f"  ※{contact.note}")
    lines.append(f"  最終確認 {contact.last_verified.isoformat()}")
    return lines


def render_referral_text(sheet: ReferralSheet) -> str:
    """The referral sheet as plain text, to paste into LINE or an e-mail."""
    out = ["【相談先のご案内】", ""]
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
            out.append("連絡先: 本人が直接連絡する窓口はありません（都の施策です）。")
        if item.official_url:
            out.append(f"公式ページ: {item.official_url}")
        out.append(f"出典: {'、'.join(item.sources) or '公的機関の公開情報'}")
        if item.last_verified:
            out.append(f"最終確認: {item.last_verified.isoformat()}")
        out.append("")
    if sheet.emergency:
        calls = "、".join(f"{c.via} {c.value}" for c in sheet.emergency)
        out.append(f"いま危険があるとき: {calls}")
    printed = sheet.printed
    out.append(f"作成日: {printed.year}年{printed.month}月{printed.day}日")
    out.append("受付時間や番号は変わることがあります。つながらないときは公式ページで確認してください。")
    return "\n".join(out) + "\n"
