"""The engine runs outside the web application (match_csv on a spreadsheet, the
benchmarks), so it stands on the name keys, the standard library and numeric libraries
alone: nothing of Django and nothing of the matching app around it."""

import sys
from pathlib import Path

import vss.matching.engine
from vss.testing.imports import imports_written_in, modules_loaded_by, modules_of

ENGINE_DIR = Path(vss.matching.engine.__file__).parent
# rapidfuzz computes the Jaro-Winkler similarity of keys, numpy holds the records.
LIBRARIES = {"numpy", "rapidfuzz"}


def _allowed(module: str) -> bool:
    root = module.split(".")[0]
    return (
        root in sys.stdlib_module_names
        or root in LIBRARIES
        or module == "vss.names"
        or module.startswith("vss.names.")
    )


def test_the_engine_imports_only_the_name_keys_and_libraries() -> None:
    outside = {
        f"{path.name}: {module}"
        for path in sorted(ENGINE_DIR.glob("*.py"))
        for module in imports_written_in(path)
        if not _allowed(module)
    }

    assert outside == set()


def test_importing_the_engine_loads_no_django_and_nothing_else_of_matching() -> None:
    engine_modules = modules_of(ENGINE_DIR)
    loaded = modules_loaded_by(*engine_modules)

    assert {m for m in loaded if m.split(".")[0] == "django"} == set()
    assert {m for m in loaded if m.startswith("vss.matching")} == {
        "vss.matching",  # the parent package is imported first; its __init__ is empty
        *engine_modules,
    }
