from __future__ import annotations

import pytest

from bot.search.service import SearchService

STILL_DECLINED = [
    "妻を探したい",
    "妻の実家を探したい",
    "妻が家を出た。仕事を探してる。妻の居場所を探したい",
    "彼女がいるシェルターを探したい。仕事探しもしてる",
]


def test_guard_work_search_beside_a_facility_name_is_not_a_hunt(search: SearchService) -> None:
    response = search.search("女性自立支援施設に期限はありますか。自分のペースで仕事を探したいです。")
    assert not response.declined
    assert "shisetsu-nyusho-kikan" in [r.id for r in response.results]


@pytest.mark.parametrize("text", STILL_DECLINED)
def test_guard_benign_phrases_do_not_hide_a_hunt(search: SearchService, text: str) -> None:
    response = search.search(text, audience="worker")
    assert response.declined and response.results == ()


@pytest.mark.parametrize(
    "text", ["借金が返せなくて笑えないwww どこに相談すれば", "彼氏に殴られたwww もう無理"]
)
def test_guard_laughter_typed_as_www_is_not_a_link(search: SearchService, text: str) -> None:
    response = search.search(text)
    assert not response.declined and response.results


@pytest.mark.parametrize("text", ["https://example.com 副業で月100万", "ここ見て http://example.com/x"])
def test_guard_a_link_is_still_declined(search: SearchService, text: str) -> None:
    assert search.search(text).declined
