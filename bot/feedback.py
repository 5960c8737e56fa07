"""「役に立った」「情報がちがう」: counts per entry, with no person in them.

A vote is one increment of a counter field ``<entry id>|<vote>`` in the state
store; "wrong" may be followed by what was wrong (``wrong:phone`` ...). The same
person (an HMAC of her LINE id, or of a web visitor's address) counts once per
entry and vote a day; that claim expires after the day and is all that is kept
of her. Operators read the counts with ``python -m bot kb feedback``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot import metrics
from bot.catalog.kb import KnowledgeBase
from bot.state.store import StateStore, rate_key

COUNTER = "feedback"
VOTE_TTL_SECONDS = 24 * 3600
Vote = Literal["helpful", "wrong"]
VOTES: tuple[Vote, ...] = ("helpful", "wrong")
REASONS = ("phone", "hours", "content", "other")
REASON_LABELS = {"phone": "電話番号・連絡先", "hours": "受付日時", "content": "内容・対象", "other": "その他"}
Channel = Literal["line", "web"]
VOTES_PER_HOUR = 60  # per web visitor address


class FeedbackIn(BaseModel):
    """A vote from the web: the page's button (``POST /api/feedback``) or its form."""

    model_config = ConfigDict(extra="forbid")

    entry_id: str = Field(min_length=1, max_length=100)
    vote: Vote
    reason: Literal["phone", "hours", "content", "other"] | None = None


class FeedbackOut(BaseModel):
    entry_id: str
    counted: bool  # false when the same visitor already said so today


class VoteRefused(Exception):
    """A web vote that is not counted: no such entry (404), a reason without "wrong" (422), or
    too many votes from one address (429). The edge maps ``status`` to the HTTP answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def cast(store: StateStore, kb: KnowledgeBase, *, vote: FeedbackIn, voter: str) -> FeedbackOut:
    """Check and count one web vote; raises ``VoteRefused``."""
    if kb.get(vote.entry_id) is None:
        raise VoteRefused(404, f"no service with id {vote.entry_id!r}")
    if vote.reason is not None and vote.vote != "wrong":
        raise VoteRefused(422, "a reason goes with the vote 'wrong' only")
    if store.hit(rate_key(voter), 3600) > VOTES_PER_HOUR:
        raise VoteRefused(429, "too many votes from here; try again in an hour")
    counted = record(
        store, entry_id=vote.entry_id, vote=vote.vote, reason=vote.reason, voter=voter, channel="web"
    )
    return FeedbackOut(entry_id=vote.entry_id, counted=counted)


def valid(entry_id: str, vote: str, reason: str | None, kb: KnowledgeBase) -> bool:
    return (
        kb.get(entry_id) is not None
        and vote in VOTES
        and (reason is None or (vote == "wrong" and reason in REASONS))
    )


def record(
    store: StateStore,
    *,
    entry_id: str,
    vote: Vote,
    voter: str,
    channel: Channel,
    reason: str | None = None,
) -> bool:
    """Count a vote once per voter, entry and vote a day; True when it was counted."""
    what = f"{vote}:{reason}" if reason else vote
    if not store.claim(f"vote:{voter}:{entry_id}:{what}", VOTE_TTL_SECONDS):
        return False
    store.incr(COUNTER, f"{entry_id}|{what}")
    metrics.FEEDBACK.labels("reason" if reason else vote, channel).inc()
    return True


def claim_keys(voter: str, kb: KnowledgeBase) -> list[str]:
    """Every claim a voter could hold: what 「データを消す」 erases."""
    whats = [*VOTES, *(f"wrong:{r}" for r in REASONS)]
    return [f"vote:{voter}:{e.id}:{what}" for e in kb for what in whats]


def forget(store: StateStore, voter: str, kb: KnowledgeBase) -> None:
    """Erase her vote claims; the counts stay, they name no one."""
    store.delete(*claim_keys(voter, kb))


@dataclass
class EntryFeedback:
    entry_id: str
    name: str
    helpful: int = 0
    wrong: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    last_verified: str = ""
    check_url: str = ""  # where the contact's facts are re-checked

    @property
    def known(self) -> bool:
        return bool(self.name)


def summary(counts: dict[str, int], kb: KnowledgeBase) -> list[EntryFeedback]:
    """Counts by entry, most "wrong" first; entries no longer in the base are kept, unnamed."""
    rows: dict[str, EntryFeedback] = {}
    for key, count in counts.items():
        entry_id, _, what = key.partition("|")
        row = rows.get(entry_id)
        if row is None:
            row = rows[entry_id] = _row(entry_id, kb)
        if what == "helpful":
            row.helpful += count
        elif what == "wrong":
            row.wrong += count
        elif what.startswith("wrong:"):
            reason = what.partition(":")[2]
            row.reasons[reason] = row.reasons.get(reason, 0) + count
    return sorted(rows.values(), key=lambda r: (-r.wrong, -sum(r.reasons.values()), -r.helpful, r.entry_id))


def _row(entry_id: str, kb: KnowledgeBase) -> EntryFeedback:
    entry = kb.get(entry_id)
    if entry is None:
        return EntryFeedback(entry_id=entry_id, name="")
    urls = [source.url for channel in entry.channels for source in channel.sources]
    checked = [c.last_verified for c in entry.channels] + (
        [entry.last_verified] if entry.last_verified else []
    )
    return EntryFeedback(
        entry_id=entry_id,
        name=entry.name,
        last_verified=str(min(checked)) if checked else "",
        check_url=entry.official_url or (urls[0] if urls else ""),
    )
