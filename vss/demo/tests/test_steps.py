"""The demo steps: registered by the apps, run in a fixed order, and layered like the apps
(no app imports vss.demo, nor the demo module of an app above it)."""

import ast
from pathlib import Path

import pytest

from vss.accounts.demo import AccountsDemo
from vss.applications.demo.generator import ApplicationsDemo
from vss.core.demo.steps import DemoStep, DemoSteps, demo_steps
from vss.outreach.demo import OutreachDemo
from vss.proceedings.demo import DemoCaseDemo
from vss.reparations.demo import ReparationsDemo
from vss.representation.demo import RepresentationDemo
from vss.support.demo import SupportDemo

VSS = Path(__file__).resolve().parents[2]
# Bottom to top; apps on one line may not import each other's demo modules either. Core
# knows no app: the others write their steps with its toolkit (vss.core.demo).
LAYERS = (
    ("core",),
    ("accounts", "audit", "geo", "people"),
    ("proceedings",),
    ("applications",),
    ("representation", "support", "matching", "notifications"),
    ("reparations", "outreach"),
)
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def test_the_apps_register_their_steps_in_order():
    assert demo_steps.in_order() == [
        AccountsDemo,
        ApplicationsDemo,
        RepresentationDemo,
        SupportDemo,
        ReparationsDemo,
        OutreachDemo,
        # Last, once the others have read the cases: no generated application goes to it.
        DemoCaseDemo,
    ]


def test_an_order_is_taken_once_and_registering_again_replaces():
    class First(DemoStep):
        pass

    class Second(DemoStep):
        pass

    steps = DemoSteps()
    steps.register(20, First)
    steps.register(10, Second)
    assert steps.in_order() == [Second, First]
    steps.register(30, First)
    assert steps.in_order() == [Second, First]
    with pytest.raises(ValueError, match="order 30 is taken by First"):
        steps.register(30, Second)


def _demo_modules():
    for app in LAYER_OF:
        folder = VSS / app
        yield from ((app, p) for p in sorted(folder.glob("demo.py")))
        yield from ((app, p) for p in sorted((folder / "demo").glob("**/*.py")))


def _imported(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_demo_module_reaches_above_its_app():
    modules = list(_demo_modules())
    assert {app for app, _ in modules} >= {"core", "accounts", "people", "applications"}
    wrong = []
    for app, path in modules:
        for name in _imported(path):
            parts = name.split(".")
            if parts[0] != "vss" or len(parts) < 2:
                continue
            if parts[1] == "demo":
                wrong.append(f"{path.relative_to(VSS)}: {name}")
                continue
            other = LAYER_OF.get(parts[1])
            if other is None or parts[1] == app:
                continue
            if other > LAYER_OF[app] or (other == LAYER_OF[app] and "demo" in parts[2:3]):
                wrong.append(f"{path.relative_to(VSS)}: {name}")
    assert wrong == []
