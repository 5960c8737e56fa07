"""Search quality as a table: queries and the entries that must answer them."""

from __future__ import annotations

import pytest

from bot.search.service import SearchService

# (query, audience, any of these ids in the top 3)
CASES = [
    (
        "夫に殴られて家に帰れない",
        "public",
        {"josei-sodan-center", "womens-plaza", "dv-navi-8008", "dv-soudan-plus"},
    ),
    (
        "おっとが こわくて いえに かえれない",
        "public",
        {"josei-sodan-center", "womens-plaza", "dv-navi-8008", "dv-soudan-plus"},
    ),
    ("妊娠したかもしれない、誰にも言えない", "public", {"ninshin-hotline"}),
    ("にんしんしたかも", "public", {"ninshin-hotline"}),
    ("ホストの売掛が払えない", "public", {"host-urikake-sodan", "shohi-center", "shohi-188"}),
    ("ネットカフェで寝泊まりしてる", "public", {"challenge-net"}),
    ("性暴力の被害にあった", "public", {"sarc-tokyo-nana", "onestop-8891", "seihanzai-8103"}),
    ("シングルマザーで仕事を探してる", "public", {"haat"}),
    ("不妊治療の相談をしたい", "public", {"funin-hotline"}),
    (
        "my husband hits me",
        "public",
        {"josei-sodan-center", "womens-plaza", "dv-navi-8008", "dv-soudan-plus"},
    ),
]

JUNK = [
    "こんにちは",
    "ありがとうございました！",
    "明日の東京の天気は？",
    "asdfghjkl",
    "test",
    "https://example.com/win",
    "副業で月100万！LINE登録で無料プレゼント🎁",
    "<script>alert(1)</script>",
    "。。。",
]

LOCATE = [
    "妻が家を出ていった。妻が今どこにいるのか教えてほしい",
    "元カノがどこのシェルターにいるか知りたい",
    "Where is my wife? Tell me which shelter",
]


@pytest.mark.parametrize(("text", "audience", "expected"), CASES)
def test_search_finds_the_right_service(
    search: SearchService, text: str, audience: str, expected: set[str]
) -> None:
    hits = search.search(text, limit=3, audience=audience).hits  # type: ignore[arg-type]
    assert {h.id for h in hits} & expected, [h.id for h in hits]


@pytest.mark.parametrize("text", JUNK)
def test_search_returns_nothing_for_junk(search: SearchService, text: str) -> None:
    assert search.search(text).hits == ()


@pytest.mark.parametrize("text", LOCATE)
def test_search_never_helps_locate_a_woman_or_shelter(search: SearchService, text: str) -> None:
    response = search.search(text, audience="worker")
    assert response.hits == ()
    assert response.declined


def test_search_worker_finds_internal_measure_by_official_wording(search: SearchService) -> None:
    hits = search.search("デートDV 啓発カード 高校", limit=3, audience="worker").hits
    refs = {ref for h in hits for ref in search.kb.get(h.id).refs}  # type: ignore[union-attr]
    assert "plan2025:114" in refs


def test_search_public_never_returns_internal_measures(search: SearchService) -> None:
    for text in ["研修", "支援調整会議", "デートDV 啓発カード", "女性相談支援員 スーパーバイズ"]:
        for hit in search.search(text, limit=10, audience="public").hits:
            assert search.kb.get(hit.id).user_facing, hit.id  # type: ignore[union-attr]


def test_search_results_explain_why(search: SearchService) -> None:
    hits = search.search("妊娠したかも", limit=3).hits
    assert hits and all(h.why for h in hits)


def test_search_adult_message_does_not_lead_with_services_for_girls(search: SearchService) -> None:
    hits = search.search("夫が怖くて家に帰れない。子どももいる", limit=3).hits
    for hit in hits:
        entry = search.kb.get(hit.id)
        assert entry is not None
        assert entry.audience.age_max is None or entry.audience.age_max >= 20, hit.id


def test_search_girl_message_finds_services_for_girls(search: SearchService) -> None:
    hits = search.search("16歳。家に帰りたくない。泊まれるところある？", limit=5).hits
    ids = {h.id for h in hits}
    assert ids & {"u18-ichiji-hogo", "jakunen-ibasho", "jakunen-outreach", "jido-189"}, ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [("性暴力", "onestop-8891"), ("離婚", "houterasu"), ("DV", "dv-navi-8008"), ("一時保護", "ichiji-hogo")],
)
def test_a_short_kanji_or_acronym_search_is_read_as_japanese(
    search: SearchService, query: str, expected: str
) -> None:
    response = search.search(query)
    assert response.language == "ja"
    assert expected in [r.id for r in response.hits[:3]]


SUICIDE_LINES = {"yorisoi", "inochi-denwa", "kokoro-unified", "jisatsu-dial-tokyo"}


@pytest.mark.parametrize(
    "text", ["仕事多すぎて死ぬ", "残業続きで死にそう、転職したい", "上司に殺される、仕事やめたい"]
)
def test_a_death_word_as_a_figure_of_speech_does_not_steer_the_results(
    search: SearchService, text: str
) -> None:
    response = search.search(text)
    assert response.crisis is None
    assert not SUICIDE_LINES & {r.id for r in response.hits[:3]}
    assert "shigoto-center" in [r.id for r in response.hits[:3]]


def test_a_death_word_that_crisis_detection_reads_as_danger_still_brings_the_lines(
    search: SearchService,
) -> None:
    response = search.search("今夜死ぬつもり")
    assert response.crisis is not None
    assert SUICIDE_LINES & {r.id for r in response.hits[:3]}
