"""``POST /api/feedback``: 「役に立った」「情報がちがう」 from the worker page.

LINE votes arrive as postbacks (bot/line/conversation.py); both count through ``bot.feedback``.
A web visitor is known only by an HMAC of her address, for a day, so that one
person counts once per entry and vote and cannot stuff the counts.
"""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from bot import feedback
from bot.search.service import SearchService
from bot.state.store import StateStore, hashed_key, rate_key

log = logging.getLogger(__name__)
router = APIRouter(tags=["feedback"])
VOTES_PER_HOUR = 60  # per visitor address


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entry_id: str = Field(min_length=1, max_length=100)
    vote: Literal["helpful", "wrong"]
    reason: Literal["phone", "hours", "content", "other"] | None = None


class FeedbackOut(BaseModel):
    entry_id: str
    counted: bool  # false when the same visitor already said so today


def cast_vote(request: Request, vote: FeedbackIn) -> FeedbackOut:
    """Check and count one vote from the web; raises 404, 422 or 429 as ``HTTPException``."""
    search: SearchService = request.app.state.search
    store: StateStore = request.app.state.store
    if search.kb.get(vote.entry_id) is None:
        raise HTTPException(status_code=404, detail=f"no service with id {vote.entry_id!r}")
    if vote.reason is not None and vote.vote != "wrong":
        raise HTTPException(status_code=422, detail="a reason goes with the vote 'wrong' only")
    address = request.client.host if request.client else "-"
    voter = hashed_key(request.app.state.state_secret, "web", address)
    if store.hit(rate_key(voter), 3600) > VOTES_PER_HOUR:
        raise HTTPException(status_code=429, detail="too many votes from here; try again in an hour")
    counted = feedback.record(
        store, entry_id=vote.entry_id, vote=vote.vote, reason=vote.reason, voter=voter, channel="web"
    )
    return FeedbackOut(entry_id=vote.entry_id, counted=counted)


@router.post("/api/feedback", response_model=FeedbackOut)
def api_feedback(request: Request, vote: FeedbackIn) -> FeedbackOut:
    return cast_vote(request, vote)
