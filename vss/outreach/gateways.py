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
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
        self._batch: int | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hands a batch over with one flush to disk at its end, not one per message: each
        line is still written whole (one write to a file opened for appending), and the
        worker records the batch sent only after this returns, so a message it records
        sent is on disk; one lost with the machine before the flush is sent again."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._batch = descriptor
            yield
            os.fsync(descriptor)
        finally:
            self._batch = None
            os.close(descriptor)

    def send(self, *, to: str, text: str, key: str) -> str:
        digits = "".join(ch for ch in to if ch.isdigit())
        if not digits or digits.startswith(UNREACHABLE_PREFIX):
            raise GatewayError("unknown number")
        reference = f"log-{key}"
        line = json.dumps(
            {"key": key, "to": to, "text": text, "at": timezone.now().isoformat()},
            ensure_ascii=False,
        )
        if self._batch is not None:
            os.write(self._batch, (line + "\n").encode("utf-8"))
            return reference
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


class HttpSmsGateway:
    """An SMS provider reached over HTTPS (`VSS_SMS_HTTP_URL`, with the bearer token
    `VSS_SMS_HTTP_TOKEN`): a message is POSTed as JSON ({"to", "text", "key"}) with its
    key also as the Idempotency-Key header, so that the provider itself refuses to send
    one key twice; it answers {"reference": ...}. Asked after a crash, GET
    `<url>/<key>` answers 200 with the reference for a message it took, 404 otherwise.
    A refusal (4xx) will be refused again and fails the message; a provider down (5xx, no
    answer) leaves it queued for the next run."""

    timeout = 15

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = (url or settings.VSS_SMS_HTTP_URL).rstrip("/")
        self.token = token if token is not None else settings.VSS_SMS_HTTP_TOKEN

    def _request(self, request: urllib.request.Request) -> dict[str, str]:
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read().decode("utf-8") or "{}")

    def send(self, *, to: str, text: str, key: str) -> str:
        body = json.dumps({"to": to, "text": text, "key": key}, ensure_ascii=False)
        request = urllib.request.Request(
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
        try:
            answer = self._request(request)
        except urllib.error.HTTPError as refused:
            raise GatewayError(
                f"gateway answered {refused.code}", permanent=400 <= refused.code < 500
            ) from refused
        except (urllib.error.URLError, TimeoutError, OSError) as down:
            raise GatewayError(f"gateway unreachable: {down}", permanent=False) from down
        return str(answer.get("reference") or key)

    def taken(self, key: str) -> str | None:
        request = urllib.request.Request(f"{self.url}/{urllib.parse.quote(key, safe='')}")
        try:
            answer = self._request(request)
        except urllib.error.HTTPError as refused:
            if refused.code == 404:
                return None
            raise GatewayError(f"gateway answered {refused.code}", permanent=False) from refused
        except (urllib.error.URLError, TimeoutError, OSError) as down:
            raise GatewayError(f"gateway unreachable: {down}", permanent=False) from down
        return str(answer.get("reference") or key)
