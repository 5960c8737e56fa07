"""Run every entry's example messages through the search: ``kb check``.

An example finds its entry when the entry is among the first results of the
search its audience uses (public for user-facing entries, worker for the
others), or when the crisis block, which comes before the results, lists one
of the entry's contacts (110 and 119 appear only there).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog.hours import now_tokyo
from bot.present.answers import crisis_out
from bot.search.service import Audience, SearchService

TOP = 3


@dataclass(frozen=True)
class ExampleOutcome:
    entry_id: str
    example: str
    audience: Audience
    rank: int | None  # 1-based position among the results; None when not found there
    in_crisis: bool
    got: tuple[str, ...]  # the ids that were returned, best first

    @property
    def found(self) -> bool:
        return self.in_crisis or (self.rank is not None and self.rank <= TOP)


def check_examples(service: SearchService, *, top: int = TOP) -> list[ExampleOutcome]:
    outcomes: list[ExampleOutcome] = []
    for entry in service.kb:
        audience: Audience = "public" if entry.user_facing else "worker"
        for example in entry.examples:
            answer = service.search(example, limit=top, audience=audience)
            got = answer.ids
            crisis = crisis_out(service.kb, answer.crisis, at=now_tokyo()).contacts if answer.crisis else ()
            outcomes.append(
                ExampleOutcome(
                    entry_id=entry.id,
                    example=example,
                    audience=audience,
                    rank=got.index(entry.id) + 1 if entry.id in got else None,
                    in_crisis=any(c.via == entry.name for c in crisis),
                    got=got,
                )
            )
    return outcomes


def render_check(outcomes: list[ExampleOutcome], *, version: str) -> list[str]:
    missed = [o for o in outcomes if not o.found]
    entries = {o.entry_id for o in outcomes}
    lines = [
        f"{o.entry_id} [{o.audience}]: 「{o.example}」 not in the top {TOP}; "
        f"got: {', '.join(o.got) or '(nothing)'}"
        for o in missed
    ]
    found = len(outcomes) - len(missed)
    lines.append(
        f"kb check {version}: {found}/{len(outcomes)} examples of {len(entries)} entries "
        f"find their entry in the top {TOP}" + (f"; {len(missed)} do not" if missed else "")
    )
    return lines
