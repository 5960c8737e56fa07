"""Feature names found by hash in flat arrays, confirmed by their bytes."""

from __future__ import annotations

import pytest

from bot.catalog.weight_table import WeightTable


def test_weight_table_finds_every_name_in_a_crowded_table() -> None:
    # Thousands of names in a table of a few thousand slots: many share a first slot.
    names = [f"c:{chr(0x3041 + i % 80)}{chr(0x3041 + i // 80)}" for i in range(5000)]
    table = WeightTable(names)
    assert len(table) == len(names)
    assert table.rows(names) == list(range(len(names)))
    assert table.names() == names


def test_weight_table_rows_skip_unknown_names_and_keep_the_order_given() -> None:
    table = WeightTable(["w:死ぬ", "e:help", "c:しに"])
    assert table.rows(["c:しに", "w:生きる", "w:死ぬ", "", "e:help me"]) == [2, 0]
    assert table.rows([]) == []


def test_weight_table_empty() -> None:
    table = WeightTable([])
    assert len(table) == 0
    assert table.rows(["c:ab"]) == []
    assert table.names() == []


def test_weight_table_refuses_a_name_given_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        WeightTable(["c:ab", "c:cd", "c:ab"])
