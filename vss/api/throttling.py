"""Refused tokens, counted per address (ninja's rate throttle, in the cache every process
shares when VSS_CACHE_URL is set). A program guessing tokens, or one left running with a
revoked token, is answered 429 for up to a minute before any token it sends is looked
up, and the audit log gets one entry for that while rather than one per try: an entry is
a write under the audit chain's lock, which a flood must not be able to hold."""

import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from vss.core.network import client_ip

MINUTE = 60


class RefusedTokens(SimpleRateThrottle):
    scope = "api_refused_tokens"
    timer = staticmethod(time.time)

    def __init__(self) -> None:
        self.limit: int = settings.VSS_API_REFUSALS_PER_MINUTE
        super().__init__(rate=f"{self.limit}/{MINUTE}s")  # one window for both counts

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}

    def seconds_turned_away(self, request: HttpRequest) -> int | None:
        """None while the address may still be refused, counting none; else the seconds
        until the oldest refusal of the minute leaves it and one more may be tried."""
        now = self.timer()
        refused = [
            when for when in self.cache.get(self.get_cache_key(request), []) if when > now - MINUTE
        ]
        if len(refused) < self.limit:
            return None
        return max(1, round(min(refused) + MINUTE - now))

    def count(self, request: HttpRequest) -> None:
        """One refusal more for the address."""
        self.allow_request(request)

    def first_turned_away(self, request: HttpRequest, seconds_left: int) -> bool:
        """True once per address and while turned away: the request that found the limit
        reached first, whose entry stands in the audit log for the others."""
        told = self.get_cache_key(request) + "_told"
        return bool(self.cache.add(told, True, seconds_left))
