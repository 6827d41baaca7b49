"""What importing a module really pulls in, seen from a fresh interpreter (the test run
has long since loaded Django and every app)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import vss

PROJECT_ROOT = Path(vss.__file__).resolve().parent.parent


def modules_loaded_by(*modules: str) -> set[str]:
    """The modules a fresh interpreter loads to import `modules`, beyond its own start-up."""
    script = (
        "import importlib, json, sys\n"
        "before = set(sys.modules)\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout))


def modules_of(package_dir: Path) -> list[str]:
    """The dotted names of a package and of the modules directly in its folder (so not
    its tests)."""
    package = ".".join(package_dir.resolve().relative_to(PROJECT_ROOT).parts)
    return [
        package if path.stem == "__init__" else f"{package}.{path.stem}"
        for path in sorted(package_dir.glob("*.py"))
    ]


def imports_written_in(path: Path) -> set[str]:
    """The absolute modules a source file names in its import statements."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found
