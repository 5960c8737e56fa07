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
