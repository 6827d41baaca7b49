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
        super().__init__(rate=f"{self.limit}/m")

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}

    def _refused_this_minute(self, request: HttpRequest) -> list[float]:
        since = self.timer() - MINUTE
        return [when for when in self.cache.get(self.get_cache_key(request), []) if when > since]

    def over_limit(self, request: HttpRequest) -> bool:
        """Whether the address has had its refusals for now, counting none."""
        return len(self._refused_this_minute(request)) >= self.limit

    def count(self, request: HttpRequest) -> None:
        """One refusal more for the address."""
        self.allow_request(request)

    def first_turned_away(self, request: HttpRequest) -> bool:
        """True once per address and while turned away: the request that found the limit
        reached first, whose entry stands in the audit log for the others."""
        told = self.get_cache_key(request) + "_told"
        return bool(self.cache.add(told, True, self.seconds_left(request)))

    def seconds_left(self, request: HttpRequest) -> int:
        """Until the oldest refusal of the minute leaves it, and one more may be tried."""
        now = self.timer()
        oldest = min(self._refused_this_minute(request), default=now)
        return max(1, round(oldest + MINUTE - now))
