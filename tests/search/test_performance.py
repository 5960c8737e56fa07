"""What the benchmark relies on: thread safety, the synthetic base, the dictionary mapping."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from bot.catalog.kb import KnowledgeBase
from bot.search.analyzer import DICTIONARY_FILE, Analyzer
from bot.search.mmap_advice import advise_random
from bot.search.service import SearchService
from bot.tools.bench import concurrent_check, example_queries, rss_mb, synthetic_base


def test_searches_from_many_threads_agree_with_one_thread(kb: KnowledgeBase, search: SearchService) -> None:
    # Each thread needs its own Sudachi tokenizer; a shared one raises "already in use".
    queries = example_queries(kb)[:60]
    differ, _ = concurrent_check(search, queries, threads=8)
    assert differ == 0


def test_each_thread_gets_its_own_tokenizer(analyzer: Analyzer) -> None:
    seen: list[object] = []
    barrier = threading.Barrier(3)

    def work() -> None:
        barrier.wait()
        analyzer.analyze("夫が怖い")
        seen.append(analyzer._tokenizer())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(tok) for tok in seen}) == 3


def test_synthetic_base_grows_the_real_one_with_unique_ids(kb: KnowledgeBase, analyzer: Analyzer) -> None:
    big = synthetic_base(kb, 400)
    assert len(big) == 400 and len({e.id for e in big}) == 400
    service = SearchService.build(big, analyzer)
    assert service.search("夫に殴られて家に帰れない").hits


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_dictionary_mapping_is_advised_and_memory_is_read(analyzer: Analyzer) -> None:
    analyzer.analyze("テスト")
    assert advise_random(DICTIONARY_FILE) > 100 << 20  # the ~200 MB dictionary is mapped
    now, peak = rss_mb()
    assert 0 < now <= peak
    assert advise_random("no-such-file.dic") == 0
    assert Path("/proc/self/maps").exists()
