"""Panels: what an app shows on the page of another app's record (a person's, an
application's) without that page knowing the app.

The page owns a registry of its panels; each app registers its own from its
AppConfig.ready(): a name, the template that draws it, the policy check that decides
whether a user sees it, and the selector that gives the template what it shows (a check
that says no keeps the selector from running at all). The page draws the panels its user
may see, in the order of their `order`, whatever order the apps were loaded in."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .registry import NamedRegistry

if TYPE_CHECKING:
    from vss.accounts.models import User

Record = TypeVar("Record")


@dataclass(frozen=True)
class Panel(Generic[Record]):
    name: str
    template: str
    order: int
    shown: Callable[["User", Record], bool]
    # The names the template reads, beside those of the page it is drawn on.
    context: Callable[["User", Record], dict[str, Any]]


@dataclass
class ShownPanel:
    name: str
    template: str
    context: dict[str, Any]


class PanelRegistry(NamedRegistry[Panel[Record]]):
    def __init__(self) -> None:
        super().__init__("panels")

    def shown_to(self, user: "User", record: Record) -> dict[str, ShownPanel]:
        """The panels the user sees on the record's page, in their order, by name."""
        return {
            panel.name: ShownPanel(
                name=panel.name, template=panel.template, context=panel.context(user, record)
            )
            for panel in self.in_order()
            if panel.shown(user, record)
        }
