"""What the registries of pages share: items that apps register from their
AppConfig.ready(), one per name, read in the order of their `order`."""

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured


class Registrable(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...


Item = TypeVar("Item", bound=Registrable)


class NamedRegistry(Generic[Item]):
    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._items: dict[str, Item] = {}

    def register(self, item: Item) -> None:
        """Add an item; registering the same one again (a second ready()) changes nothing."""
        registered = self._items.get(item.name)
        if registered is not None and registered != item:
            raise ImproperlyConfigured(f"Two {self._kind} are named {item.name!r}.")
        self._items[item.name] = item

    def in_order(self) -> Iterator[Item]:
        return iter(sorted(self._items.values(), key=lambda item: item.order))
