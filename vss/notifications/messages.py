"""The kinds of notification and how each is worded, registered by the apps that send
them from their AppConfig.ready(). A notification keeps its kind and parameters (codes and
numbers, never words), so it is worded when it is read, in the reader's language of the
moment; the text written when it was sent stays as the fallback for a kind no longer known
and for the rows written before kinds existed."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vss.core.registry import NamedRegistry

Wording = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class MessageKind:
    name: str
    wording: Wording


_kinds: NamedRegistry[MessageKind] = NamedRegistry("notification kinds")


def register_message_kind(name: str, wording: Wording) -> None:
    _kinds.register(MessageKind(name=name, wording=wording))


def worded(kind: str, params: Mapping[str, Any], fallback: str) -> str:
    """The message of a kind in the active language; the fallback when the kind is unknown
    or its parameters no longer fit its wording."""
    registered = {k.name: k for k in _kinds.registered()}.get(kind)
    if registered is None:
        return fallback
    try:
        return registered.wording(params)
    except (KeyError, TypeError, ValueError):
        return fallback
