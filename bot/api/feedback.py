"""``POST /api/feedback``: 「役に立った」「情報がちがう」 from the worker page.

LINE votes arrive as postbacks (bot/line/conversation.py); both count through ``bot.feedback``.
A web visitor is known only by an HMAC of her address, for a day, so that one
person counts once per entry and vote and cannot stuff the counts.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.deps import KnowledgeDep, cast_vote
from bot.feedback import FeedbackIn, FeedbackOut

router = APIRouter(tags=["feedback"])


@router.post("/api/feedback", response_model=FeedbackOut)
def api_feedback(request: Request, vote: FeedbackIn, kb: KnowledgeDep) -> FeedbackOut:
    return cast_vote(request, vote, kb=kb)
