"""Everyday chat is told apart from a request for help: the scope model's verdict, taken only
for a woman's message that no rule declined, that tells of no danger and whose words name no
service's need plainly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from bot.catalog.scope_model import MODEL_FILE, ScopeModel
from bot.search.analyzer import Analyzer
from bot.search.guards import EVERYDAY
from bot.search.service import SearchService
from tests.helpers.kbtree import copy_tree

# Everyday chat in the languages women write in: a recipe, a phone, a match, a game, a gift.
CHAT = [
    "週末に作れる簡単なパスタのレシピ教えて",
    "iPhoneの写真をパソコンに移す方法ある？",
    "Which K-pop group is touring Japan this summer?",
    "Paano po magluto ng adobo na hindi masyadong maalat?",
    "王者荣耀怎么快速上分？",
    "Cách làm bánh xèo giòn lâu?",
    "이번 주말에 홍대에서 뭐 먹을까요?",
]

# Needs put like everyday questions, or as short worries: never brushed off.
NEEDS = [
    "家賃って分割にできる？",
    "ビザ の こと が しんぱい です。 えいご で はなせる ところ ありますか",
    "夫がお金をくれなくて、自分の服も買えない",
    "妊娠検査薬って無料でもらえるところある？",
    "May hotline ba sa Tokyo na nagsasalita ng Tagalog para sa mga biktima ng karahasan?",
    "トー横にいる。ごはんたべたい",
]


@pytest.mark.parametrize("text", CHAT)
def test_scope_everyday_chat_gets_no_service(search: SearchService, text: str) -> None:
    answer = search.search(text)
    assert answer.declined and answer.hits == ()


@pytest.mark.parametrize("text", NEEDS)
def test_scope_a_need_put_like_an_everyday_question_is_answered(search: SearchService, text: str) -> None:
    answer = search.search(text)
    assert not answer.declined and answer.hits


@pytest.fixture(scope="module")
def always_chat(kb: KnowledgeBase, analyzer: Analyzer) -> SearchService:
    """The base with a scope model that calls everything chat, below a match score of 8."""
    model = ScopeModel.of(intercept=10.0, weights={}, threshold=0.5, max_score=8.0, card={})
    return SearchService.build(replace(kb, scope_model=model), analyzer)


def test_scope_a_plain_need_is_never_asked_about(always_chat: SearchService) -> None:
    answer = always_chat.search("夫に殴られた。離婚したい")
    assert not answer.declined and answer.hits and answer.hits[0].score >= 8.0


def test_scope_a_weak_match_is_asked_about(always_chat: SearchService) -> None:
    answer = always_chat.search("週末に作れる簡単なパスタのレシピ教えて。子どもも食べられるもの")
    assert answer.declined_reason in {EVERYDAY, "errand"} and answer.hits == ()


def test_scope_danger_is_never_declined_as_chat(always_chat: SearchService) -> None:
    answer = always_chat.search("パスタ作ってたけど、もう消えたい")
    assert answer.crisis is not None and not answer.declined and answer.hits


def test_scope_a_workers_query_is_never_taken_for_chat(always_chat: SearchService) -> None:
    answer = always_chat.search("レシピ 料理教室 母子", audience="worker")
    assert answer.declined_reason != EVERYDAY


def test_scope_a_broken_model_file_is_refused_with_its_name(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / MODEL_FILE).write_text(
        '{"intercept": 0, "threshold": 2, "max_score": 1, "weights": {}}', encoding="utf-8"
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root)
    assert any(MODEL_FILE in str(p) for p in caught.value.problems)


def test_scope_the_shipped_model_says_how_it_was_made(kb: KnowledgeBase) -> None:
    model = kb.scope_model
    assert model is not None and 0.0 < model.threshold < 1.0 and model.max_score > 0
    assert model.card["corpus"]["by_label"]["everyday"] > 1000
    assert model.card["calibration"]["sets"]
