"""An ``Answer`` of the search shown as the API's response: results with their contacts now,
and the crisis card's message and numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.catalog.kb import KnowledgeBase
from bot.present.results import contact_out, first_phone, result_by_id
from bot.present.schemas import CrisisOut, SearchResponse
from bot.search.answer import Answer
from bot.search.crisis import CrisisFinding

CRISIS_TRANSLATIONS: tuple[Literal["tl", "vi", "zh", "ko"], ...] = ("tl", "vi", "zh", "ko")


def crisis_out(kb: KnowledgeBase, finding: CrisisFinding, *, at: datetime) -> CrisisOut:
    # In the finding's order: an overdose puts 119 before the listening lines.
    by_id = {k.id: k for k in kb.crisis.kinds}
    kinds = [by_id[k] for k in finding.kinds if k in by_id]
    seen: set[str] = set()
    contacts = []
    for kind in kinds:
        for entry_id in kind.contacts:
            entry = kb.get(entry_id)
            phone = first_phone(entry) if entry is not None else None
            if phone is None or phone.value in seen:
                continue
            seen.add(phone.value)
            contacts.append(contact_out(phone, at=at, via=entry))
    return CrisisOut(
        level=finding.level,
        kinds=finding.kinds,
        message="\n".join(k.message for k in kinds[:2]),
        message_en=" ".join(k.message_en for k in kinds[:2]),
        translations={
            lang: " ".join(k.translations[lang] for k in kinds[:2])
            for lang in CRISIS_TRANSLATIONS
            if all(lang in k.translations for k in kinds[:2])
        },
        contacts=tuple(contacts),
    )


def response_out(kb: KnowledgeBase, answer: Answer, *, at: datetime) -> SearchResponse:
    """The answer as ``GET /api/search`` returns it, with each contact's hours at ``at``."""
    results = [
        r for hit in answer.hits if (r := result_by_id(kb, hit.id, at=at, score=hit.score, why=hit.why))
    ]
    return SearchResponse(
        query=answer.query,
        crisis=crisis_out(kb, answer.crisis, at=at) if answer.crisis else None,
        results=tuple(results),
        kb_version=answer.kb_version,
        language=answer.language,
        declined=answer.declined,
        declined_reason=answer.declined_reason,
    )
