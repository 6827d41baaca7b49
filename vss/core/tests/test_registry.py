"""The registry the apps' registries share: one item per name, read by order or as
registered."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured

from vss.core.registry import NamedRegistry


@dataclass(frozen=True)
class Section:
    name: str
    order: int


def test_items_are_read_by_their_order_or_as_the_apps_registered_them() -> None:
    registry: NamedRegistry[Section] = NamedRegistry("sections")
    for section in (Section("notes", 30), Section("lawyers", 10), Section("support", 20)):
        registry.register(section)
    assert [s.name for s in registry.in_order()] == ["lawyers", "support", "notes"]
    assert [s.name for s in registry.registered()] == ["notes", "lawyers", "support"]


def test_an_item_registered_again_is_kept_once_and_another_of_its_name_is_refused() -> None:
    registry: NamedRegistry[Section] = NamedRegistry("sections")
    registry.register(Section("notes", 30))
    registry.register(Section("notes", 30))
    with pytest.raises(ImproperlyConfigured, match="Two sections are named 'notes'"):
        registry.register(Section("notes", 40))
    assert registry.registered() == [Section("notes", 30)]
