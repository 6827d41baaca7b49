"""The home page (the work queue): sections that each app registers from its
AppConfig.ready(), shown to a user when the section's visibility test, which asks the
policy, allows. The core knows no app: it shows whatever is registered, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .registry import NamedRegistry

if TYPE_CHECKING:
    from vss.accounts.models import User


def _nothing(user: User) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    order: int
    visible: Callable[[User], bool]
    # What the template reads, merged into the page's context: an app's sections share it,
    # so that what two of them show is read once.
    context: Callable[[User], dict[str, Any]] = field(default=_nothing)


_sections: NamedRegistry[HomeSection] = NamedRegistry("home page sections")


def register_home_section(section: HomeSection) -> None:
    """Add a section; another of a name already taken is refused."""
    _sections.register(section)


def home_sections_for(user: User) -> list[HomeSection]:
    return [section for section in _sections.in_order() if section.visible(user)]


def home_context(user: User, sections: list[HomeSection]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in sections:
        context.update(section.context(user))
    return context


def has_home_page(user: User) -> bool:
    return bool(home_sections_for(user))
