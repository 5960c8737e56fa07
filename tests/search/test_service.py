"""The search service: what one search reads, whoever calls it."""

from __future__ import annotations

from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.search.analyzer import Analyzer
from bot.search.normalize import MAX_QUERY_CHARS
from bot.search.service import SearchService


class _Recording:
    """A Sudachi tokenizer that notes the length of every text it is given."""

    def __init__(self, tokenizer: Any, lengths: list[int]) -> None:
        self._tokenizer = tokenizer
        self._lengths = lengths

    def tokenize(self, text: str, *args: Any) -> Any:
        self._lengths.append(len(text))
        return self._tokenizer.tokenize(text, *args)


class _RecordingAnalyzer(Analyzer):
    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb.stopwords)
        self.lengths: list[int] = []

    def _tokenizer(self) -> Any:
        return _Recording(super()._tokenizer(), self.lengths)


def test_a_search_reads_at_most_max_query_chars_of_a_long_message(kb: KnowledgeBase) -> None:
    # A LINE message may hold 5,000 characters in many sentences; none of the passes over it
    # (words, readings, crisis signs) reads more than the bound.
    analyzer = _RecordingAnalyzer(kb)
    service = SearchService.build(kb, analyzer)
    analyzer.lengths.clear()
    message = "夫が怖くて家に帰れない。" + "今日もつかれた。" * 620
    assert len(message) > 4 * MAX_QUERY_CHARS
    response = service.search(message, channel="cli")
    assert analyzer.lengths and max(analyzer.lengths) <= MAX_QUERY_CHARS
    assert response.query == message  # echoed as given
    assert response.hits  # her first words still count


def test_a_danger_at_the_end_of_a_long_message_is_still_seen(search: SearchService) -> None:
    message = "夫のことで相談です。" + "毎日いろいろあって大変です。" * 400 + "もう死にたい"
    assert len(message) > 4 * MAX_QUERY_CHARS
    finding = search.search(message, channel="cli").crisis
    assert finding is not None
