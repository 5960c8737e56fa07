"""Ids and attributes of the export: a stable UUID for each of our objects, and the taxonomy
terms (provenance, hours, ids) whose values HSDS attributes carry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tokyo-women-support-finder:hsds")
TAXONOMY = "tokyo-women-support-finder"


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
