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
        if token.lemmas & {"と", "ば"} and conditional and not asked:
            return True
    return False


_QUOTE = frozenset({"思う", "言う", "考える", "言い出す"})


def _rhetorical(before: Token, after: tuple[Token, ...]) -> bool:
    """A negation asked as a question (楽なんじゃないか, 迷惑ではないかと): it says yes."""
    return bool(
        before.surface in {"じゃ", "では", "じゃあ"} and after and after[0].lemmas & {"か", "かな", "かしら"}
    )


# Adverbs of how long or how often, which stand between a sign and what tells it is over.
_OFTEN = frozenset({"ずっと", "よく", "良く", "いつも", "何度も", "時々", "たまに", "しばしば", "毎日"})


def chunk_denies(tokens: tuple[Token, ...], last: int, *, tense: str = "any", severe: bool = False) -> bool:
    """Whether the words trailing a sign deny it, tell of it as a past experience, make
    it a condition or a mere look: 死にたく・ない, 殴られた・こと・は・ない, 殴られた・こと・が・ある,
    思った・時期・も・あった, 殴られ・たら, 死に・そう, 尾行されてる・か・と・思った. Two negations
    cancel (ないわけじゃない).
    A sign that is not severe is also set aside as a habit or as over: 投げ・たり・する,
    つけられ・て・た (a progressive in the past). ``tense``: the concept's (see CrisisConcept)."""
    negations = 0
    past = experience = wondered = False
    trailing = tokens[last + 1 :]
    if trailing and trailing[0].surface == "そう" and trailing[0].pos == "形状詞":
        return True
    progressive = bool(tokens[last].lemmas & PROGRESSIVE) and tokens[last].pos != "名詞"
    # A sign whose own last word is the past (死ねなかった, 殴られた) is told in the past.
    ended = tokens[last]
    told_past = ended.pos == "助動詞" and "た" in ended.lemmas and not ended.form.startswith("仮定形")
    before = ended
    doubted = False
    for k, token in enumerate(trailing):
        # 言い出したら: a quote may go on in 出す (言い出す) or 始める (言い始める)
        quote = token.lemmas & _QUOTE or (before.lemmas & _QUOTE and token.lemmas & {"出す", "始める"})
        if token.pos == "副詞" and token.lemmas & _OFTEN:
            continue  # 死にたいってずっと思ってた時期
        if not (token.functional or quote) or token.breaks_clause:
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
            if token.form.startswith("仮定形") or doubted:
                return True
            if tense == "nonpast" or (progressive and not severe and not past):
                return True
            past = True
        elif token.pos2 == "接続助詞" and token.lemmas & {"ば", "なら"}:
            return True
        elif past and token.pos == "名詞" and token.lemmas & {"時期", "頃"}:
            return True  # 消えたかった時期, 殴られてた頃: a period that is over
        elif past and token.pos == "名詞" and token.lemmas & {"こと", "事", "時", "とき"}:
            experience = True
        elif experience and token.lemmas & {"ある", "有る"}:
            return True
    if tense == "past" and not (past or told_past):
        return True
    return negations % 2 == 1
