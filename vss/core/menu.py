"""The menu: entries that each app registers from its AppConfig.ready(), shown to a user
when the entry's visibility test, which asks the policy, lets them open the page. The core
knows no app: it shows whatever is registered, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise

from .registry import NamedRegistry

if TYPE_CHECKING:
    from vss.accounts.models import User


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    order: int
    visible: Callable[[User], bool]
    # The URL's arguments for this user, for a page of the user's own (e.g. a caseload).
    url_args: Callable[[User], list[Any]] | None = None

    @property
    def name(self) -> str:
        """An entry is named by its page: a page is offered once."""
        return self.url_name

    def url_for(self, user: User) -> str:
        return reverse(self.url_name, args=self.url_args(user) if self.url_args else None)


_entries: NamedRegistry[MenuEntry] = NamedRegistry("menu entries")


def register_menu_entry(entry: MenuEntry) -> None:
    """Add an entry; a second one for a page already in the menu is refused."""
    _entries.register(entry)


def menu_for(user: User) -> list[tuple[str, str | Promise]]:
    """The (URL, label) of each entry the user may open, in order."""
    return [
        (entry.url_for(user), entry.label) for entry in _entries.in_order() if entry.visible(user)
    ]


@dataclass(frozen=True)
class PublicLink:
    """A page of the public site that an app other than the portal serves (the figures),
    listed in the site's menu after the portal's own pages, in order."""

    url_name: str
    label: str | Promise
    order: int

    @property
    def name(self) -> str:
        return self.url_name


_public_links: NamedRegistry[PublicLink] = NamedRegistry("public site links")


def register_public_link(link: PublicLink) -> None:
    _public_links.register(link)


def public_links() -> list[tuple[str, str | Promise]]:
    """The (URL, label) of each public page registered, in order."""
    return [(reverse(link.url_name), link.label) for link in _public_links.in_order()]
