from __future__ import annotations

import pytest

from bot.present.adapter import ShownSearch
from bot.search.service import SearchService

DANGER = [
    ("今、夫に殴られてる。助けて", "violence"),
    ("元彼が合鍵で入ってこようとしてる", "violence"),
    ("しにたい", "suicide"),
    ("明日になったら私もういないと思う", "suicide"),
    ("I don't want to live anymore", "suicide"),
    ("さっきレイプされた", "sexual-assault"),
    ("15歳。家でお父さんに殴られる。もう帰りたくない", "child"),
    ("陣痛がきたけど一人しかいない", "medical"),
    ("我老公现在在打我", "violence"),
    # The past in one sentence, danger now in the next: 。 and line breaks end sentences.
    ("殴られたのは昔のこと。でも今また殴られてる", "violence"),
    ("前は大丈夫だった\n今日また殴られた", "violence"),
    # Age and blows in two sentences still make a child in danger.
    ("15歳。家でお父さんに殴られる", "child"),
]

NOT_DANGER = [
    "死ぬほど疲れた、仕事を探したい",
    "締切間に合わないと上司に殺される笑",
    "殴られたのは昔のことで今は離婚の相談がしたい",
    "消えたい…ってほどじゃないけど、しんどい",
    "マジ死んだ、保活全落ち",
    "保育園の申し込みっていつから？",
    "昔は死にたいと思った。今は元気",
    # Thanks alone: the learned model does not judge a message this short.
    "ありがとうございました！",
]


@pytest.mark.parametrize(("text", "kind"), DANGER)
def test_detect_crisis_fires_on_danger_now(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


@pytest.mark.parametrize("text", NOT_DANGER)
def test_detect_crisis_ignores_idioms_and_the_past(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


def test_search_crisis_puts_the_emergency_number_first(shown: ShownSearch) -> None:
    response = shown.search("夫が包丁を持って暴れてる")
    assert response.crisis is not None
    assert response.crisis.level == "emergency"
    assert response.crisis.contacts[0].value == "110"
    assert response.crisis.contacts[0].tel == "tel:110"


def test_search_crisis_suicide_lists_listening_lines(shown: ShownSearch) -> None:
    response = shown.search("もう生きるのがつらい。死にたい")
    assert response.crisis is not None
    values = {c.value for c in response.crisis.contacts}
    assert "0120-279-338" in values  # よりそいホットライン
    assert "0570-064-556" in values  # こころの健康相談統一ダイヤル


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("知らない人の部屋に連れ込まれて帰してもらえない", "violence"),
        ("中1です。お母さんが毎日なぐってくる", "child"),
        # Met through a game is how she met him, not fiction.
        ("ゲームで知り合った人の家から帰してもらえない", "violence"),
    ],
)
def test_detect_crisis_confinement_and_a_parent_hitting_a_child(
    search: SearchService, text: str, kind: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


@pytest.mark.parametrize(
    "text",
    ["元夫に殴られたことがある。離婚の手続きを知りたい", "消えたいと思った時期もあったけど、今は働きたい"],
)
def test_detect_crisis_a_past_experience_is_not_danger_now(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("薬を全部飲んだ", "119"),
        ("手首を切った。血が止まらない", "119"),
        ("夫が包丁を持ってる。もう死にたい", "110"),
    ],
)
def test_search_crisis_the_most_urgent_kind_gives_the_first_number(
    shown: ShownSearch, text: str, first: str
) -> None:
    response = shown.search(text)
    assert response.crisis is not None
    assert response.crisis.contacts[0].value == first


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("前天晚上他强迫我发生关系，我好害怕", "sexual-assault"),
        ("Tối qua anh ta ép em quan hệ, em rất sợ", "sexual-assault"),
        ("My waters have just broken and nobody is home", "medical"),
        ("夫が灯油をまいて火をつけようとしてる", "violence"),
        ("彼氏が娘に手をあげてる、やめてくれない", "child"),
        ("会社に在留カードを取り上げられた", "violence"),
        ("何階から飛び降りれば確実なんだろう", "suicide"),
        ("남자친구가 저를 방에 가뒀어요", "violence"),
    ],
)
def test_detect_crisis_words_that_say_the_same_danger(search: SearchService, text: str, kind: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds, (text, finding)


@pytest.mark.parametrize(
    "text",
    [
        "小学校の担任です。児童がノートに「死にたい」と書いていました。どう声をかければ",
        "日本語教室のボランティアをしています。生徒の在留カードを会社が預かっているそうで、問題ないですか",
        "今やってる乙女ゲーの主人公が監禁される展開で夜眠れない",
        "Em gái tôi tự tử năm ngoái. Tôi vẫn nhớ em ấy mỗi ngày",
    ],
)
def test_detect_crisis_sets_aside_a_professional_a_story_and_a_death_last_year(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("同期が「もう飛び降りる」って言って非常階段のほうに行った", "suicide"),
        ("妹から今夜死ぬってメッセージが来た。既読にならない", "suicide"),
        ("My roommate just texted that she's going to kill herself", "suicide"),
        ("口座の暗証番号の場所は母に伝えた。あとはよろしく", "suicide"),
        ("知らない車がずっと並走してくる、怖い", "violence"),
    ],
)
def test_detect_crisis_someone_else_saying_it_affairs_in_order_and_a_car_alongside(
    search: SearchService, text: str, kind: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds, (text, finding)


@pytest.mark.parametrize(
    "text",
    [
        "上司に「死ね」って怒鳴られた。これって訴えられる？",
        "来週から産休なので、引き継ぎ資料まとめた。あとはよろしく！",
        "友達とカラオケ行って笑いすぎて死ぬかと思った",
    ],
)
def test_detect_crisis_not_for_words_said_to_her_a_handover_or_a_figure(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None
