"""Words are data: no module in bot/ spells out a list of 25 or more strings.

Long word lists (stop words, place names, copy) live in knowledge/ or beside their module as
YAML, where the loader checks them; this keeps it so."""

from __future__ import annotations

import ast
from pathlib import Path

import bot

LIMIT = 25
PACKAGE = Path(bot.__file__).parent


def _long_literals(tree: ast.AST) -> list[tuple[int, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        else:
            continue
        strings = sum(1 for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str))
        if strings >= LIMIT:
            found.append((node.lineno, strings))
    return found


def test_long_literals_finds_a_list_a_set_and_dict_keys() -> None:
    words = ", ".join(f'"w{i}"' for i in range(LIMIT))
    pairs = ", ".join(f'"k{i}": 1' for i in range(LIMIT))
    source = f"A = [{words}]\nB = frozenset({{{words}}})\nC = {{{pairs}}}\nD = ({words[:-6]})\n"
    assert [n for _, n in _long_literals(ast.parse(source))] == [LIMIT, LIMIT, LIMIT]


def test_no_module_spells_out_a_word_list() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line} ({count} strings)"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, count in _long_literals(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "move these lists into knowledge/ (or a YAML file the module reads)"
