"""Counts for operators: entries by kind and topic, document coverage, unverified facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.catalog.kb import KnowledgeBase


@dataclass(frozen=True)
class Coverage:
    doc: str
    rows: int
    cited: int  # by published entries
    drafts_only: tuple[str, ...]  # rows cited only by drafts
    uncited: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    entries: int
    published: int
    drafts: int
    user_facing: int
    by_kind: dict[str, int]
    by_topic: dict[str, int]  # topic label: entries
    by_status: dict[str, int]
    coverage: tuple[Coverage, ...]
    contacts: int
    contacts_by_confidence: dict[str, int]
    hours_unconfirmed: int
    entries_reached_through_another: int  # no contacts of their own
    without_examples: int
    examples: int


def _coverage(doc: str, rows: list[str], kb: KnowledgeBase) -> Coverage:
    published = {ref for e in kb if not e.draft for ref in e.refs}
    drafted = {ref for e in kb if e.draft for ref in e.refs}
    return Coverage(
        doc=doc,
        rows=len(rows),
        cited=sum(1 for r in rows if r in published),
        drafts_only=tuple(r for r in rows if r in drafted and r not in published),
        uncited=tuple(r for r in rows if r not in published and r not in drafted),
    )


def compute_stats(kb: KnowledgeBase) -> Stats:
    """``kb`` should be loaded with its drafts, so that they are counted apart."""
    entries = list(kb)
    published = [e for e in entries if not e.draft]
    channels = [c for e in published for c in e.channels]
    topics = Counter(kb.topic_label(t) for e in published for t in e.topics)
    return Stats(
        entries=len(entries),
        published=len(published),
        drafts=len(entries) - len(published),
        user_facing=sum(1 for e in published if e.user_facing),
        by_kind=dict(Counter(e.kind for e in published).most_common()),
        by_topic=dict(topics.most_common()),
        by_status=dict(Counter(e.status for e in published).most_common()),
        coverage=(
            _coverage("plan2025", [f"plan2025:{m.no}" for m in kb.plan.measures], kb),
            _coverage("budget2021", [f"budget2021:{p.slug}" for p in kb.budget.programs], kb),
        ),
        contacts=len(channels),
        contacts_by_confidence=dict(Counter(c.confidence for c in channels).most_common()),
        hours_unconfirmed=sum(1 for c in channels if not c.hours.confirmed),
        entries_reached_through_another=sum(1 for e in published if not e.channels),
        without_examples=sum(1 for e in published if not e.examples),
        examples=sum(len(e.examples) for e in published),
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def render_stats(stats: Stats, *, version: str) -> list[str]:
    lines = [
        f"knowledge base {version}: {stats.published} entries published "
        f"({stats.user_facing} user-facing, {stats.published - stats.user_facing} for workers only), "
        f"{stats.drafts} draft(s)",
        f"by kind: {_counts(stats.by_kind)}",
        f"by status: {_counts(stats.by_status)}",
        "by topic:",
        *(f"    {label}: {n}" for label, n in stats.by_topic.items()),
        "document rows cited by published entries:",
    ]
    for cov in stats.coverage:
        line = f"    {cov.doc}: {cov.cited}/{cov.rows}"
        if cov.drafts_only:
            line += f"; only by drafts: {', '.join(cov.drafts_only)}"
        if cov.uncited:
            line += f"; not cited: {', '.join(cov.uncited)}"
        lines.append(line)
    lines += [
        f"contacts: {stats.contacts} ({_counts(stats.contacts_by_confidence)}), "
        f"hours unconfirmed {stats.hours_unconfirmed}",
        f"entries without contacts of their own (reached through another): "
        f"{stats.entries_reached_through_another}",
        f"examples: {stats.examples}; entries without examples: {stats.without_examples}",
    ]
    return lines
