"""Crisis detection: is she, or someone with her, in danger now, and of what kind?

Separate from the search on purpose: it has its own lexicon (``knowledge/crisis.yaml``),
written as warning signs (ideation, a plan, a method used, violence now, …) and their
shapes over the dictionary forms of her words (see ``concepts``), and it favours recall.

A sign is set aside only by what governs it: a negation, a past experience (たことがある)
or a condition (たら) in its own chunk, a time long past or もし in its clause, fiction in
its sentence. Laughter sets aside only signs that are often figures of speech
(上司に殺される笑), never a weapon, an overdose or a child hurt: frightened people laugh.
A professional asking how to respond (保健室の先生です…) is not a crisis.

Where no rule fires, a learned model (``bot.catalog.crisis_model``) may still raise the
alarm; it never silences a rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.catalog.crisis_model import CrisisModel
from bot.catalog.lexicons import CrisisConcept, CrisisLexicon
from bot.search.analyzer import Analyzer
from bot.search.concepts import PROGRESSIVE, Compiler, Pattern, Terms, WordClass
from bot.search.normalize import normalize, strip_punct, to_hiragana
from bot.search.reading import LETTER, Sentence, Token, sentences

_ELLIPSIS = re.compile(r"\.{2,}|…+|‥+")
_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(f"(?:{LETTER}|')+")
NGRAMS = (2, 3)  # character n-grams of the model's features
EMERGENCY_KINDS = frozenset({"violence", "medical", "child", "sexual-assault"})
NEGATION_REACH = 12  # characters before a sign in which a written negation governs it (never hit)
MODEL_SIGN = "model"  # the sign a finding of the learned model alone carries
MODEL_MIN_CHARS = 12  # shorter messages are judged by the rules alone
ALONE_SLACK = 3  # characters a bare cry for help may carry besides itself (助けて！！お願い)


@dataclass(frozen=True, slots=True)
class CrisisFinding:
    kinds: tuple[str, ...]  # the most urgent first: an emergency kind before listening lines
    signs: tuple[str, ...] = ()  # the warning signs seen, for reports

    @property
    def level(self) -> str:
        return "emergency" if EMERGENCY_KINDS & set(self.kinds) else "urgent"


@dataclass(frozen=True, slots=True)
class _Concept:
    spec: CrisisConcept
    patterns: tuple[Pattern, ...]
    terms: Terms
    needs: tuple[WordClass, ...]
    unless: tuple[WordClass, ...] = ()


class _Lazy:
    """A yes-or-no worked out once, the first time it is asked (does the message laugh?)."""

    def __init__(self, work: Callable[[], bool]) -> None:
        self._work: Callable[[], bool] | None = work
        self._value = False

    def __call__(self) -> bool:
        if self._work is not None:
            self._value, self._work = self._work(), None
        return self._value


Matches = dict[int, list[tuple[int, int]]]  # concept index -> (first word, last word) of each match


@dataclass(frozen=True, slots=True)
class _Cues:
    past: WordClass
    now: WordClass
    hypothetical: WordClass
    fiction: WordClass
    laughter: WordClass
    negation: WordClass
    trivial: WordClass
    professional: WordClass
    unreachable: WordClass


class CrisisDetector:
    def __init__(self, lexicon: CrisisLexicon, analyzer: Analyzer, model: CrisisModel | None = None) -> None:
        self._analyzer = analyzer
        self._model = model
        compiler = Compiler(analyzer, dict(lexicon.words))
        self._order = [k.id for k in lexicon.kinds]
        self._concepts = tuple(
            _Concept(
                spec=c,
                patterns=tuple(compiler.pattern(p) for p in c.patterns),
                terms=Terms.of(c.terms),
                needs=tuple(compiler.word_class(n) for n in c.needs),
                unless=tuple(compiler.word_class(n) for n in c.unless),
            )
            for c in lexicon.concepts
        )
        # Patterns by the dictionary forms their first word may take: a sentence tries only
        # the patterns whose first word it holds.
        self._by_start: dict[str, list[tuple[int, int]]] = {}
        for ci, concept in enumerate(self._concepts):
            for pi, pattern in enumerate(concept.patterns):
                for key in pattern.keys:
                    self._by_start.setdefault(key, []).append((ci, pi))
        self._any_term = Terms.of(t for c in lexicon.concepts for t in c.terms)
        cues = lexicon.cues
        self._cues = _Cues(
            past=compiler.word_class(cues.past),
            now=compiler.word_class(cues.now),
            hypothetical=compiler.word_class(cues.hypothetical),
            fiction=compiler.word_class(cues.fiction),
            laughter=compiler.word_class(cues.laughter),
            negation=compiler.word_class(cues.negation),
            trivial=compiler.word_class(cues.trivial),
            professional=compiler.word_class(cues.professional),
            unreachable=compiler.word_class(cues.unreachable),
        )
        words = {m for members in lexicon.words.values() for m in members}
        items = (i for c in lexicon.concepts for p in c.patterns for i in p.replace("+", " ").split())
        words |= {i.removesuffix("@vol") for i in items}
        self._respell = compiler.respellings(w for w in words if not w.startswith("$"))
        self._idioms = tuple(
            sorted(
                (strip_punct(normalize(i)).replace(" ", "") for i in lexicon.idioms), key=len, reverse=True
            )
        )

    def detect(self, text: str) -> CrisisFinding | None:
        parts = sentences(self._analyzer, _ELLIPSIS.sub(" ", text), respell=self._respell)
        if not parts:
            return None
        normalized = normalize(text)
        whole = strip_punct(normalized).replace(" ", "")
        every = [reading for part in parts for reading in part]
        laughing = _Lazy(lambda: any(self._cues.laughter.positions(s) for s in every))
        # A professional asking how to respond is set aside; one who says the person she
        # supports cannot be reached now (本人と電話がつながりません) is reporting an emergency.
        professional = _Lazy(
            lambda: (
                any(self._cues.professional.positions(s) for s in every)
                and not any(self._cues.unreachable.positions(s) for s in every)
            )
        )
        seen: dict[str, CrisisConcept] = {}
        for readings in parts:
            matches = [self._matches(sentence) for sentence in readings]
            for ci in sorted({ci for found in matches for ci in found}):
                concept = self._concepts[ci]
                if (
                    concept.spec.id not in seen
                    and self._fires(ci, readings, matches, whole=whole, laughing=laughing)
                    and not professional()
                    and self._needs_met(concept, every)
                ):
                    seen[concept.spec.id] = concept.spec
        if not seen:
            # Laughter sets aside a figure of speech among the rules' signs; the model, which
            # cannot tell one from a plea, is not asked about a message that laughs (宿題わかんない笑).
            if professional() or laughing():
                return None
            return self._second_opinion(normalized, whole, every)
        kinds = {k for c in seen.values() for k in c.kinds}
        ordered = sorted(kinds, key=lambda k: (k not in EMERGENCY_KINDS, self._order.index(k)))
        return CrisisFinding(kinds=tuple(ordered), signs=tuple(sorted({c.sign for c in seen.values()})))

    def _second_opinion(self, normalized: str, whole: str, readings: list[Sentence]) -> CrisisFinding | None:
        """What the learned model says where no rule fired: it only adds alarms, and only on
        a message long enough to judge (a bare ありがとうございました！ reads like a farewell)."""
        if self._model is None or len(whole) < MODEL_MIN_CHARS:
            return None
        kind = self._model.fires(features(normalized, message_lemmas(readings), normalized=True))
        return CrisisFinding(kinds=(kind,), signs=(MODEL_SIGN,)) if kind else None

    def _matches(self, sentence: Sentence) -> Matches:
        """Every concept's matches in one reading: patterns tried only where their first word
        stands, written forms only when one of them occurs at all."""
        found: Matches = {}
        by_start = self._by_start
        # Only the patterns whose every word the sentence holds somewhere are tried.
        keys = frozenset().union(*(token.keys for token in sentence.tokens))
        possible: dict[tuple[int, int], bool] = {}
        for i, token in enumerate(sentence.tokens):
            starts = {cp for key in token.keys if key in by_start for cp in by_start[key]}
            for ci, pi in starts:
                pattern = self._concepts[ci].patterns[pi]
                if (ok := possible.get((ci, pi))) is None:
                    ok = possible[(ci, pi)] = pattern.possible(keys)
                if not ok:
                    continue
                end = pattern.match_at(sentence, i)
                if end is not None:
                    found.setdefault(ci, []).append((i, end))
        if self._any_term.spans(sentence):
            for ci, concept in enumerate(self._concepts):
                for begin, end in concept.terms.spans(sentence):
                    found.setdefault(ci, []).append((sentence.token_at(begin), sentence.token_at(end - 1)))
        return found

    def _fires(
        self, ci: int, readings: tuple[Sentence, ...], matches: list[Matches], *, whole: str, laughing: _Lazy
    ) -> bool:
        """Whether the sign stands in one reading of the sentence and no reading that sees
        it also sees it set aside (a reading that misses a negation is a misreading)."""
        concept = self._concepts[ci]
        fired = False
        for sentence, found in zip(readings, matches, strict=True):
            verdicts = [
                self._set_aside(concept, sentence, first=first, last=last, laughing=laughing)
                for first, last in found.get(ci, ())
                if not concept.spec.alone or self._alone(sentence, first=first, last=last, whole=whole)
            ]
            if verdicts and all(verdicts):
                return False
            fired = fired or (bool(verdicts) and not all(verdicts))
        return fired

    @staticmethod
    def _alone(sentence: Sentence, *, first: int, last: int, whole: str) -> bool:
        at = sentence.offset
        span = strip_punct(sentence.text[sentence.tokens[first].begin - at : sentence.tokens[last].end - at])
        return len(whole) <= len(span.replace(" ", "")) + ALONE_SLACK

    def _needs_met(self, concept: _Concept, parts: list[Sentence]) -> bool:
        return all(any(need.positions(s) for s in parts) for need in concept.needs) and not any(
            other.positions(s) for other in concept.unless for s in parts
        )

    def _set_aside(
        self, concept: _Concept, sentence: Sentence, *, first: int, last: int, laughing: _Lazy | None = None
    ) -> bool:
        """Whether a negation, the past, a condition or fiction governs the sign at first..last;
        ``laughing``: the message laughs somewhere (笑, www), which sets figures of speech aside."""
        if _chunk_denies(
            sentence.tokens, last, tense=concept.spec.tense, severe=concept.spec.strength == "severe"
        ):
            return True
        clause = sentence.clause[first]
        in_clause = {i for i, c in enumerate(sentence.clause) if c == clause}
        cues = self._cues
        past = cues.past.positions(sentence) & in_clause
        if past and not {i for i in cues.now.positions(sentence) & in_clause if i < first}:
            return True
        # もし, 如果 and 만약 come before what they govern; "if" in a language written in latin
        # letters may follow (kill me if I'm late), except after a severe sign: "he'll kill me
        # if I leave" is a threat now. An "if" inside the sign is its own (如果我不在了).
        hypothetical = (cues.hypothetical.positions(sentence) & in_clause) - set(range(first, last + 1))
        if {i for i in hypothetical if i < first}:
            return True
        if hypothetical and sentence.has_latin and concept.spec.strength != "severe":
            return True
        if cues.fiction.positions(sentence):
            return True
        figurative = concept.spec.strength == "figurative"
        if figurative and ((laughing is not None and laughing()) or cues.trivial.positions(sentence)):
            return True
        if concept.spec.strength != "severe" and _habit(sentence.tokens, first=first, in_clause=in_clause):
            return True
        start = sentence.tokens[first].begin
        return any(
            start - NEGATION_REACH <= sentence.tokens[i].end <= start
            for i in cues.negation.positions(sentence)
        )

    def has_idioms(self, text: str) -> bool:
        normalized = normalize(text)
        return any(idiom in normalized for idiom in self._idioms)

    def without_idioms(self, text: str) -> str:
        """The text with figures of speech (死ぬほど, マジ死んだ) taken out."""
        text = _ELLIPSIS.sub(" ", normalize(text))
        for idiom in self._idioms:
            text = text.replace(idiom, " ")
        return text


def message_lemmas(readings: Iterable[Sentence]) -> set[str]:
    """The dictionary forms of a message's words, in every reading of its sentences."""
    return {
        lemma for s in readings for t in s.tokens if t.pos not in {"補助記号", "空白"} for lemma in t.lemmas
    }


def features(text: str, lemmas: Iterable[str], *, normalized: bool = False) -> set[str]:
    """The model's features of a message: ``c:`` character n-grams of the text in hiragana
    (ｼﾆﾀｲ and しにたい share them), ``w:`` dictionary forms, ``e:`` latin words and pairs.
    ``normalized``: the text has been through ``normalize`` already."""
    plain = _SPACES.sub(" ", to_hiragana(text if normalized else normalize(text)))
    out: set[str] = set()
    for n in NGRAMS:
        out.update("c:" + plain[i : i + n] for i in range(len(plain) - n + 1) if " " not in plain[i : i + n])
    out.update("w:" + lemma for lemma in lemmas if lemma.strip())
    words = _LATIN_WORD.findall(plain)
    out.update("e:" + w for w in words)
    out.update(f"e:{a} {b}" for a, b in itertools.pairwise(words))
    return out


def _habit(tokens: tuple[Token, ...], *, first: int, in_clause: set[int]) -> bool:
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


def _chunk_denies(tokens: tuple[Token, ...], last: int, *, tense: str = "any", severe: bool = False) -> bool:
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
