"""Text normalisation applied to everything before it is analysed."""

from __future__ import annotations

import functools
import re
import unicodedata

# The longest text a search reads, in characters: the API and the page refuse longer
# queries, and a longer LINE message is read by its beginning and its end (``bounded``).
# A search's cost grows with its length (a 1,000-character message of random kana is
# tens of milliseconds), so this bounds what one request can cost.
MAX_QUERY_CHARS = 1000

_HIRA_START, _HIRA_END = 0x3041, 0x3096
_KATA_OFFSET = 0x60
_NOISE = re.compile(
    r"[\u2000-\u206f\u2190-\u2bff\u3000-\u3003\u3008-\u3020\u30fb\ufe0f\U0001f000-\U0001faff\u200d]"
)
_PUNCT = re.compile(r"[!-/:-@\[-`{-~、。・…‥「」『』（）()【】〔〕［］｛｝〈〉《》！？～〜]")
_SPACES = re.compile(r"\s+")
_LONG_VOWEL_LIKE = re.compile(r"(?<=[\u30a1-\u30fa])[\u4e00\u2212\u2010-\u2015\uff70](?=[\u30a1-\u30fa]|$)")


def normalize(text: str) -> str:
    """NFKC, unify dashes and long-vowel marks, drop emoji and decoration, fold case."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 2])
    if not text.isprintable():  # a printable text holds no control or format character
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = _LONG_VOWEL_LIKE.sub("ー", text)
    text = _NOISE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().lower()
    return text[:MAX_QUERY_CHARS]


def bounded(text: str) -> str:
    """The text a search reads: all of it, or for a longer message its first and last halves of
    ``MAX_QUERY_CHARS`` on lines of their own (what she asks for, or a danger, is often at the end)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    half = (MAX_QUERY_CHARS - 1) // 2
    return text[:half] + "\n" + text[-half:]


def strip_punct(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


# Hiragana ぁ..ゖ and the katakana ァ..ヶ that stand for them, as tables for ``str.translate``.
_TO_KATAKANA = {code: code + _KATA_OFFSET for code in range(_HIRA_START, _HIRA_END + 1)}
_TO_HIRAGANA = {code + _KATA_OFFSET: code for code in range(_HIRA_START, _HIRA_END + 1)}
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30faーっッ ]+")


def to_katakana(text: str) -> str:
    return text.translate(_TO_KATAKANA)


def to_hiragana(text: str) -> str:
    return text.translate(_TO_HIRAGANA)


def is_kana(text: str) -> bool:
    """Only hiragana, katakana, the long-vowel mark and spaces (and at least one of them)."""
    return _KANA.fullmatch(text) is not None


_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[a-z]")
_VI = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_TL_WORDS = re.compile(r"\b(ako|ang|ng|mga|hindi|ko|sa|wala|gusto|asawa|po|kasi)\b")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Words of Indonesian, Portuguese and Spanish that English does not write: two different ones
# make a sentence in latin letters one of these languages, not English.
_LATIN_LANGUAGES = (
    (
        "id",
        re.compile(
            r"\b(saya|aku|tidak|gak|nggak|ngga|yang|dan|ini|itu|mau|bisa|sudah|udah|suami|tolong|dengan"
            r"|untuk|kerja|uang|hamil|takut|karena|bagaimana|gimana|dari|anak|sekarang|tapi|kami|kita)\b"
        ),
    ),
    (
        "pt",
        re.compile(
            r"\b(não|nao|você|voce|estou|tô|meu|minha|muito|tenho|sou|ele|ela|isso|está|uma|pra|obrigada"
            r"|grávida|gravida|ajuda|dinheiro|filho|filha|trabalho|casa|quero|preciso|posso|sem|também|para"
            r"|que|por|anos|mulher|mulheres|saúde)\b"
        ),
    ),
    (
        "es",
        re.compile(
            r"\b(estoy|tengo|soy|pero|porque|él|ella|una|mis|muy|qué|cómo|dónde|donde|ayuda|esposo|embarazada"
            r"|dinero|trabajo|hijo|hija|casa|del|los|las|nada|puedo|quiero|necesito|también|sin|mi|para|hay|con|por"
            r"|que|años|mujer|mujeres|salud|semanas|hace)\b"
        ),
    ),
)


# Characters of Chinese that Japanese does not write (simplified forms, traditional forms
# Japanese replaced, and Chinese function words): kanji without kana is Japanese unless
# one of these is in it (離婚, 性暴力 and 一時保護 are Japanese searches).
_CHINESE_ONLY = re.compile(
    "[吗么们这没说还让给吧呢啊个为从对过妈钱该怎样请问帮谢报护离妇岁儿吃哪啥咋跟难现强怀顶里拿"
    "嗎麼們這沒說讓對媽錢怎樣幫麽裡妳她]"
    "|我(?!慢)|(?<![終完修満魅])了|不想|不是|不会|不能|想死|想要|他的|他在"
)
# Latin acronyms that Japanese writes as they are: a search for "DV" is Japanese.
_JAPANESE_ACRONYMS = frozenset(
    {
        "dv",
        "od",
        "lgbt",
        "lgbtq",
        "sns",
        "line",
        "ok",
        "ng",
        "pc",
        "gps",
        "pta",
        "ivf",
        "hiv",
        "adhd",
        "ptsd",
        "sos",
        "nhk",
    }
)


def detect_language(text: str) -> str:
    """A coarse guess: ja, zh, ko, vi, tl, th, ne, id, pt, es, en, or other."""
    kana = len(re.findall(r"[\u3040-\u30ff]", text))
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    if kana:
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _THAI.search(text):
        return "th"
    if _DEVANAGARI.search(text):
        return "ne"
    if han:
        return "zh" if _CHINESE_ONLY.search(text) else "ja"
    lowered = text.lower()
    latin_words = re.findall(r"[a-z]+", lowered)
    if latin_words and all(w in _JAPANESE_ACRONYMS for w in latin_words):
        return "ja"
    if _VI.search(lowered):
        return "vi"
    if len(_TL_WORDS.findall(lowered)) >= 2:
        return "tl"
    found = [(len(set(words.findall(lowered))), language) for language, words in _LATIN_LANGUAGES]
    most, language = max(found, key=lambda f: f[0])  # the first listed wins a tie
    if most >= 2:
        return language
    if _LATIN.search(lowered):
        return "en"
    return "other"


# Vietnamese written without its marks and Chinese written in traditional characters are
# read like their standard forms: ``folded`` takes the marks off latin letters (ố → o,
# đ → d) and writes the traditional characters of this table simplified, one character for
# one, so offsets in the folded text are offsets in the text. The table holds the
# characters of everyday crisis words (裡 → 里, 歲 → 岁, 樓 → 楼, 藥 → 药), not all of Chinese.
_TRADITIONAL = (
    "個們來會這說説話讓對還沒給嗎媽兒兩歲燒橋層頂樓陽臺懸結東見謝別遺書記憶識覺過麼為從裡裏體傷滿帶車備"
    "買賣繩錢債險寫錄視頻碼機貼簽張紙處開燙膠劑紐鐵鋼槍罵嚇報護顧託貓寵飯餵鑰聯絡繫係斷應響聲邊靜愛號"
    "證單經歷請問幫該樣時現剛發關辦頭醫隨間臥廁鎖無氣墜濕紅盡輕鬆撐絕願厭煩難淚總認錯藥殺強離門綁蹤跡"
    "著後壓戶淨殘憂鬱懼驚嚴廢鬧漢產懷婦診療員場專義務據獨親戀樂飲餓喪靈燈熱煙點夢貸騙償銀財貨購費價"
    "條訊郵傳幾隻塊歡夠讀學習課試題業職約園區鄰鬥聽嗚驗噁惡罰獄監掛絲線陸運軌達腦臉腳膚顆兇擋擠搶掙脫"
    "褲爛腫壞滾網麵廳館賓亂顯實際確轉換負擔連續舊樹緊電數萬協議論談訴詢諮輔導師構韓語國灣裝製隊態衝"
    "龍鳥魚馬齒噴嚥嗆彈鈕釦潔幣銅釘針櫃廈漁灘濤癢瘋憐憤悶戰斃墳棄賴誰"
)
_SIMPLIFIED = (
    "个们来会这说说话让对还没给吗妈儿两岁烧桥层顶楼阳台悬结东见谢别遗书记忆识觉过么为从里里体伤满带车备"
    "买卖绳钱债险写录视频码机贴签张纸处开烫胶剂纽铁钢枪骂吓报护顾托猫宠饭喂钥联络系系断应响声边静爱号"
    "证单经历请问帮该样时现刚发关办头医随间卧厕锁无气坠湿红尽轻松撑绝愿厌烦难泪总认错药杀强离门绑踪迹"
    "着后压户净残忧郁惧惊严废闹汉产怀妇诊疗员场专义务据独亲恋乐饮饿丧灵灯热烟点梦贷骗偿银财货购费价"
    "条讯邮传几只块欢够读学习课试题业职约园区邻斗听呜验恶恶罚狱监挂丝线陆运轨达脑脸脚肤颗凶挡挤抢挣脱"
    "裤烂肿坏滚网面厅馆宾乱显实际确转换负担连续旧树紧电数万协议论谈诉询咨辅导师构韩语国湾装制队态冲"
    "龙鸟鱼马齿喷咽呛弹钮扣洁币铜钉针柜厦渔滩涛痒疯怜愤闷战毙坟弃赖谁"
)
_FOLD = {ord(t): s for t, s in zip(_TRADITIONAL, _SIMPLIFIED, strict=True)}
for _code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
    _base = unicodedata.normalize("NFD", chr(_code))
    if len(_base) > 1 and _base[0].isascii() and all(unicodedata.combining(c) for c in _base[1:]):
        _FOLD[_code] = _base[0]
_FOLD.update({ord("đ"): "d", ord("Đ"): "D"})
_TRADITIONAL_CHAR = re.compile(f"[{_TRADITIONAL}]")
_KANA_CHAR = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
# Words of Vietnamese that a sentence typed without marks still shows (em, khong, roi, nua):
# two of them make a sentence in latin letters Vietnamese.
_VI_PLAIN_WORDS = re.compile(
    r"(?<![a-z])(em|toi|khong|duoc|roi|nua|cua|nguoi|minh|voi|lam|qua|bi|dang|nhung|nhieu|cung|thi|chong"
    r"|con|ve|chi|anh|oi|gio|lai|vay|sao|dau|nay|muon|chet|het|luon|ngay|dem)(?![a-z])"
)


# Called on the sentences of her message, once per set of crisis terms (a few hundred times a
# message): a memo for one message or a few at once, not a store of what people wrote.
@functools.lru_cache(maxsize=256)
def folded(text: str) -> str | None:
    """``text`` with Vietnamese marks taken off and traditional characters simplified, when
    it is a sentence in Vietnamese (with or without its marks) or in Chinese written with
    traditional characters; None for any other sentence, which is read as written (a
    Japanese sentence keeps its kanji, an English one its words: bé folded is "be")."""
    if _KANA_CHAR.search(text):
        return None
    if _TRADITIONAL_CHAR.search(text) or _VI.search(text) or len(set(_VI_PLAIN_WORDS.findall(text))) >= 2:
        out = text.translate(_FOLD)
        assert len(out) == len(text)
        return out
    return None


def fold(text: str) -> str:
    """A lexicon form folded as ``folded`` folds a sentence."""
    return text.translate(_FOLD)
