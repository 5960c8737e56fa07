"""Reading the knowledge base's YAML files: each mapping keeps the line it starts on, and a
model that does not validate becomes ``Problem``s naming the file, the line, the entry and
the field, never an exception at the first one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.catalog.errors import Problem

M = TypeVar("M", bound=BaseModel)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line where each mapping starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    # YAML keeps the last of two equal keys without a word: a second ``weight:`` pasted under
    # an item would silently replace the first.
    first: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, str | int) and key in first:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} appears twice (first on line {first[key].start_mark.line + 1});"
                " YAML would keep only the last",
                key_node.start_mark,
            )
        first[key] = key_node
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _field_line(data: Any, loc: Sequence[int | str]) -> int | None:
    """The line of the deepest mapping on the error's path."""
    line = data.get("__line__") if isinstance(data, dict) else None
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    return line if isinstance(line, int) else None


def _loc_text(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    rel = relative(path, root)
    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8")
        problems.extend(Problem(file=rel, line=line, message=message) for line, message in cut_values(source))
        return yaml.load(source, Loader=_LineLoader)
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                file=rel,
                line=raw.count(b"\n", 0, exc.start) + 1,
                message=f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
                "(save the file as UTF-8)",
            )
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file=rel, line=line, message=f"not valid YAML: {exc}"))
    except OSError as exc:
        problems.append(Problem(file=rel, message=f"cannot be read: {exc}"))
    return None


def cut_values(source: str) -> list[tuple[int, str]]:
    """Plain values that a ``#`` cut short: YAML reads `` #`` after a plain value as a comment,
    so 「迷うときは #7119 に相談」 loses everything from the number on. Quote such a value."""
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if not isinstance(token, yaml.ScalarToken) or not token.plain:
                continue
            end = token.end_mark
            rest = lines[end.line][end.column :] if end.line < len(lines) else ""
            if re.match(r"\s+#", rest):
                found.append(
                    (
                        end.line + 1,
                        f"the value {token.value!r} is followed by {rest.strip()[:40]!r}, which YAML "
                        "drops as a comment: quote the whole value (and no comments after values)",
                    )
                )
    except yaml.YAMLError:
        return []  # reported by the parser, with its line
    return found


def relative(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def validate(model: type[M], data: Any, *, file: str, entry: str | None, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(_strip_lines(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc = [p for p in err["loc"] if p != "__root__"]
            message = err["msg"].removeprefix("Value error, ")
            field = _loc_text(loc) or None
            if field is None and ":" in message and message.split(":", 1)[0].isidentifier():
                field, message = (s.strip() for s in message.split(":", 1))
            elif field and ":" in message:
                head = message.split(":", 1)[0]
                if all(part.isidentifier() for part in head.split(".")) and head not in field:
                    field = f"{field}.{head}"
                    message = message.split(":", 1)[1].strip()
            given = err.get("input")
            if err["type"] == "extra_forbidden":
                message = "unknown field (misspelt?)"
            elif isinstance(given, str | int | float) and len(str(given)) <= 80:
                message += f" (got {given!r})"
            problems.append(
                Problem(
                    file=file,
                    entry=entry,
                    field=field,
                    line=_field_line(data, loc),
                    message=message,
                )
            )
        return None


def load_one(model: type[M], path: Path, root: Path, problems: list[Problem]) -> M | None:
    data = read_yaml(path, root, problems)
    if data is None:
        if not path.exists():
            problems.append(Problem(file=relative(path, root), message="missing file"))
        return None
    return validate(model, data, file=relative(path, root), entry=None, problems=problems)
