"""What governs a crisis sign in its own clause: the words that trail it (a negation, the
past, an experience, a condition, a fear that turned out wrong) and a condition before it that
makes it a habit. Read over Sudachi's tokens (``bot.search.reading``)."""

from __future__ import annotations

from bot.search.concepts import PROGRESSIVE
from bot.search.reading import Token


def habit(tokens: tuple[Token, ...], *, first: int, in_clause: set[int]) -> bool:
    """A condition before a sign in its clause makes it a habit (機嫌が悪いと物を投げてくる,
    帰ると殴られる): 接続助詞 と or ば, unless it asks how (どうすれば楽になれる). Not たら, which
    more often tells what happened next (泊まったら帰してくれない)."""
    for i in range(first):
        token = tokens[i]
        if i not in in_clause:
            continue
        conditional = token.pos2 == "接続助詞" or (
            i > 0 and tokens[i - 1].pos in {"動詞", "形容詞", "助動詞"}
        )
        asked = i > 1 and tokens[i - 2].lemmas & {"どう", "如何"}  # どうすれば asks how, it sets no condition
        # 「もう飛び降りる」と電話があり: と that quotes what was said sets no condition
        quoted = i + 1 < len(tokens) and bool(tokens[i + 1].lemmas & _SAID)
        # 行きたくないとか…: とか lists an example, it sets no condition
        if token.lemmas & {"と", "ば"} and conditional and not asked and not quoted and not _toka(tokens, i):
            return True
    return False


_SINCE_REACH = 3  # words from a time to the から that makes it "since" (前の会社の時から)


def since(tokens: tuple[Token, ...], at: int) -> bool:
    """A time long past followed by から says since when (去年から決めてた, 2年前から死にたい):
    what it governs goes on now. Only nouns and の may stand between."""
    for i in range(at + 1, min(len(tokens), at + 1 + _SINCE_REACH)):
        token = tokens[i]
        if token.surface == "から" and token.pos == "助詞":
            return True
        if token.pos not in {"名詞", "助詞", "接尾辞"} or token.surface in {"に", "は", "で", "が"}:
            return False
    return False


_QUOTE = frozenset({"思う", "言う", "考える", "言い出す"})
_SAID = _QUOTE | {
    "電話",
    "連絡",
    "メッセージ",
    "メール",
    "ライン",
    "書く",
    "送る",
    "叫ぶ",
    "泣く",
    "言い残す",
}


_ENDS = frozenset({"。", "！", "？", "!", "?"})  # the end of a sentence


def _toka(tokens: tuple[Token, ...], i: int) -> bool:
    """とか at word ``i`` (read as one word or as と and か): an example listed."""
    return tokens[i].surface == "とか" or (
        tokens[i].surface == "と" and i + 1 < len(tokens) and tokens[i + 1].surface == "か"
    )


# told, asked, or worn as a face (荷造り用ですって顔して): what others were given to believe
_TOLD = frozenset(
    {"言う", "聞く", "話す", "伝える", "誤魔化す", "ごまかす", "嘘", "説明", "顔", "ふり", "振り"}
)
_TOLD_REACH = 6  # words from an ordinary plan to the って that quotes it
_TOLD_VERB_REACH = 6  # words from that って to the verb of telling or asking (って配達の人に聞かれた)


def told(tokens: tuple[Token, ...], at: int) -> bool:
    """The word at ``at`` is what was told or asked of others (旦那にはキャンプ用って言った,
    キャンプ行くんですかって店員さんに聞かれて): a cover story, not what she is doing."""
    for j in range(at + 1, min(len(tokens), at + 1 + _TOLD_REACH)):
        token = tokens[j]
        # the quote is the plan itself (キャンプ用って): a case particle starts another phrase
        if token.surface in _ENDS or token.surface in {"に", "を", "が", "は"}:
            return False
        if token.surface in {"って", "と", "っと"} and token.pos == "助詞":
            after = tokens[j + 1 : j + 1 + _TOLD_VERB_REACH]
            if any(t.lemmas & _TOLD for t in after):
                return True
    return False


def may_come(tokens: tuple[Token, ...], last: int) -> bool:
    """A sign told as what may yet happen (元夫がまた来るかもしれない, 来るかも): a plain verb,
    not going on and not past, followed by かも."""
    ended = tokens[last]
    if ended.pos != "動詞" or not ended.form.startswith(("終止形", "連体形")) or ended.lemmas & PROGRESSIVE:
        return False
    after = tokens[last + 1 : last + 3]
    return bool(after) and (
        after[0].surface == "かも"
        or (len(after) == 2 and after[0].surface == "か" and after[1].surface == "も")
    )


_GOOD = frozenset({"いい", "良い", "ええ", "よい"})


def _wished(after: tuple[Token, ...]) -> bool:
    """たら followed by いい (死ねたらいいのに, 掛けたらええか): a wish, or asking how."""
    return bool(after) and bool(after[0].lemmas & _GOOD)


def _rhetorical(before: Token, after: tuple[Token, ...]) -> bool:
    """A negation asked as a question (楽なんじゃないか, 迷惑ではないかと): it says yes."""
    return bool(
        before.surface in {"じゃ", "では", "じゃあ"} and after and after[0].lemmas & {"か", "かな", "かしら"}
    )


_LIGHT = frozenset({"為る", "する"})
_NO_LONGER = frozenset({"もう", "最近", "全然", "一度", "二度と"})
_LIKE = frozenset({"よう", "様", "みたい"})
_MEASURE = frozenset({"ほど", "程", "くらい", "位", "ぐらい"})
_QUOTING = frozenset({"って", "と", "っていう", "という"})


def likened(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    """A verb of a sign that opens a simile or a measure: 死んだように眠る, 死ぬみたいに
    疲れた, 今週…死ぬほど忙しい, 閉じ込められてる感."""
    for i in range(first, last + 1):
        if tokens[i].pos != "動詞":
            continue
        # 死ぬほど, 死んだくらい, 首しめられてるくらい: a measure after the verb's own auxiliaries
        rest = tokens[i + 1 : i + 1 + _AUX_REACH]
        lead = 0
        while lead < len(rest) and (
            rest[lead].pos == "助動詞"
            or rest[lead].lemmas & PROGRESSIVE
            or rest[lead].surface in {"て", "で"}
        ):
            lead += 1
        if lead < len(rest) and rest[lead].lemmas & _MEASURE:
            return True
        after = tokens[i + 1 : i + 4]
        if after and after[0].pos == "助動詞" and "た" in after[0].lemmas:
            after = after[1:]
        # 閉じ込められてる感 (出してくる): the air of it, put on, not the thing
        if any(t.surface == "感" for t in after):
            return True
        # 飲んだようです, 死んだみたい say what seems to have happened; ように, みたいに liken
        if len(after) > 1 and after[0].lemmas & _LIKE and after[1].surface in {"に", "な"}:
            return True
    # もう生きていけない…ってくらいショック: the sign quoted as the measure of something else
    after = tokens[last + 1 : last + 4]
    if after and after[0].surface in _QUOTING:
        rest = after[1:]
        if rest and rest[0].lemmas & {"言う", "いう"}:
            rest = rest[1:]
        return bool(rest and rest[0].lemmas & _MEASURE)
    return False


_THIS_WORLD = frozenset({"ここ", "此処", "この世", "世界", "世の中", "此の世"})


def somewhere(tokens: tuple[Token, ...], first: int) -> bool:
    """居られない said of a place (家にいられなくなって): she cannot stay there, not 居なくなりたい."""
    return (
        first >= 2
        and bool(tokens[first].lemmas & {"居る", "いる"})
        and tokens[first - 1].surface in {"に", "で"}
        and not tokens[first - 2].lemmas & _THIS_WORLD
        and not _away_when(tokens, first)
    )


_WHEN = frozenset({"日", "時", "間", "うち", "隙"})


def _away_when(tokens: tuple[Token, ...], at: int) -> bool:
    """居ない日, 居ない間 (夫が出張でいない日に): when someone is away, a time, not a place."""
    after = tokens[at + 1 : at + 3]
    return len(after) == 2 and bool(after[0].negation) and bool(after[1].lemmas & _WHEN)


_MEMORY = frozenset({"思い出す", "忘れる", "離れる", "夢", "フラッシュバック", "引きずる", "トラウマ"})


def _sometimes(trailing: tuple[Token, ...]) -> bool:
    """痛くなる・こと・が・ある: what happens now and then, not now."""
    words = [t for t in trailing[:5] if t.surface not in {"が", "も"} and not t.lemmas & {"成る", "なる"}]
    return (
        len(words) >= 2
        and words[0].pos == "名詞"
        and bool(words[0].lemmas & {"こと", "事"})
        and bool(words[1].lemmas & {"ある", "有る"})
    )


def _recalled(trailing: tuple[Token, ...]) -> bool:
    for token in trailing[:10]:
        if token.breaks_clause:
            return False
        if token.lemmas & _MEMORY:
            return True
    return False


# Adverbs of how long or how often, which stand between a sign and what tells it is over.
_OFTEN = frozenset({"ずっと", "よく", "良く", "いつも", "何度も", "時々", "たまに", "しばしば", "毎日"})
# Adverbs that strengthen a denial after the sign: 死にたいとかじゃ・全然・ない.
_DENYING = frozenset({"全然", "全く", "別に", "決して", "そんなに", "ちっとも"})
_OVER_TIMES = frozenset({"夜", "日", "晩"})
_ONCE = frozenset({"回", "度", "一回", "一度", "一遍"})  # 一回も・ない: not even once
_TOKA_LEAD = 4  # auxiliaries between a sign and the とか that lists it (され・てる・とか)
_AUX_REACH = 5  # a verb's auxiliaries before a measure that likens it (しめ・られ・てる・くらい)


def _listed_then_denied(trailing: tuple[Token, ...]) -> bool:
    """The sign given as an example (とか) of what is then wholly denied: 死にたいとか
    そういうのは全然ないです, 無理やりとか危ないことされたことは一回もない."""
    # The sign may end before the auxiliaries of its own verb: 待ち伏せ・され・てる・とか.
    lead = 0
    while lead < min(len(trailing), _TOKA_LEAD) and not _toka(trailing, lead):
        if not (trailing[lead].functional or trailing[lead].lemmas & _LIGHT):
            return False
        lead += 1
    if lead >= len(trailing) or not _toka(trailing, lead):
        return False
    denying = False
    for k, token in enumerate(trailing[lead:], start=lead):
        if token.surface in _ENDS:
            break
        if (token.pos == "副詞" and token.lemmas & _DENYING) or (
            token.surface == "も" and k > 0 and trailing[k - 1].lemmas & _ONCE
        ):
            denying = True
        elif denying and token.negation:
            return True
    return False


def chunk_denies(tokens: tuple[Token, ...], last: int, *, tense: str = "any", severe: bool = False) -> bool:
    """Whether the words trailing a sign deny it, tell of it as a past experience, make
    it a condition or a mere look: 死にたく・ない, 殴られた・こと・は・ない, 殴られた・こと・が・ある,
    思った・時期・も・あった, 殴られ・たら, 死に・そう, 尾行されてる・か・と・思った. Two negations
    cancel (ないわけじゃない).
    A sign that is not severe is also set aside as a habit or as over: 投げ・たり・する,
    つけられ・て・た (a progressive in the past). ``tense``: the concept's (see CrisisConcept)."""
    negations = 0
    experience = wondered = False
    trailing = tokens[last + 1 :]
    if _listed_then_denied(trailing):
        return True
    if (
        trailing
        and trailing[0].surface == "そう"
        and trailing[0].pos == "形状詞"
        and not tokens[last].form.startswith("終止形")
    ):
        return True  # 死にそう looks likely; 屋上にいるそうです is what she was told
    progressive = bool(tokens[last].lemmas & PROGRESSIVE) and tokens[last].pos != "名詞"
    # A sign whose own last word is the past (死ねなかった, 殴られた) is told in the past.
    ended = tokens[last]
    told_past = ended.pos == "助動詞" and "た" in ended.lemmas and not ended.form.startswith("仮定形")
    past = told_past  # 殴られた・こと・ある: the sign's own た starts an experience too
    if _sometimes(trailing) and not ended.lemmas & {"たい"}:  # 死にたいことがある still says it
        return True
    before = ended
    doubted = False
    # A sign that is a noun (リスカ, オーバードーズ) is done or not done by the light verb
    # after it: リスカは・もう・して・ない.
    light = ended.pos == "名詞"
    for k, token in enumerate(trailing):
        if light and (token.lemmas & _LIGHT or (token.pos == "副詞" and token.lemmas & _NO_LONGER)):
            continue
        if (
            light
            and token.pos == "名詞"
            and before.surface == "も"
            and k + 1 < len(trailing)
            and trailing[k + 1].surface == "も"
        ):
            continue  # 出血も・痛みも・ない: nouns listed with も are denied together
        # 言い出したら: a quote may go on in 出す (言い出す) or 始める (言い始める)
        quote = token.lemmas & _QUOTE or (before.lemmas & _QUOTE and token.lemmas & {"出す", "始める"})
        if token.pos == "副詞" and token.lemmas & (_OFTEN | _DENYING):
            continue  # 死にたいってずっと思ってた時期; 死にたいとかじゃ全然ない
        if experience and token.lemmas & _ONCE:
            continue  # された・こと・は・一回・も・ない
        if token.surface == "じゃ" and token.pos == "接続詞":
            continue  # the copula's じゃ, read as a conjunction after とか
        # 思った・夜・が・あった: a night, a day when it was so is a time that is over
        over = past and token.pos == "名詞" and token.lemmas & _OVER_TIMES
        if not (token.functional or quote or over) or token.breaks_clause:
            break
        if (
            token.negation
            and not before.lemmas & {"しれる", "知れる"}
            and not _rhetorical(before, trailing[k + 1 :])
        ):
            negations += 1  # バレたかもしれない is a fear, not a denial; 楽なんじゃないか says yes
        before = token
        if not severe and token.pos == "助詞" and "たり" in token.lemmas:
            return True
        if token.pos == "助詞" and "か" in token.lemmas:
            wondered = True  # つけられてる・か・と・思った: a fear that turned out wrong
        elif wondered and quote and not severe:
            doubted = True  # …と思った is over; 楽になれるか考えてる goes on
        if token.pos == "助動詞" and "た" in token.lemmas:
            if token.form.startswith("仮定形") and _wished(trailing[k + 1 :]):
                break  # 死ねたらいいのに, どこに掛けたらええか: a wish or asking how, not a condition
            if token.form.startswith("仮定形") or doubted:
                return True
            if tense == "nonpast" or (progressive and not severe and not past):
                return True
            past = True
        elif token.pos2 == "接続助詞" and token.lemmas & {"ば", "なら"}:
            return True
        elif past and token.pos == "名詞" and token.lemmas & {"時期", "頃"}:
            return True  # 消えたかった時期, 殴られてた頃: a period that is over
        elif past and token.pos == "名詞" and token.lemmas & ({"こと", "事", "時", "とき"} | _OVER_TIMES):
            experience = True
        elif experience and token.lemmas & {"ある", "有る"}:
            return True
    if experience and _recalled(trailing):
        return True  # 無理やりされたことが頭から離れない: a memory that stays
    if tense == "past" and not (past or told_past):
        return True
    return negations % 2 == 1
