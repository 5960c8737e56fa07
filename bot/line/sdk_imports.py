"""line-bot-sdk's big packages, imported name by name as the service uses them.

The SDK's package ``__init__`` files import everything they hold: the first
``import linebot.v3...`` brings in the whole v2 SDK (with requests), the 60 webhook
models, the Messaging API's 205 models and its four API classes (each method wrapped in a
pydantic validator): about 30 MB in every serving process, of which verifying a webhook,
reading its events and sending a reply use a few dozen classes.

Those ``__init__`` files hold nothing but ``from X import Y`` lines. For the packages named
here, ``install`` runs each such line when its name is first used, not when the package is
imported (a module ``__getattr__``, PEP 562): the package keeps its path and spec, and
every name it exports is the object the SDK's own line would have bound. A package whose
``__init__`` holds anything else is imported as the SDK wrote it.
"""

from __future__ import annotations

import ast
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

LAZY_PACKAGES = frozenset(
    {
        "linebot",
        "linebot.v3",
        "linebot.v3.webhooks",
        "linebot.v3.webhooks.models",
        "linebot.v3.messaging",
        "linebot.v3.messaging.api",
        "linebot.v3.messaging.models",
    }
)


def exports(tree: ast.Module, package: str) -> dict[str, tuple[str, str]] | None:
    """What a package's ``__init__`` binds: name -> (module, attribute); None when it does
    anything but import names."""
    out: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if not isinstance(node, ast.ImportFrom) or node.module is None:
            return None
        module = importlib.util.resolve_name("." * node.level + node.module, package)
        for alias in node.names:
            if alias.name == "*":
                return None
            out[alias.asname or alias.name] = (module, alias.name)
    return out


class _LazyInit(importlib.abc.Loader):
    def __init__(self, names: dict[str, tuple[str, str]], doc: str | None) -> None:
        self._names = names
        self._doc = doc

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        names = self._names

        def __getattr__(name: str) -> Any:
            if name not in names:
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            source, attribute = names[name]
            value = getattr(importlib.import_module(source), attribute)
            setattr(module, name, value)
            return value

        def __dir__() -> list[str]:
            return sorted({*vars(module), *names})

        module.__doc__ = self._doc
        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__dir__ = __dir__  # type: ignore[method-assign]


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in LAZY_PACKAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or spec.submodule_search_locations is None:
            return None
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        names = exports(tree, fullname)
        if names is None:
            return None
        spec.loader = _LazyInit(names, ast.get_docstring(tree, clean=False))
        return spec


def install() -> None:
    """From now on, the packages above are imported lazily (those already imported stay as
    they are)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
