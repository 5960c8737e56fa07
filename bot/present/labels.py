"""Japanese words for the codes in the knowledge base, as support workers read them."""

from __future__ import annotations

from bot.catalog.models import Entry

KIND_LABELS: dict[str, str] = {
    "hotline": "電話・SNS相談",
    "consultation": "相談窓口",
    "shelter": "一時保護・住まい",
    "facility": "施設",
    "program": "事業",
    "subsidy": "助成・給付",
    "campaign": "啓発",
    "policy": "都の施策（内部）",
}

# Listing order without a query: what she can contact herself first.
KIND_ORDER: tuple[str, ...] = tuple(KIND_LABELS)

AUDIENCE_LABELS: dict[str, str] = {
    "women": "女性",
    "girls": "18歳未満の女の子",
    "young": "若い女性（おおむね15〜39歳）",
    "pregnant": "妊娠している人・妊娠に悩む人",
    "single-parent": "ひとり親",
    "with-children": "子どもがいる人",
    "parents": "保護者",
    "foreign-resident": "外国籍・外国にルーツのある人",
    "disability": "障害のある人",
    "transgender": "トランスジェンダーの人",
    "men": "男性",
    "anyone": "どなたでも",
    "employers": "事業主",
    "support-workers": "支援者・関係機関",
    "residents": "都内に住む・働く・学ぶ人",
}

CHANNEL_LABELS: dict[str, str] = {
    "phone": "電話",
    "line": "LINE",
    "chat": "チャット",
    "email": "メール",
    "web": "ウェブ",
    "visit": "来所",
}

STATUS_LABELS: dict[str, str] = {
    "active": "実施中",
    "ended": "終了",
    "planned": "予定",
    "unknown": "実施状況は未確認",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def age_text(entry: Entry) -> str:
    low, high = entry.audience.age_min, entry.audience.age_max
    if low is not None and high is not None:
        return f"{low}〜{high}歳"
    if low is not None:
        return f"{low}歳以上"
    if high is not None:
        return f"{high}歳以下"
    return ""


def audience_text(entry: Entry) -> str:
    """Who the entry is for, e.g. ``女性・子どもがいる人（18歳以上）``."""
    text = "・".join(AUDIENCE_LABELS.get(tag, tag) for tag in entry.audience.tags)
    age = age_text(entry)
    return f"{text}（{age}）" if age else text


def open_mark(open_now: bool | None) -> str:
    return {True: "受付中", False: "受付時間外", None: "受付時間は要確認"}[open_now]


def open_state(open_now: bool | None) -> str:
    """A class-name word for the open-now mark (the mark itself is always written out)."""
    return {True: "yes", False: "no", None: "unknown"}[open_now]


# The languages a channel's sources say it takes, besides Japanese.
LANGUAGE_LABELS: dict[str, str] = {
    "en": "英語",
    "zh": "中国語",
    "ko": "韓国語",
    "pt": "ポルトガル語",
    "es": "スペイン語",
    "tl": "タガログ語",
    "vi": "ベトナム語",
    "th": "タイ語",
    "id": "インドネシア語",
    "ne": "ネパール語",
    "fr": "フランス語",
    "hi": "ヒンディー語",
    "my": "ミャンマー語",
}
