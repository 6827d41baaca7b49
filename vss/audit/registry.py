"""What the audit log knows of the records it describes, registered by the apps that own
them from their `AppConfig.ready()`: the record types the auditor filters by, and which
fields of which record reveal a protected person's identity. The audit app imports none
of them, so an app joins the log by registering, not by being listed here."""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from vss.core.registry import NamedRegistry

# Which of the given object ids (as the log keeps them, text) are protected now; one query.
ProtectedIds = Callable[[Collection[str]], Collection[str]]


@dataclass(frozen=True)
class RecordType:
    name: str  # the model's label, as entries keep it: "people.person"
    title: str | Promise
    order: int


@dataclass(frozen=True)
class IdentityMasking:
    fields: frozenset[str]
    protected_ids: ProtectedIds


_record_types: NamedRegistry[RecordType] = NamedRegistry("record types of the audit log")
_maskings: dict[str, IdentityMasking] = {}


def register_record_types(order: int, *types: tuple[str, str | Promise]) -> None:
    """Offer these record types in the log's filter. `order` places an app's types among
    the others' (case work first, user accounts last); an app's own keep their order. A
    type is offered once: registered again under another name or order, it is refused."""
    for label, title in types:
        _record_types.register(RecordType(name=label, title=title, order=order))


def record_type_choices() -> list[tuple[str, str | Promise]]:
    # Sorted stably: an app's types keep the order it registered them in.
    return [(t.name, t.title) for t in _record_types.in_order()]


_change_labels: dict[tuple[str, str], str | Promise] = {}


def register_change_labels(record_type: str, labels: dict[str, str | Promise]) -> None:
    """Names, in the reader's language, of what a service writes into the changes of an
    entry about `record_type` that is not a field of its model (what a merge moved, the
    conflicts a group move overrode); the model's fields are named by their verbose names."""
    for key, label in labels.items():
        _change_labels[(record_type, key)] = label


def change_label(record_type: str, key: str) -> str | Promise | None:
    return _change_labels.get((record_type, key))


def register_identity_masking(
    record_type: str, *, fields: Iterable[str], protected_ids: ProtectedIds
) -> None:
    """The fields of `record_type` that reveal who a protected person is, and how to find
    which records of a page are protected now (a person may be protected after an entry
    about them was written)."""
    _maskings[record_type] = IdentityMasking(fields=frozenset(fields), protected_ids=protected_ids)


def identity_maskings() -> dict[str, IdentityMasking]:
    return dict(_maskings)


# Which of the given typed texts (a search, a live check) would find a protected person by
# a real name.
NamingTexts = Callable[[Collection[str]], Collection[str]]

_text_maskings: list[NamingTexts] = []


def register_text_masking(naming: NamingTexts) -> None:
    """How to tell, when the log is read, which texts typed into a search name a protected
    person: shown to someone without the right, such a text would say whom the search was
    about, so it is masked like a protected person's fields."""
    _text_maskings.append(naming)


def text_maskings() -> list[NamingTexts]:
    return list(_text_maskings)
