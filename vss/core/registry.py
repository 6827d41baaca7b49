"""What the registries share: items that apps register from their AppConfig.ready(), one
per name. The registries of a page read them in the order of their `order`; the others
(what a merge moves) in the order the apps registered them."""

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured


class Named(Protocol):
    @property
    def name(self) -> str: ...


class Registrable(Named, Protocol):
    @property
    def order(self) -> int: ...


Item = TypeVar("Item", bound=Named)
Ordered = TypeVar("Ordered", bound=Registrable)


class NamedRegistry(Generic[Item]):
    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._items: dict[str, Item] = {}

    def register(self, item: Item) -> None:
        """Add an item; registering the same one again (a second ready()) changes nothing,
        and another under a name already taken is refused: two apps that claim one name
        are a mistake that replacing one by the other would hide."""
        registered = self._items.get(item.name)
        if registered is not None and registered != item:
            raise ImproperlyConfigured(f"Two {self._kind} are named {item.name!r}.")
        self._items[item.name] = item

    def registered(self) -> list[Item]:
        """In the order the apps registered them."""
        return list(self._items.values())

    def in_order(self: "NamedRegistry[Ordered]") -> Iterator[Ordered]:
        return iter(sorted(self._items.values(), key=lambda item: item.order))
