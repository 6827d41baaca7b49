"""The panel contract: a page shows the panels its user may see, in their order, and the
selector of a panel the user may not see never runs."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from vss.core.panels import Panel, PanelRegistry, ShownPanel

# Users as far as a panel's check and selector read them.
ALICE: Any = SimpleNamespace(username="alice", sees_notes=True)
BOB: Any = SimpleNamespace(username="bob", sees_notes=False)


def _sees_notes(user: Any, record: str) -> bool:
    return user.sees_notes


def _registry(ran: list[str]) -> PanelRegistry[str]:
    def selector(name):
        def context(user, record):
            ran.append(name)
            return {name: f"{name} of {record} for {user.username}"}

        return context

    registry: PanelRegistry[str] = PanelRegistry()
    # Registered out of order, as apps load in the order of INSTALLED_APPS.
    registry.register(
        Panel(
            name="notes",
            template="notes.html",
            order=20,
            shown=_sees_notes,
            context=selector("notes"),
        )
    )
    registry.register(
        Panel(
            name="lawyers",
            template="lawyers.html",
            order=10,
            shown=lambda user, record: True,
            context=selector("lawyers"),
        )
    )
    return registry


def test_panels_come_in_their_order_with_what_their_selector_gave() -> None:
    ran: list[str] = []
    shown = _registry(ran).shown_to(ALICE, "VSS-1")
    assert list(shown) == ["lawyers", "notes"]
    assert shown["notes"] == ShownPanel(
        name="notes", template="notes.html", context={"notes": "notes of VSS-1 for alice"}
    )
    assert ran == ["lawyers", "notes"]


def test_a_panel_the_user_may_not_see_is_left_out_and_its_selector_never_runs() -> None:
    ran: list[str] = []
    assert list(_registry(ran).shown_to(BOB, "VSS-1")) == ["lawyers"]
    assert ran == ["lawyers"]


def test_two_panels_of_one_name_are_refused() -> None:
    registry = _registry([])
    with pytest.raises(ImproperlyConfigured, match="notes"):
        registry.register(
            Panel(
                name="notes",
                template="other.html",
                order=30,
                shown=lambda user, record: True,
                context=lambda user, record: {},
            )
        )


def test_a_panel_is_drawn_with_its_context_over_the_pages(settings) -> None:
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"panel.html": "<p>{{ page }}: {{ notes }}</p>"},
                    )
                ],
            },
        }
    ]
    page = Template(
        "{% load vss %}{% for p in panels %}{% render_panel p %}{% endfor %}{{ notes }}"
    )
    panels = [ShownPanel(name="notes", template="panel.html", context={"notes": "<b>kept</b>"})]
    html = page.render(Context({"panels": panels, "page": "VSS-1"}))
    # The panel's names end with the panel, and its values are escaped as any other.
    assert html == "<p>VSS-1: &lt;b&gt;kept&lt;/b&gt;</p>"
