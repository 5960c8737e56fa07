"""Typed, frozen models of the words the search reads: the topics (taxonomy.yaml), how people
write (vocabulary.yaml), the danger signals (crisis.yaml) and the messages that get no services
(guards.yaml). Like every model here, each forbids unknown keys."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from bot.catalog.models import Frozen, NonEmpty, Slug

# How a crisis message to her ends: a whole sentence.
SENTENCE_ENDS = ("。", "．", "！", "？", ".", "!", "?", "」", "）", ")")


class Topic(Frozen):
    id: Slug
    label: NonEmpty
    label_en: NonEmpty
    description: str = ""
    # The windows to offer first when a message is about this topic.
    primary: tuple[Slug, ...] = ()


class Taxonomy(Frozen):
    topics: tuple[Topic, ...] = Field(min_length=1)


class VocabularyTerm(Frozen):
    """How people write about a need, mapped to topics and entries."""

    terms: tuple[NonEmpty, ...] = Field(min_length=1)
    topics: tuple[Slug, ...] = ()
    entries: tuple[Slug, ...] = ()
    weight: float = Field(default=1.0, gt=0, le=5)
    note: str = ""

    @model_validator(mode="after")
    def _targets(self) -> VocabularyTerm:
        if not self.topics and not self.entries:
            raise ValueError("a vocabulary item must point to topics or entries")
        return self


class Vocabulary(Frozen):
    items: tuple[VocabularyTerm, ...] = Field(min_length=1)


class CrisisKind(Frozen):
    """A kind of danger now, and the contacts that come first for it."""

    id: Slug
    label: NonEmpty
    message: NonEmpty
    message_en: NonEmpty
    # The same message in Tagalog, Vietnamese, Chinese and Korean.
    translations: dict[Literal["tl", "vi", "zh", "ko"], NonEmpty] = Field(default_factory=dict)
    contacts: tuple[Slug, ...] = Field(min_length=1)
    # Topics whose services follow the emergency numbers.
    topics: tuple[Slug, ...] = ()

    @model_validator(mode="after")
    def _whole_sentences(self) -> CrisisKind:
        texts = {"message": self.message, "message_en": self.message_en}
        texts |= {f"translations.{lang}": text for lang, text in self.translations.items()}
        for name, text in texts.items():
            value = text.rstrip()
            if not value.endswith(SENTENCE_ENDS):
                raise ValueError(f"{name}: a crisis message must end a sentence; it ends {value[-12:]!r}")
        return self


class TermRule(Frozen):
    """Fires when any of ``terms`` occurs, or when every ``all_of`` group has a term that occurs."""

    terms: tuple[NonEmpty, ...] = ()
    all_of: tuple[tuple[NonEmpty, ...], ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _some_terms(self) -> TermRule:
        if not self.terms and not self.all_of:
            raise ValueError("terms: a rule needs terms or all_of groups")
        return self


class CrisisConcept(Frozen):
    """One warning sign, written as the shapes a sentence takes when it says it.

    ``patterns`` are Japanese word sequences matched on the dictionary forms of the
    words she wrote, in order, within one clause (``死ぬ たい`` is 死にたい, 死にたくなる,
    しにたかった); ``$class`` stands for any word of a class in ``words``, ``NEG`` for a
    negation, and ``@vol`` after an item asks for its volitional form (死のう).
    ``terms`` are written forms for other languages and for words the dictionary splits.
    """

    id: Slug
    kinds: tuple[Slug, ...] = Field(min_length=1)
    sign: Slug  # the warning sign it stands for, for reports
    patterns: tuple[NonEmpty, ...] = ()
    terms: tuple[NonEmpty, ...] = ()
    # Word classes each of which must occur somewhere in what is kept of the message.
    needs: tuple[Slug, ...] = ()
    # Word classes any of which, anywhere in the message, says what the sign is about
    # instead (ロープを買った with キャンプ, 怒鳴り声 with 騒音): the sign is set aside.
    unless: tuple[Slug, ...] = ()
    # figurative: often a figure of speech (上司に殺される笑, 恥ずかしくて消えたい笑), so laughter
    # in its sentence sets it aside. plain: a condition before it (機嫌が悪いと物を投げてくる)
    # makes it a habit, not an event now. severe (a weapon, a threat to kill, an overdose):
    # only a negation, the past, もし or fiction set it aside.
    strength: Literal["severe", "plain", "figurative"] = "plain"
    # A bare cry for help fires only when it is (nearly) the whole message.
    alone: bool = False
    # nonpast: a sign that says what she will do (死にます); told in the past (自殺しました) it
    # is someone else's death, or over. past: a sign of what was just done (薬を全部飲んだ);
    # told in the present (咳止めを大量に飲む) it is a habit.
    tense: Literal["any", "past", "nonpast"] = "any"
    note: str = ""

    @model_validator(mode="after")
    def _some_shapes(self) -> CrisisConcept:
        if not self.patterns and not self.terms:
            raise ValueError("patterns: a concept needs patterns or terms")
        return self


class ScopeCues(Frozen):
    """Word classes (names in ``words``) that set a sign aside when they govern it."""

    past: Slug  # a time long past in the same clause (昔, years ago)
    now: Slug  # a time now, which keeps a clause with a past cue in the present (今も)
    # A past within the week (先週末, last weekend): what was done to her then is still recent, and
    # does not set a sexual assault aside (the days when care, evidence and the morning-after
    # pill matter).
    week: Slug
    hypothetical: Slug  # もし, if
    fiction: Slug  # a drama, a game, a novel in the same sentence
    laughter: Slug  # 笑, www, lol: only for figurative concepts
    negation: Slug  # written negations just before a sign, in other languages (never, 没有)
    trivial: Slug  # a trivial cause in the sentence (恥ずかしい, 暑い, 推し): figurative signs are set aside
    # A professional asking how to respond (保健室の先生です, 初期対応): every sign is set aside,
    # and the learned model is not asked; one who tells of a severe sign with a time now
    # (いまロビーに刃物を持った夫が) is reporting an emergency and is not set aside.
    professional: Slug
    # Someone out of reach now (電話がつながらない, 既読にならない): a professional who says so
    # is reporting an emergency, not asking how to respond, and is not set aside.
    unreachable: Slug
    # What the person she supports told her (「…」と連絡がありました): with a time now in the
    # message, a professional passing on a danger as it happens is reporting an emergency too.
    relayed: Slug
    # A relay still going on as she types (「…」とLINEしてきています, 電話中, on the phone with me):
    # a danger passed on as it happens, with or without a word for now.
    relaying: Slug
    # Hearsay about someone else (友達が無理やりされたって打ち明けてくれた, 妹が殴られてるっぽい): a
    # danger told of another person, with no time now, is asked about to help her, not happening
    # here; a child's danger, pills taken and someone in danger now keep their alarm.
    hearsay: Slug
    someone: Slug
    # She says it is not an emergency (今すぐ危ないってわけじゃない, 急ぎじゃない, 110番するほどなのかな):
    # signs of violence that are not severe are set aside (an ex who waits outside), and so is
    # the learned model's alarm of violence; a wish to die or an assault keeps its alarm.
    calm: Slug
    # A worry the learned model reads as despair (生理が遅れてる、誰にも言えない): the model is not
    # asked; the rules still are (妊娠したかも。もう死にたい).
    unasked: Slug
    # A professional asking how to handle a kind of message (対応マニュアル, 一般論として): a
    # severe sign with a time now is still a question, not a report (『今から死ぬ』と来たら).
    asking: Slug
    # She says she is not joking (웃기려는 게 아니라, not a joke anymore): her laughter sets nothing aside.
    earnest: Slug


class CrisisLexicon(Frozen):
    kinds: tuple[CrisisKind, ...] = Field(min_length=1)
    words: dict[Slug, tuple[NonEmpty, ...]] = Field(min_length=1)
    concepts: tuple[CrisisConcept, ...] = Field(min_length=1)
    cues: ScopeCues
    # Idioms removed before the search ranks (死ぬほど疲れた says nothing about the need).
    idioms: tuple[NonEmpty, ...] = ()


class DeclineRule(TermRule):
    """Messages to which no service is offered (someone hunting a woman, spam)."""

    id: Slug  # the reason given with a declined answer (locate, spam, ...)
    note: NonEmpty
    # Words of a need for help: any of them sets the rule aside (a recipe asked for by a
    # woman who says she is afraid is not an errand).
    none_of: tuple[NonEmpty, ...] = ()
    # An errand is answered after all when the message also tells of danger: the services
    # come with the emergency lines (ネイルの予約もキャンセルした…消えてなくなりたい).
    unless_danger: bool = False


class SmallTalk(Frozen):
    """A whole message that asks for nothing (こんにちは, ありがとう, 人間ですか): a short answer."""

    id: Literal["greeting", "thanks", "human", "bye"]
    terms: tuple[NonEmpty, ...] = Field(min_length=1)


class Guards(Frozen):
    decline: tuple[DeclineRule, ...] = ()
    # Phrases that look like a search for someone but are not (仕事を探したい); they are
    # taken out of a message before the decline rules are checked.
    benign: tuple[NonEmpty, ...] = ()
    smalltalk: tuple[SmallTalk, ...] = ()
    # She says she reads little Japanese (日本語が少し): answers in やさしい日本語.
    easy_japanese: tuple[NonEmpty, ...] = ()
