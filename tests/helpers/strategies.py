"""Hypothesis strategies for what people send: messages, ids, query values, postback data.

The words of the knowledge base (entry names, vocabulary, crisis and guard terms) are mixed
with arbitrary unicode so that generated messages reach the phrase, crisis and fuzzy paths,
not only the "nothing found" one.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_from_bytes, urlencode

from hypothesis import strategies as st

from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT, load_knowledge

# Characters that have broken text handling somewhere: NUL and other controls, zero-width
# and bidi marks, a BOM, combining marks, emoji with joiners and skin tones, characters that
# NFKC expands many times over, full- and half-width forms, line separators.
AWKWARD = (
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\r\n",
    "\t",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\u200d",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\u0301",
    "ﷺ",
    "㍿",
    "ｶﾞ",
    "ー",
    "～",
    "😭",
    "👩🏽‍👧",
    "🇯🇵",
    "%",
    "&",
    "=",
    "#",
    "+",
    "\\",
    "'",
    '"',
    "<script>",
    "{{ x }}",
)
SPACES = " \t\n\r\x0b\x0c\u3000\u00a0\u2028\u2003"


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return load_knowledge(DEFAULT_ROOT)


@lru_cache(maxsize=1)
def kb_words() -> tuple[str, ...]:
    """Every phrase the search knows about, in the forms editors wrote them."""
    kb = knowledge()
    words: set[str] = set()
    for entry in kb.entries:
        words.update([entry.name, *entry.alternate_names, *entry.examples])
    for item in kb.vocabulary.items:
        words.update(item.terms)
    for concept in kb.crisis.concepts:
        words.update(concept.terms)
        items = (item for pattern in concept.patterns for item in pattern.replace("+", " ").split())
        words.update(item for item in items if item[0] not in "$N")
    for members in kb.crisis.words.values():
        words.update(members)
    words.update(kb.crisis.idioms)
    for rule in kb.guards.decline:
        words.update(rule.terms)
    words.update(kb.guards.benign)
    words.update(t.label for t in kb.taxonomy.topics)
    return tuple(sorted(words))


@lru_cache(maxsize=1)
def entry_ids() -> tuple[str, ...]:
    return tuple(sorted(e.id for e in knowledge().entries))


@lru_cache(maxsize=1)
def topic_ids() -> tuple[str, ...]:
    return tuple(t.id for t in knowledge().taxonomy.topics)


words = st.deferred(lambda: st.sampled_from(kb_words()))
known_ids = st.deferred(lambda: st.sampled_from(entry_ids()))
known_topics = st.deferred(lambda: st.sampled_from(topic_ids()))

# Any text: every unicode category but surrogates (which UTF-8 cannot carry).
any_text = st.text(max_size=80)
awkward = st.sampled_from(AWKWARD)


def _mix(parts: list[str]) -> str:
    return "".join(parts)


def texts(*, longest: int) -> st.SearchStrategy[str]:
    """What she might write: anything, the base's own words among noise, only spaces, or a lot."""
    lengths = st.one_of(st.integers(1, longest), st.sampled_from([999, 1000, 1001, 1999, 2000, 2001]))
    return st.one_of(
        any_text,
        st.lists(st.one_of(words, words, awkward, st.text(max_size=6)), min_size=1, max_size=8).map(_mix),
        st.text(alphabet=SPACES, min_size=1, max_size=20),
        # Long messages: a piece repeated up to a length, so that generating them stays cheap.
        st.builds(
            lambda piece, n: (piece * n)[:n], st.one_of(words, st.text(min_size=1, max_size=8)), lengths
        ),
    )


# A query string has to fit in a URL; a webhook body can carry more.
messages = texts(longest=2100)
long_messages = texts(longest=20_000)


def ids() -> st.SearchStrategy[str]:
    """Entry ids: real ones, near misses, and arbitrary text."""
    near = st.builds(
        lambda i, junk: i + junk, known_ids, st.sampled_from(["-", " ", "/", "%", "..", "\x00", "X"])
    )
    return st.one_of(known_ids, near, any_text)


# A query parameter's value: what a form, a script or an attacker might send.
# Text that looks like a number to one function and not to another: every kind of digit
# (full-width, Arabic-Indic, superscript, circled, Roman numerals), signs and spaces.
DIGIT_LIKE = "５٣०²³¹₂①⑳⓪Ⅻⅸ〇一½"
numberish = st.one_of(
    st.sampled_from(DIGIT_LIKE),
    st.text(
        alphabet=st.one_of(
            st.sampled_from("0123456789+-. _"),
            st.sampled_from(DIGIT_LIKE),
            st.characters(categories=["Nd", "No", "Nl"]),
        ),
        min_size=1,
        max_size=4,
    ),
)
param_values = st.one_of(
    numberish,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", " ", "0", "1", "5", "50", "51", "-1", "1e3", "0x10", "٣", "５", "true", "null", "[]"]
    ),
    st.sampled_from(["public", "worker", "PUBLIC", "admin", "worker\x00"]),
    any_text,
)


# A raw query string: any bytes, percent-encoded (invalid UTF-8 included), some bare "%".
raw_query = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(["q", "age", "topic", "ids", "limit", "who", "%", ""]), st.binary(max_size=6)
        ),
        st.one_of(st.binary(max_size=12), st.sampled_from([b"%", b"%zz", b"%%", b"\xff"])),
    ),
    max_size=5,
).map(
    lambda pairs: "&".join(
        (k if isinstance(k, str) else quote_from_bytes(k, safe="")) + "=" + quote_from_bytes(v, safe="%")
        for k, v in pairs
    )
)


def postback_data() -> st.SearchStrategy[str]:
    """Postback data as the bot writes it, as a tampered client might, and as pure noise."""
    actions = st.sampled_from(
        ["topic", "more", "detail", "textonly", "safety", "forget", "emergency", "help", "", "nope"]
    )
    ours = st.one_of(
        st.builds(lambda i: urlencode({"a": "detail", "id": i}), ids()),
        st.just("a=more"),
        st.builds(lambda t: urlencode({"a": "topic", "t": t}), st.one_of(known_topics, any_text)),
        st.builds(lambda a: f"a={a}", actions),
    )
    query_strings = st.dictionaries(
        st.one_of(st.just("a"), st.just("id"), st.just("t"), any_text),
        st.one_of(actions, any_text),
        max_size=4,
    ).map(urlencode)
    raw = st.lists(st.one_of(st.sampled_from(["a=", "&", "=", "%", "%zz", "a=detail", "id="]), any_text)).map(
        _mix
    )
    return st.one_of(ours, query_strings, raw, st.text(max_size=400))
