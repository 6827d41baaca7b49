"""Fail when a view queries the database itself.

    .venv/bin/python scripts/check_views.py [PATH ...]   (default: vss/)

Views tie forms to services and selectors; reads of records go through the app's
selectors, which apply the access policy's scope (404 outside it) and audit reads of
personal data. A view that writes `Model.objects…` or `get_object_or_404(…)` skips both,
so every views module (a `views.py`, or any module of a `views/` package) is read for:
- a model manager reached by name (`.objects`, `._default_manager`, `._base_manager`);
- `get_object_or_404` or `get_list_or_404`, whatever they are given.
Each use is printed as `path:line:column: message`; the exit status is 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
FETCHING_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def is_views_module(path: Path) -> bool:
    """A `views.py`, or a module inside a `views` package (however deep)."""
    if path.suffix != ".py":
        return False
    if path.name == "views.py":
        return True
    return any(
        parent.name == "views" and (parent / "__init__.py").is_file() for parent in path.parents
    )


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def violations_in_source(source: str, path: str = "<source>") -> list[Violation]:
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            message = f"{ast.unparse(node)} in a view: read records through a selector"
        elif isinstance(node, ast.Call) and _called_name(node) in FETCHING_SHORTCUTS:
            message = (
                f"{_called_name(node)}() in a view: fetch through a selector, which applies "
                "the policy's scope"
            )
        else:
            continue
        found.append(Violation(path, node.lineno, node.col_offset + 1, message))
    return sorted(found, key=lambda v: (v.line, v.column))


def views_modules(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            # Tests of views may build their records as they please.
            yield from sorted(
                p for p in path.rglob("*.py") if is_views_module(p) and "tests" not in p.parts
            )
        elif is_views_module(path):
            yield path


def violations_in(paths: Iterable[Path]) -> list[Violation]:
    found = []
    for path in views_modules(paths):
        shown = path.resolve().relative_to(REPO) if path.resolve().is_relative_to(REPO) else path
        found.extend(violations_in_source(path.read_text(encoding="utf-8"), str(shown)))
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [REPO / "vss"]
    found = violations_in(paths)
    for violation in found:
        print(violation)
    if found:
        print(f"{len(found)} database read(s) in views: move them into selectors.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
