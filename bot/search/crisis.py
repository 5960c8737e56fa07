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

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.catalog.crisis_model import CrisisModel
from bot.catalog.lexicons import CrisisConcept, CrisisLexicon
from bot.search.analyzer import Analyzer
from bot.search.clauses import chunk_denies, habit, likened, may_come, since, somewhere, told
from bot.search.compiler import Compiler
from bot.search.concepts import Pattern, Terms, WordClass
from bot.search.crisis_features import features, message_lemmas
from bot.search.normalize import normalize, strip_punct
from bot.search.reading import Respellings, Sentence, sentences

_ELLIPSIS = re.compile(r"\.{2,}|…+|‥+")
# Tagalog's particles of respect (Hindi po ako pinapalabas) sit between the words of a phrase
_TAGALOG = re.compile(r"\b(?:ako|ko|ng|siya|yung|ang|niya|kami|naman|lang)\b", re.IGNORECASE)
_PO = re.compile(r"\s+(?:po|ho)\b(?!-)", re.IGNORECASE)


def _without_po(text: str) -> str:
    """The message with Tagalog's po and ho taken out, when it reads as Tagalog."""
    return _PO.sub("", text) if _PO.search(text) and _TAGALOG.search(text) else text


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


# The kinds of danger that hearsay about another adult sets aside: a child's danger, pills
# taken or a life at risk keep their alarm whoever tells of them.
HEARSAY_KINDS = frozenset({"violence", "sexual-assault"})
# The kinds of danger she can judge not urgent herself (an ex who waits outside, 急ぎじゃない):
# a wish to die or an assault keeps its alarm however calmly it is told.
CALM_KINDS = frozenset({"violence"})


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
    relayed: WordClass
    relaying: WordClass
    week: WordClass
    hearsay: WordClass
    someone: WordClass
    calm: WordClass
    unasked: WordClass
    asking: WordClass
    earnest: WordClass


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
            relayed=compiler.word_class(cues.relayed),
            relaying=compiler.word_class(cues.relaying),
            week=compiler.word_class(cues.week),
            hearsay=compiler.word_class(cues.hearsay),
            someone=compiler.word_class(cues.someone),
            calm=compiler.word_class(cues.calm),
            unasked=compiler.word_class(cues.unasked),
            asking=compiler.word_class(cues.asking),
            earnest=compiler.word_class(cues.earnest),
        )
        words = {m for members in lexicon.words.values() for m in members}
        items = (i for c in lexicon.concepts for p in c.patterns for i in p.replace("+", " ").split())
        words |= {i.removesuffix("@vol") for i in items}
        self._respell = Respellings(compiler.respellings(w for w in words if not w.startswith("$")))
        self._idioms = tuple(
            sorted(
                (strip_punct(normalize(i)).replace(" ", "") for i in lexicon.idioms), key=len, reverse=True
            )
        )

    def detect(self, text: str) -> CrisisFinding | None:
        parts = sentences(self._analyzer, _ELLIPSIS.sub(" ", _without_po(text)), respell=self._respell)
        if not parts:
            return None
        normalized = normalize(text)
        whole = strip_punct(normalized).replace(" ", "")
        every = [reading for part in parts for reading in part]
        laughing = _Lazy(
            lambda: (
                any(self._cues.laughter.positions(s) for s in every)
                and not any(self._cues.earnest.positions(s) for s in every)
            )
        )
        at_present = _Lazy(lambda: any(self._cues.now.positions(s) for s in every))
        # A professional asking how to respond is set aside; one who says the person she
        # supports cannot be reached now (本人と電話がつながりません), or passes on what that
        # person told her with a time now (今「…」と連絡がありました), is reporting an emergency.
        professional = _Lazy(
            lambda: (
                any(self._cues.professional.positions(s) for s in every)
                and not any(self._cues.unreachable.positions(s) for s in every)
                and not (any(self._cues.relayed.positions(s) for s in every) and at_present())
                and not any(self._cues.relaying.positions(s) for s in every)
            )
        )
        # A professional who tells of a sign with a time now (いまロビーに刃物を持った夫が, 生徒が
        # 今夜会うと), or of a severe sign at all (入所中の女性が手首を切っていて), is reporting
        # an emergency, unless she asks how to handle a kind of message (対応マニュアル).
        asking = _Lazy(lambda: any(self._cues.asking.positions(s) for s in every))
        # She says it is no emergency: a violence sign that is not severe is set aside.
        calm = _Lazy(lambda: any(self._cues.calm.positions(s) for s in every))
        seen: dict[str, CrisisConcept] = {}
        benign = False  # a sign stood, in a setting its concept names as ordinary (育児で外に出られない)
        found_in: list[tuple[Sentence, Matches]] = []  # every reading and its matches
        for readings in parts:
            matches = [self._matches(sentence) for sentence in readings]
            found_in.extend(zip(readings, matches, strict=True))
            for ci in sorted({ci for found in matches for ci in found}):
                concept = self._concepts[ci]
                if (
                    concept.spec.id not in seen
                    and self._fires(ci, readings, matches, whole=whole, laughing=laughing)
                    and not (
                        professional()
                        and (asking() or not (concept.spec.strength == "severe" or at_present()))
                    )
                    and not (
                        concept.spec.strength != "severe" and set(concept.spec.kinds) <= CALM_KINDS and calm()
                    )
                ):
                    setting = self._setting(concept, every)
                    if setting == "met":
                        seen[concept.spec.id] = concept.spec
                    elif setting == "ordinary":
                        benign = True
        if not seen:
            # Laughter sets aside a figure of speech among the rules' signs; the model, which
            # cannot tell one from a plea, is not asked about a message that laughs (宿題わかんない笑),
            # nor about one whose sign a rule found in a setting it knows to be ordinary or
            # read as a likeness.
            # A professional's message is put to the model only when she tells of something
            # happening now (the person she supports is calling, a child is to be collected
            # tonight) and asks no question of method (対応マニュアル).
            # A sign likened to something else (閉じ込められてる感, 首を絞められてるくらい) is read
            # by the rule as a figure; the model cannot tell.
            if (
                (professional() and (asking() or not at_present()))
                or laughing()
                or benign
                or any(
                    likened(sentence.tokens, first, last)
                    for sentence, found in found_in
                    for spans in found.values()
                    for first, last in spans
                )
                or any(self._cues.unasked.positions(s) for s in every)
            ):
                return None
            finding = self._second_opinion(normalized, whole, every)
            if finding is not None and set(finding.kinds) <= CALM_KINDS and calm():
                return None
            return finding
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

    @staticmethod
    def _setting(concept: _Concept, parts: list[Sentence]) -> str:
        """ "met" when the message holds what the concept needs and nothing it is ``unless``;
        "ordinary" when it holds what the concept is ``unless`` (a rope with キャンプ, the
        ingredients with 作る), whether or not its needs are there; "unmet" without its needs."""
        # An ordinary plan she told others (旦那にはキャンプ用って言った) is her cover story.
        if any(not told(s.tokens, i) for other in concept.unless for s in parts for i in other.positions(s)):
            return "ordinary"
        if not all(any(need.positions(s) for s in parts) for need in concept.needs):
            return "unmet"
        return "met"

    def _set_aside(
        self, concept: _Concept, sentence: Sentence, *, first: int, last: int, laughing: _Lazy | None = None
    ) -> bool:
        """Whether a negation, the past, a condition or fiction governs the sign at first..last;
        ``laughing``: the message laughs somewhere (笑, www), which sets figures of speech aside."""
        if chunk_denies(
            sentence.tokens, last, tense=concept.spec.tense, severe=concept.spec.strength == "severe"
        ):
            return True
        if likened(sentence.tokens, first, last) or (
            "suicide" in concept.spec.kinds and somewhere(sentence.tokens, first)
        ):
            return True
        clause = sentence.clause[first]
        in_clause = {i for i, c in enumerate(sentence.clause) if c == clause}
        cues = self._cues
        if concept.spec.strength != "severe" and may_come(sentence.tokens, last):
            return True  # 元夫がまた来るかもしれない: a fear of what may come, nothing now
        past = {i for i in cues.past.positions(sentence) & in_clause if not since(sentence.tokens, i)}
        if past and "sexual-assault" in concept.spec.kinds:
            past -= cues.week.positions(sentence)
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
        if (
            set(concept.spec.kinds) <= HEARSAY_KINDS
            and concept.spec.sign != "third-party-now"
            and cues.hearsay.positions(sentence) & in_clause
            and {i for i in cues.someone.positions(sentence) if i < first}
            and not cues.now.positions(sentence) & in_clause
        ):
            return True  # 友達が無理やりされたって打ち明けてくれた: told of her, to help her
        figurative = concept.spec.strength == "figurative"
        if figurative and ((laughing is not None and laughing()) or cues.trivial.positions(sentence)):
            return True
        if concept.spec.strength != "severe" and habit(sentence.tokens, first=first, in_clause=in_clause):
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
