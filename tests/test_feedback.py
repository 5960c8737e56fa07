"""「役に立った」「情報がちがう」: from LINE postbacks and the worker page to `kb feedback`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from fastapi.testclient import TestClient

from bot import feedback
from bot.app import create_app
from bot.catalog.hours import now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT
from bot.line import cards
from bot.line import messages as m
from bot.line.conversation import Conversation
from bot.line.events import Incoming
from bot.present.results import result_by_id
from bot.search.service import SearchService
from bot.settings import Settings
from bot.state.store import MemoryStore, hashed_key, read_counters

ENTRY = "josei-sodan-center"
USER_KEY = hashed_key(b"secret", "user", "U0123456789abcdef0123456789abcdef")


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def web(state_dir: Path) -> Iterator[TestClient]:
    settings = Settings(knowledge_dir=DEFAULT_ROOT, state_dir=state_dir, web_rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as client:
        yield client


def _counts(state_dir: Path) -> dict[str, int]:
    return read_counters(state_dir / "counters.json").get(feedback.COUNTER, {})


# --- the counting -------------------------------------------------------------------------------
def test_a_vote_counts_once_per_voter_entry_and_vote(kb: KnowledgeBase) -> None:
    store = MemoryStore()
    assert feedback.record(store, entry_id=ENTRY, vote="helpful", voter="user:a", channel="line")
    assert not feedback.record(store, entry_id=ENTRY, vote="helpful", voter="user:a", channel="line")
    assert feedback.record(store, entry_id=ENTRY, vote="wrong", voter="user:a", channel="line")
    assert feedback.record(store, entry_id=ENTRY, vote="helpful", voter="user:b", channel="web")
    assert feedback.record(
        store, entry_id=ENTRY, vote="wrong", reason="hours", voter="user:a", channel="line"
    )
    assert store.counters(feedback.COUNTER) == {
        f"{ENTRY}|helpful": 2,
        f"{ENTRY}|wrong": 1,
        f"{ENTRY}|wrong:hours": 1,
    }


def test_the_summary_puts_the_most_wrong_first_and_names_where_to_check(kb: KnowledgeBase) -> None:
    counts = {f"{ENTRY}|helpful": 5, "gone-entry|wrong": 1, f"{ENTRY}|wrong": 2, f"{ENTRY}|wrong:phone": 2}
    rows = feedback.summary(counts, kb)
    assert [r.entry_id for r in rows] == [ENTRY, "gone-entry"]
    first = rows[0]
    assert (first.helpful, first.wrong, first.reasons) == (5, 2, {"phone": 2})
    assert first.name and first.last_verified and first.check_url.startswith("http")
    assert not rows[1].known


def test_only_known_entries_votes_and_reasons_are_valid(kb: KnowledgeBase) -> None:
    assert feedback.valid(ENTRY, "wrong", "phone", kb)
    assert not feedback.valid("no-such-entry", "helpful", None, kb)
    assert not feedback.valid(ENTRY, "maybe", None, kb)
    assert not feedback.valid(ENTRY, "helpful", "phone", kb)
    assert not feedback.valid(ENTRY, "wrong", "anything", kb)


# --- LINE ---------------------------------------------------------------------------------------
def _postback(conversation: Conversation, data: str) -> list[m.Message]:
    reply = conversation.respond(Incoming(kind="postback", state_key=USER_KEY, data=data))
    assert m.problems(reply.messages) == []
    return reply.messages


def test_every_card_offers_both_votes(search: SearchService) -> None:
    result = result_by_id(search.kb, ENTRY)
    assert result is not None
    bubble = json.dumps(cards.service_bubble(result, "ja", now_tokyo()), ensure_ascii=False)
    assert f"a=fb&id={ENTRY}&v=helpful" in bubble and "役に立った" in bubble
    assert f"a=fb&id={ENTRY}&v=wrong" in bubble and "情報がちがう" in bubble


def test_line_votes_are_counted_and_wrong_asks_what_was_wrong(search: SearchService) -> None:
    store = MemoryStore()
    conversation = Conversation(search, store)
    assert "ありがとう" in _postback(conversation, f"a=fb&id={ENTRY}&v=helpful")[0]["text"]
    assert "もう受け取って" in _postback(conversation, f"a=fb&id={ENTRY}&v=helpful")[0]["text"]

    asked = _postback(conversation, f"a=fb&id={ENTRY}&v=wrong")[0]
    choices = [item["action"] for item in asked["quickReply"]["items"]]
    assert [parse_qs(c["data"])["r"][0] for c in choices] == list(feedback.REASONS)
    thanks = _postback(conversation, choices[1]["data"])[0]
    assert "確認して直します" in thanks["text"]
    assert store.counters(feedback.COUNTER) == {
        f"{ENTRY}|helpful": 1,
        f"{ENTRY}|wrong": 1,
        f"{ENTRY}|wrong:hours": 1,
    }


@pytest.mark.parametrize("data", ["a=fb&id=no-such&v=helpful", f"a=fb&id={ENTRY}&v=love", "a=fbr&id=x&r=y"])
def test_a_forged_vote_counts_nothing(search: SearchService, data: str) -> None:
    store = MemoryStore()
    _postback(Conversation(search, store), data)
    assert store.counters(feedback.COUNTER) == {}


# --- the worker page ----------------------------------------------------------------------------
def test_the_api_counts_a_vote_once_per_visitor(web: TestClient, state_dir: Path) -> None:
    vote = {"entry_id": ENTRY, "vote": "wrong", "reason": "phone"}
    assert web.post("/api/feedback", json=vote).json() == {"entry_id": ENTRY, "counted": True}
    assert web.post("/api/feedback", json=vote).json() == {"entry_id": ENTRY, "counted": False}
    assert _counts(state_dir) == {f"{ENTRY}|wrong:phone": 1}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"entry_id": "no-such-entry", "vote": "helpful"}, 404),
        ({"entry_id": ENTRY, "vote": "helpful", "reason": "phone"}, 422),
        ({"entry_id": ENTRY, "vote": "meh"}, 422),
        ({"entry_id": ENTRY, "vote": "helpful", "name": "花子"}, 422),
    ],
)
def test_the_api_refuses_bad_votes(
    web: TestClient, state_dir: Path, body: dict[str, str], status: int
) -> None:
    assert web.post("/api/feedback", json=body).status_code == status
    assert _counts(state_dir) == {}


def test_one_address_cannot_flood_the_counts(web: TestClient) -> None:
    ids = [e.id for e in web.app.state.search.kb][:61]  # type: ignore[attr-defined]
    answers = [web.post("/api/feedback", json={"entry_id": i, "vote": "helpful"}).status_code for i in ids]
    assert answers[:60] == [200] * 60 and answers[60] == 429


def test_the_page_carries_the_buttons_and_works_without_script(web: TestClient, state_dir: Path) -> None:
    page = web.get("/", params={"q": "DV 相談"}).text
    assert 'formaction="/feedback"' in page and f'value="{ENTRY}|wrong"' in page
    assert f'value="{ENTRY}|helpful"' in web.get(f"/services/{ENTRY}").text

    done = web.post("/feedback", data={"fb": f"{ENTRY}|wrong", "ids": "x"})
    assert done.status_code == 200 and "情報がちがうこと" in done.text
    assert f'value="{ENTRY}|wrong|hours"' in done.text  # what was wrong, asked next
    assert web.post("/feedback", data={"fb": f"{ENTRY}|wrong|hours"}).status_code == 200
    assert web.post("/feedback", data={"fb": "nonsense"}).status_code == 400
    assert web.post("/feedback", data={"fb": "no-such|helpful"}).status_code == 404
    assert _counts(state_dir) == {f"{ENTRY}|wrong": 1, f"{ENTRY}|wrong:hours": 1}


# --- the operators' list ------------------------------------------------------------------------
def _kb_feedback(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "kb", "feedback", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_kb_feedback_lists_the_counts_from_the_file(web: TestClient, state_dir: Path) -> None:
    web.post("/api/feedback", json={"entry_id": ENTRY, "vote": "wrong"})
    web.post("/api/feedback", json={"entry_id": ENTRY, "vote": "wrong", "reason": "hours"})
    done = _kb_feedback({"STATE_DIR": str(state_dir)})
    assert done.returncode == 0, done.stderr
    assert ENTRY in done.stdout and "情報がちがう 1" in done.stdout and "受付日時 1" in done.stdout
    assert "re-check on: http" in done.stdout
    rows = json.loads(_kb_feedback({"STATE_DIR": str(state_dir)}, "--json").stdout)
    assert rows[0]["entry_id"] == ENTRY and rows[0]["reasons"] == {"hours": 1}


def test_kb_feedback_reads_redis_when_replicas_share_it(redis_url: str, tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=DEFAULT_ROOT, redis_url=redis_url, state_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        client.post("/api/feedback", json={"entry_id": ENTRY, "vote": "helpful"})
    done = _kb_feedback({"REDIS_URL": redis_url, "STATE_DIR": str(tmp_path / "unused")}, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["helpful"] == 1


def test_kb_feedback_says_so_when_redis_is_away() -> None:
    done = _kb_feedback({"REDIS_URL": "redis://127.0.0.1:9/0"})
    assert done.returncode == 1 and "cannot be read" in done.stderr
