"""Plain-text rendering of a search answer, for the command line."""

from __future__ import annotations

from bot.api.schemas import ContactOut, SearchResponse


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
