"""The name keys are a library below every app: the matching engine uses them outside the
web application, so importing them must not start Django nor reach into an app."""

from pathlib import Path

import vss.names
from vss.testing.imports import modules_loaded_by, modules_of

NAMES_DIR = Path(vss.names.__file__).parent


def test_importing_the_name_keys_loads_no_django_and_no_app() -> None:
    loaded = modules_loaded_by(*modules_of(NAMES_DIR))

    assert {m for m in loaded if m.split(".")[0] == "django"} == set()
    assert {m for m in loaded if m.split(".")[0] == "vss"} == {"vss", *modules_of(NAMES_DIR)}
