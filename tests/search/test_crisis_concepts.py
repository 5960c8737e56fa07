"""Crisis detection generated from concepts: each warning sign in several inflections,
scripts and beside a distracting sentence must fire; each look-alike shape must not.

The phrases are the shapes of a concept (a desire, a progressive, a past with now, a
volitional, a polite form), not messages from any evaluation set.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest

from bot.search.analyzer import Analyzer
from bot.search.concepts import Surface, Terms
from bot.search.normalize import to_hiragana
from bot.search.reading import Sentence
from bot.search.service import SearchService

# (kind expected, phrase) by warning sign, each in several inflections.
SIGNS: dict[str, tuple[str, list[str]]] = {
    "ideation": (
        "suicide",
        [
            "死にたい",
            "死にたいです",
            "死にたくなる",
            "ずっと死にたかった",
            "死のうと思う",
            "生きたくない",
            "いなくなりたい",
            "生きてる意味がない",
            "この世から退場したい",
            "人生を降りたい",
            "息をするのもやめたい",
            "なんで生きてなきゃいけないんだろう",
        ],
    ),
    "plan": (
        "suicide",
        [
            "練炭を買った",
            "睡眠薬を集めてる",
            "飛び降りるつもり",
            "楽に死ねる方法を調べてる",
            "首吊りのやり方を検索した",
        ],
    ),
    "farewell": ("suicide", ["今までありがとう", "遺書を書いた", "もう逝きます"]),
    "method-used": (
        "medical",
        [
            "薬を全部飲んだ",
            "薬を一気に飲みました",
            "手首を切った",
            "ODした",
            "痛み止めを箱ごと飲みました",
            "飛び降りたけど死ねなかった",
        ],
    ),
    "violence-now": (
        "violence",
        [
            "夫に殴られてる",
            "殴られています",
            "いま殴られた",
            "殴られそう",
            "夫が殴ってくる",
            "包丁を向けられた",
            "首を絞められた",
            "殺すって言われた",
        ],
    ),
    "followed": ("violence", ["後をつけられてる", "知らない人がずっとついてくる", "元彼が家の前で待ってる"]),
    "confined": ("violence", ["部屋に閉じ込められてる", "彼が帰してくれない", "家から出してもらえない"]),
    "sexual-assault": (
        "sexual-assault",
        ["さっき無理やりされた", "昨日レイプされた", "飲み物に薬を盛られた"],
    ),
    "labour": ("medical", ["陣痛がきた", "破水した", "赤ちゃんが生まれそう"]),
}
CHILD = [
    ("中2です", "親に殴られてる"),
    ("小学生です", "お母さんに叩かれてる"),
    ("息子が5歳", "夫が息子を殴ってる"),
]

# Sentences with a negation or a past of their own, which must not hide the sign beside them.
NEIGHBOURS = [
    "昨日はご飯が食べられなかった。{}",
    "{}。仕事はもう辞めた",
    "彼氏とは喧嘩してないけど、{}",
    "{}…誰にも言えなかった",
    "昔は元気だったけど、{}",
]

LOOKALIKES = [
    # negation in the sign's own chunk
    "殴られたことはないけど束縛がきつい",
    "死にたいとかではないけど疲れた",
    "自殺は考えてないです",
    "閉じ込められてはいない",
    # a past experience, a time long past
    "元夫に殴られたことがある。離婚の手続きを知りたい",
    "死にたいと思った時期もあった。今は元気",
    "昔は死にたいと思ってた",
    "3年前に元彼に後をつけられてた。引っ越して今は平和",
    "キャンプ用にロープを買った",
    "子どもの頃は親に殴られてた。今は一人暮らし",
    # hypothetical
    "もし殴られたらどこに逃げればいい",
    "もしも閉じ込められたらどうしよう",
    # fiction
    "ドラマで夫に殴られるシーンがつらかった",
    "映画で監禁される話を見た",
    # figures of speech
    "死ぬほど眠い",
    "仕事多すぎて死にそう",
    "恥ずかしすぎて消えたい笑",
    "締切に間に合わないと上司に殺される笑",
    # someone else's death, long ago
    "10年前に兄が自殺しました",
    # a habit, not an event now
    "機嫌が悪いと物を投げてくる。どうしたらいい",
    "咳止めを大量に飲むのがやめられない",
    "彼に物を投げられたりする",
    # a fear that turned out wrong; a life that keeps her in, not a person
    "後をつけられてるかと思ったけど、同じマンションの人だった",
    "双子の育児でほとんど外に出られない",
    # asking what the law calls it
    "子どもを連れて家を出たら連れ去りになるって本当？",
    # a professional asking how to respond
    "保健室の先生です。生徒からリスカの相談を受けたときの対応を知りたい",
    "支援員をしています。利用者さんから死にたいと言われたときの初期対応の研修はありますか",
    # a trivial cause, an everyday knife
    "笑いすぎて息できなかった",
    "新しい包丁を買った",
    "筋トレの翌日、全身が悲鳴をあげてる",
    # a simile or a measure, joy
    "週末は死んだように眠りたい",
    "死ぬほど忙しかったけど保育園の書類を出したい",
    "チケット当選した！もう死んでもいい",
    # a sign done no more, a memory, now and then, a place she cannot stay
    "リスカはもうしてない。跡を消す治療を知りたい",
    "元彼に無理やりされたことが頭から離れない",
    "夜中にお腹が痛くなることがある。救急車を呼ぶか迷ったらどこに聞けばいい",
    "実家にいられなくなって友達の家にいる",
    # a quote is no condition, hearsay is no likelihood; a child well again
    "帰ると殴られる",
    "昨日は子どもがぐったりしていたけど、今日はもう元気です",
    # news and games
    "ニュースで女性が刺された事件を見て怖くなった",
    "ゲームの中で首を絞めるコマンドがあった",
]

# Phrases not found when typed all in kana, and why: known gaps, kept visible here.
KANA_GAPS = {
    "生きたくない": "いきたくない is also 行きたくない, I don't want to go",
    "生きてる意味がない": "いみ is too short a reading to respell safely",
    "練炭を買った": "かった is read as 刈った",
    "もう逝きます": "いきます is also 行きます, I am going",
    "飲み物に薬を盛られた": "もる is too short a reading to tell 盛る from other words",
    "痛み止めを箱ごと飲みました": "read in kana (ばこごと) the phrase is cut apart by the dictionary",
    "彼が帰してくれない": "the dictionary reads 帰す as キス",
    "元彼が家の前で待ってる": "いえ and まえ are too short to respell safely",
    "息をするのもやめたい": "いき is also 行き, a way there",
    "なんで生きてなきゃいけないんだろう": "いきて is also 行きて, going",
}

_HALF = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
_HALF.update(
    {unicodedata.normalize("NFKC", h + "\uff9e"): h + "\uff9e" for h in map(chr, range(0xFF76, 0xFF8F))}
)
_HALF.update(
    {unicodedata.normalize("NFKC", h + "\uff9f"): h + "\uff9f" for h in map(chr, range(0xFF8A, 0xFF8F))}
)


def _reading(analyzer: Analyzer, text: str) -> str:
    """The phrase in katakana, as Sudachi reads it (殴られてる → ナグラレテル)."""
    return "".join(m.reading_form() for m in analyzer.tokenizer().tokenize(text))


def _half_width(katakana: str) -> str:
    return "".join(_HALF.get(ch, ch) for ch in katakana)


def _scripts(analyzer: Analyzer, phrase: str) -> list[str]:
    katakana = _reading(analyzer, phrase)
    hiragana = to_hiragana(katakana)
    return [phrase, hiragana, katakana, _half_width(katakana)]


def _cases() -> list[tuple[str, str, str]]:
    return [(sign, kind, phrase) for sign, (kind, phrases) in SIGNS.items() for phrase in phrases]


@pytest.mark.parametrize(("sign", "kind", "phrase"), _cases())
def test_a_sign_fires_in_every_inflection_and_beside_every_neighbour(
    search: SearchService, sign: str, kind: str, phrase: str
) -> None:
    for text in [phrase] + [n.format(phrase) for n in NEIGHBOURS]:
        finding = search.detect_crisis(text)
        assert finding is not None, (sign, text)
        assert kind in finding.kinds, (sign, text, finding.kinds)


@pytest.mark.parametrize(("sign", "kind", "phrase"), _cases())
def test_a_sign_fires_written_in_hiragana_katakana_and_half_width(
    search: SearchService, analyzer: Analyzer, sign: str, kind: str, phrase: str
) -> None:
    texts = _scripts(analyzer, phrase) if phrase not in KANA_GAPS else [phrase]
    for text in texts:
        finding = search.detect_crisis(text)
        assert finding is not None and kind in finding.kinds, (sign, text)


@pytest.mark.parametrize(("age", "harm"), CHILD)
def test_a_child_in_danger_is_found_across_sentences(search: SearchService, age: str, harm: str) -> None:
    for text in (f"{age}。{harm}", f"{harm}。{age}", f"{age}、{harm}"):
        finding = search.detect_crisis(text)
        assert finding is not None and "child" in finding.kinds, text


@pytest.mark.parametrize("text", LOOKALIKES)
def test_a_lookalike_is_not_a_crisis(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "first"),
    [("薬を全部飲んだ", "medical"), ("夫に包丁を向けられた。もう死にたい", "violence")],
)
def test_an_emergency_kind_comes_before_the_listening_lines(
    search: SearchService, text: str, first: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and finding.kinds[0] == first
    assert finding.level == "emergency"


@pytest.mark.parametrize("laugh", ["笑", "www", "(笑)"])
@pytest.mark.parametrize(
    "phrase", ["包丁を向けられた", "首を絞められた", "薬を全部飲んだ", "中2です。親に殴られてる"]
)
def test_laughter_never_hides_a_severe_sign(search: SearchService, phrase: str, laugh: str) -> None:
    assert search.detect_crisis(phrase + laugh) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to live anymore",
        "he has a knife and says he will kill me",
        "I took all my pills an hour ago",
        "我现在不想活了",
        "지금 남편이 때리고 있어요",
        "em không muốn sống nữa",
        "sinasaktan ako ng asawa ko ngayon",
        "おっと が いま わたし を たたいて います",
        "Years ago he hit me. Now he is hitting me again",
        "元夫が面会の日に子どもを連れて帰ってこない。電話にも出ない",
        "我两岁的女儿不见了",
        "我存了一堆安眠药",
        "活着太累了，为什么还要醒来",
        "어제 밤에 모르는 사람한테 당했어요. 병원 가야 해요?",
        "pumutok na yung panubigan ko, mag-isa ako",
        "nandito na naman siya sa labas ng bahay",
        "sinasaktan ng asawa ko ang anak namin",
        "さっき夫に殴られて、また来そう",
        "자다가 안 깼으면 좋겠어요",
        "con tôi không thở, môi tím",
        "took 30 of my sleeping pills",
        "如果我死了，大家会轻松吧",
        "明日の朝、線路に行こうと思ってる",
        "息子が高熱でぐったりしてて、呼んでも反応がうすい",
        "元夫が学校から勝手に娘を連れていった。電話に出ない",
        "利用者さんから「もう飛び降りる」とメールがあり、いま屋上にいるそうです",
        "彼女がいま配信しながら手首を切ってる",
        "夫が出かけるとき、外から南京錠をかけていく",
        "他说他在天台，然后就不回消息了",
        "my ex showed up at my office and is waiting by the exit",
        "夫が許さないから外に出られない",
    ],
)
def test_other_languages_and_spaced_kana_fire(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "he never hit me but he controls the money",
        "bought a new kitchen knife set today",
        "years ago my ex hit me, now I am safe",
        "if my husband ever hits me where can I go",
        "this job is killing me lol",
        "hindi naman niya ako sinasaktan, pero kinukuha niya ang sahod ko",
        "去年被骗了，想问问怎么办",
    ],
)
def test_other_languages_lookalikes_stay_quiet(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


def test_every_pair_of_a_sign_and_a_lookalike_fires_for_the_sign(search: SearchService) -> None:
    """A look-alike sentence beside a real sign does not hide it: each sentence is judged alone."""
    signs = [phrases[0] for _, phrases in SIGNS.values()]
    for sign, lookalike in itertools.product(signs, LOOKALIKES[:6]):
        assert search.detect_crisis(f"{lookalike}。{sign}") is not None, (lookalike, sign)


# The western dialects' progressive (〜よる, 〜とる, 〜ちょる) is the progressive: a blow told
# with it is happening now.
@pytest.mark.parametrize("who", ["旦那に", "夫に", "彼氏に"])
@pytest.mark.parametrize("blow", ["殴られよる", "殴られとる", "叩かれちょる", "暴力ふるわれよる"])
def test_a_blow_told_in_a_dialect_progressive_is_violence_now(
    search: SearchService, who: str, blow: str
) -> None:
    finding = search.detect_crisis(f"今{who}{blow}")
    assert finding is not None and "violence" in finding.kinds


# A small child who fell and does not move, wake or answer.
@pytest.mark.parametrize("fall", ["階段から落ちて", "ベッドから落ちて", "頭を打って"])
@pytest.mark.parametrize("still", ["動きません", "起きない", "返事がない"])
def test_a_child_who_fell_and_is_still_is_found(search: SearchService, fall: str, still: str) -> None:
    finding = search.detect_crisis(f"子どもが{fall}{still}")
    assert finding is not None and "child" in finding.kinds


@pytest.mark.parametrize(
    "text",
    [
        "子どもが階段から落ちたけど、すぐ泣いて元気に動いてます",
        "息子がベッドから落ちて大泣きしたけど、もうケロッとして遊んでる",
    ],
)
def test_a_child_who_fell_and_cried_is_not_a_crisis(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


# A pet's care handed on and the last worry settled; a trip, a walk or a new home is ordinary.
@pytest.mark.parametrize("pet", ["インコ", "猫", "うちの犬"])
@pytest.mark.parametrize("settled", ["これでもう心配ないかな", "これで思い残すことはない"])
def test_a_pet_handed_on_with_nothing_left_to_worry_is_a_farewell(
    search: SearchService, pet: str, settled: str
) -> None:
    finding = search.detect_crisis(f"{pet}のこと、妹にお願いしてきた。{settled}")
    assert finding is not None and "suicide" in finding.kinds


@pytest.mark.parametrize(
    "text",
    [
        "猫のこと母にお願いしてきた。明日から出張だけどこれで安心",
        "犬の散歩を夫に頼んだ。もう心配ない、病院行ってくる",
        "うちの猫、里親さんに引き取ってもらえた！もう心配ないね",
    ],
)
def test_a_pet_looked_after_for_an_ordinary_reason_is_not_a_farewell(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None


# A goodbye posted beside pills, by her or by someone she knows.
@pytest.mark.parametrize("who", ["クラスの子が", "友達が", ""])
@pytest.mark.parametrize("post", ["薬の写真と『ばいばい』って上げてる", "薬の写真にさよならって書いてた"])
def test_a_goodbye_beside_pills_is_a_farewell(search: SearchService, who: str, post: str) -> None:
    assert search.detect_crisis(f"{who}{post}") is not None


# An overdose's amount asked, and cough medicine stockpiled by the box.
@pytest.mark.parametrize(
    "text",
    ["ODってどれくらいの量でいけるの", "ODって何錠からやばい？", "ブロンもう20箱ある", "メジコン10箱ためた"],
)
def test_an_overdose_amount_or_a_stockpile_is_a_plan(search: SearchService, text: str) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and "suicide" in finding.kinds


# Going to a place chosen beforehand.
@pytest.mark.parametrize("place", ["橋", "海", "ビル"])
def test_going_to_a_place_decided_beforehand_is_a_plan(search: SearchService, place: str) -> None:
    assert search.detect_crisis(f"金曜の夜、前から決めてた{place}に行こうと思ってます") is not None


# She came to, or remembers nothing, and her clothes were undone; within the week just past.
@pytest.mark.parametrize("when", ["昨日の夜", "先週末", "先週の飲み会で"])
@pytest.mark.parametrize(
    "scene",
    [
        "気づいたら先輩の部屋で、服が乱れてた",
        "目が覚めたら知らない部屋で裸だった",
        "記憶がなくて、下着がなかった",
    ],
)
def test_coming_to_undressed_within_the_week_is_a_recent_assault(
    search: SearchService, when: str, scene: str
) -> None:
    finding = search.detect_crisis(f"{when}、{scene}")
    assert finding is not None and "sexual-assault" in finding.kinds


def test_a_week_is_recent_for_an_assault_but_years_are_not(search: SearchService) -> None:
    assert search.detect_crisis("先週レイプされた") is not None
    assert search.detect_crisis("i was assaulted last night at a party") is not None
    assert search.detect_crisis("I was assaulted 10 years ago and still have nightmares") is None


# The partings of ordinary life: goodbyes said to a home, a school or colleagues.
@pytest.mark.parametrize(
    "text",
    [
        "引っ越しで部屋が空っぽ。明日新居に行くので、最後にこの部屋にお別れしてきた",
        "転勤する先輩に今までありがとうって伝えたい",
        "卒業式で先生に今までありがとうございましたって言えた",
    ],
)
def test_an_ordinary_parting_is_not_a_farewell(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is None


# Going to the sea, a bridge or a cliff and not coming back; a job elsewhere is a move.
@pytest.mark.parametrize(
    "text",
    [
        "あした の あさ、 うみ に いきます。 もう かえりません。",
        "明日、海に行きます。もう帰りません",
        "今夜橋に行く。二度と戻らない",
    ],
)
def test_going_to_an_edge_and_not_coming_back_is_a_plan(search: SearchService, text: str) -> None:
    assert search.detect_crisis(text) is not None


def test_a_job_given_up_elsewhere_in_the_message_is_no_setting_of_leisure(search: SearchService) -> None:
    """屋上で仕事中 is ordinary; 仕事を辞めて, told before a plan, does not make the plan ordinary."""
    assert search.detect_crisis("屋上で仕事中、景色が最高") is None
    assert (
        search.detect_crisis("仕事を辞めて3ヶ月。疲れたので、金曜に前から決めてた橋に行こうと思ってます")
        is not None
    )


@pytest.mark.parametrize(
    "text",
    [
        "死にたいとかじゃ全然ないです！ただ最近眠れなくて",
        "Back in 2015 I overdosed and ended up in hospital. I've been stable for years now.",
        "我大学时被性侵过，一直没有告诉任何人",
        "我在玩一个恐怖游戏，里面女主角被关在地下室，怎么通关啊？",
        "家の鍵をなくして閉め出された！大家さんが1時間後に開けに来る",
        "歯医者で親知らず抜いたら血が止まらなくて焦った",
    ],
)
def test_a_denial_a_year_past_a_game_a_lost_key_or_a_dentist_is_not_a_crisis(
    search: SearchService, text: str
) -> None:
    assert search.detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("夫に閉め出された。外は雪", "violence"),
        ("息子夫婦に通帳と保険証を取られて、部屋から降りることも許されません", "violence"),
        ("二日前に会った人に性被害にあいました。グラスに何か混ぜられた", "sexual-assault"),
        ("三天前被公司的上司性侵了，不敢报警", "sexual-assault"),
        ("남편한테 방금까지 맞다가 화장실로 도망쳤어요. 문을 부수려고 해요", "violence"),
        ("I took all of my lithium twenty minutes ago", "medical"),
        ("I checked which bridge has the lowest railing. Going there after my shift.", "suicide"),
    ],
)
def test_a_shut_out_kept_assaulted_beaten_overdosed_or_planned_sign_fires(
    search: SearchService, text: str, kind: str
) -> None:
    finding = search.detect_crisis(text)
    assert finding is not None and kind in finding.kinds


def test_kana_is_respelled_only_for_a_word_not_for_one_of_two(analyzer: Analyzer) -> None:
    from bot.search.compiler import Compiler

    compiler = Compiler(analyzer, {})
    out = compiler.respellings(["整理", "生理", "子供", "子ども"])
    assert "せいり" not in out  # 整理 or 生理: left as she typed it
    assert out["こども"] == "子ども"  # one word: the same spelling in every process


@pytest.mark.parametrize(
    "text", ["kill myself tonight", "i want to die, maybe. skill", "overdose|pills now", "a pill or b"]
)
def test_written_forms_joined_into_one_expression_match_as_they_did_joined_plainly(text: str) -> None:
    """``Terms`` writes the look-behind its forms share once before them all; a form with a
    ``|`` of its own (a|b) keeps the expressions joined as they are. Either way, the same spans."""
    forms = ["kill myself", "want to die", "pills?", "overdose|pills", "a pill|b"]
    for chosen in (forms[:3], forms):
        terms = Terms.of(chosen, fold_too=False)
        assert terms.latin is not None
        patterns = sorted(
            {s.regex.pattern for s in map(Surface.of, chosen) if s.regex}, key=len, reverse=True
        )
        plainly = re.compile("|".join(patterns))
        sentence = Sentence(text=text, tokens=(), clause=(), has_kana=False)
        assert terms.spans(sentence) == [m.span() for m in plainly.finditer(text)]
