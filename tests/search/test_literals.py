"""The quick test before a long expression: it must pass wherever the expression matches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search.literals import Expression, any_of, needed
from bot.search.service import SearchService


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("水泥.{0,3}吃", {"水泥"}),
        ("(수면제|수면 ?유도제|안정제)", {"수면제", "유도제", "안정제"}),
        ("(?<![a-z])kill (me|myself)(?![a-z])", {"kill "}),
        ("[ab]c?", {"a", "b"}),
        ("(x|y)+z{2}", {"z"}),
    ],
)
def test_the_texts_every_match_holds(pattern: str, needs: set[str]) -> None:
    assert needed(pattern) == needs


@pytest.mark.parametrize("pattern", ["a?", ".{2}", r"\d+", "[^a]b?", "(a|)", "(?i)kill", "(?i:kill)"])
def test_no_texts_where_a_match_may_hold_none_or_case_is_ignored(pattern: str) -> None:
    assert needed(pattern) is None
    assert Expression.of(pattern).gate is None


def test_an_expression_is_not_run_where_its_texts_are_missing() -> None:
    expression = Expression.of("(?<![a-z])(kill|hurt) (me|myself)")
    assert [m.span() for m in expression.finditer("they will kill me")] == [(10, 17)]
    assert list(expression.finditer("no such words here")) == []


_ALPHABET = "killmeyself 死にたい水泥吃수면제안정제ab"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=30))
def test_the_crisis_expressions_find_the_same_with_their_test(search: SearchService, text: str) -> None:
    crisis = search.crisis
    for terms in (crisis._any_term, *(c.terms for c in crisis._concepts)):
        for expression in (terms.latin, terms.other):
            if expression is not None:
                got = [m.span() for m in expression.finditer(text)]
                assert got == [m.span() for m in expression.regex.finditer(text)], text


def test_any_of_finds_whether_any_text_occurs_as_written() -> None:
    gate = any_of(["死にたい", "a.b", "(x)"])
    assert gate is not None and any_of([]) is None
    assert [bool(gate.search(t)) for t in ["もう死にたい", "a.b", "axb", "(x)", "x"]] == [
        True,
        True,
        False,
        True,
        False,
    ]
