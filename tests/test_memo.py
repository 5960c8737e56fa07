from __future__ import annotations

from bot.memo import IdentityMemo


class Owner:
    pass


def test_a_value_is_made_once_per_owner_and_extra() -> None:
    memo: IdentityMemo[list[int]] = IdentityMemo(8)
    made: list[str] = []
    a, b = Owner(), Owner()

    def make(tag: str) -> list[int]:
        made.append(tag)
        return [len(made)]

    first = memo.get((a,), "x", lambda: make("a-x"))
    assert memo.get((a,), "x", lambda: make("again")) is first
    assert memo.get((a,), "y", lambda: make("a-y")) is not first
    assert memo.get((b,), "x", lambda: make("b-x")) is not first
    assert made == ["a-x", "a-y", "b-x"]


def test_a_full_memo_is_emptied_before_it_grows() -> None:
    memo: IdentityMemo[int] = IdentityMemo(2)
    owners = [Owner() for _ in range(5)]
    for i, owner in enumerate(owners):
        assert memo.get((owner,), None, lambda i=i: i) == i
        assert len(memo) <= 2
