"""A value a process keeps while a stamp the database writes stays the same (the
protected people's names, for one: triggers write a new stamp with any change to them),
so that a request reads the stamp's one row rather than the value's thousands."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeptUnderStamp(Generic[T]):
    def __init__(self) -> None:
        self._kept: tuple[str, T] | None = None
        self._lock = threading.Lock()

    def get(self, stamp: str | None, read: Callable[[], T]) -> T:
        """The value kept under `stamp`, read again when the stamp changed; without a
        stamp, read now and not kept. The caller reads the stamp before the value, so a
        value is never kept under a stamp newer than it."""
        if stamp is None:
            return read()
        with self._lock:
            if self._kept is None or self._kept[0] != stamp:
                self._kept = (stamp, read())
            return self._kept[1]

    def forget(self) -> None:
        """Drop the value: the next request reads it again."""
        with self._lock:
            self._kept = None
