from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from bot.catalog.hours import TOKYO
from bot.search.service import SearchService
from bot.web.filters import Filters
from bot.web.views import MAX_REFERRAL_IDS, find, parse_ids, service_page

AT = datetime(2025, 6, 4, 12, 0, tzinfo=TOKYO)


def test_parse_ids_accepts_commas_and_repeats_in_order_once() -> None:
    assert parse_ids(["b,a", "c", " a ,, d", ""]) == ("b", "a", "c", "d")
    assert parse_ids([]) == ()


def test_parse_ids_stops_reading_once_there_are_too_many() -> None:
    many = ",".join(f"x{i}" for i in range(10_000))
    assert parse_ids([many]) == tuple(f"x{i}" for i in range(MAX_REFERRAL_IDS + 1))
    assert parse_ids(["a," * 5_000 + "b"]) == ("a", "b")  # repeats are no ids

    def values() -> Iterator[str]:
        yield ",".join(f"y{i}" for i in range(MAX_REFERRAL_IDS + 1))
        pytest.fail("read on past the cap")

    assert len(parse_ids(values())) == MAX_REFERRAL_IDS + 1


def test_find_with_a_query_keeps_the_ranking_and_the_why(search: SearchService) -> None:
    answer = search.search("妊娠したかも 誰にも言えない", limit=50, audience="worker")
    results = find(search, query="妊娠したかも 誰にも言えない", filters=Filters(internal=True), at=AT)
    assert [c.entry.id for c in results.cards] == list(answer.ids)
    assert [c.result.why for c in results.cards] == [h.why for h in answer.hits]
    assert all(c.result.why for c in results.cards)
    assert results.asked and results.matched_before_filters == len(answer.hits)


def test_find_with_a_query_and_public_only_uses_the_public_audience(search: SearchService) -> None:
    results = find(search, query="女性相談支援員 研修", filters=Filters(internal=False), at=AT)
    assert results.cards and all(c.entry.user_facing for c in results.cards)


def test_find_without_query_or_filters_lists_nothing(search: SearchService) -> None:
    results = find(search, query="", filters=Filters(internal=False), at=AT)
    assert not results.asked and results.cards == ()


def test_find_with_filters_only_builds_cards_with_contacts(search: SearchService) -> None:
    results = find(search, query="", filters=Filters(topic="dv"), at=AT)
    assert results.asked and results.cards
    window = next(c for c in results.cards if c.entry.id == "josei-sodan-center")
    assert window.result.contacts and window.result.sources
    assert window.result.why == ""
    assert window.kind_label == "相談窓口"


def test_service_page_links_both_ways(search: SearchService) -> None:
    kb = search.kb
    center = kb.get("josei-sodan-center")
    shelter = kb.get("ichiji-hogo")
    assert center is not None and shelter is not None
    page = service_page(kb, shelter, at=AT)
    assert page.front_door is center
    assert shelter in service_page(kb, center, at=AT).referenced_by
