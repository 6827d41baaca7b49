"""Where messages leave VSS. SMS go through a gateway named by the setting
`VSS_SMS_GATEWAY` (a dotted path); the logging gateway, for development and tests, writes
each message as a line of JSON to `VSS_SMS_LOG` and sends nothing. Email goes through
Django's email back end (`EMAIL_BACKEND`: SMTP, or a provider through django-anymail).

A gateway is asked, after a crash, whether it took a message, by the key the message
carries: a message it took is not handed to it again."""

from __future__ import annotations

import fcntl
import json
import os
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """The gateway refused the message. `permanent`: it will refuse it again (a number
    that does not exist), so it is recorded as failed rather than tried again."""

    def __init__(self, message: str, *, permanent: bool = True) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str, key: str) -> str:
        """Hands the message over; answers the gateway's reference for it."""

    def taken(self, key: str) -> str | None:
        """The reference of the message sent with this key, if the gateway took it."""


# Numbers the logging gateway treats as unknown, so that failures can be shown and tested.
UNREACHABLE_PREFIX = "000"


class LoggingSmsGateway:
    """Sends nothing: appends each message to a file, one JSON line, flushed to disk
    before it answers, so that what it "sent" survives a crash of the worker."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path or settings.VSS_SMS_LOG)

    def send(self, *, to: str, text: str, key: str) -> str:
        digits = "".join(ch for ch in to if ch.isdigit())
        if not digits or digits.startswith(UNREACHABLE_PREFIX):
            raise GatewayError("unknown number")
        reference = f"log-{key}"
        line = json.dumps(
            {"key": key, "to": to, "text": text, "at": timezone.now().isoformat()},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as log:
            fcntl.flock(log, fcntl.LOCK_EX)
            log.write(line + "\n")
            log.flush()
            os.fsync(log.fileno())
        return reference

    def taken(self, key: str) -> str | None:
        for entry in self.entries():
            if entry["key"] == key:
                return f"log-{key}"
        return None

    def entries(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as log:
            return [json.loads(line) for line in log if line.strip()]


@cache
def _gateway_class(path: str) -> type:
    return import_string(path)


def sms_gateway() -> SmsGateway:
    return _gateway_class(settings.VSS_SMS_GATEWAY)()
