"""Requests per personal API token, counted in fixed windows in the shared cache.

The cache is Redis in production, so every web node counts against the same numbers; `add`
starts a window's counter and `incr` is atomic there (and locked in the local-memory cache).
A fixed window lets a client spend its whole quota at the end of one window and again at the
start of the next; for a read API of this size that is simpler and good enough.
"""

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
SECONDS_PER_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    reset_at: int  # Unix time when the window ends and the count starts again
    retry_after: int  # seconds until then

    def headers(self):
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


class RateLimited(Exception):
    def __init__(self, quota):
        super().__init__("rate limit reached")
        self.quota = quota


def parse_rate(text):
    """ "600/10m" → (600, 600): requests per window, window length in seconds."""
    match = RATE_PATTERN.match(text or "")
    if not match or int(match[1]) < 1 or match[2] == "0":
        raise ValueError(
            f"API_RATE_LIMIT must look like 600/10m (requests per window; the window in s, m, h "
            f"or d, with an optional count); got {text!r}"
        )
    return int(match[1]), int(match[2] or 1) * SECONDS_PER_UNIT[match[3]]


def describe_rate(text):
    limit, seconds = parse_rate(text)
    for unit, name in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds % unit == 0:
            count = seconds // unit
            window = name if count == 1 else f"{count} {name}s"
            return f"{limit} requests per {window}"
    raise AssertionError("unreachable: every window is a whole number of seconds")


def spend(token_key):
    """Count one request for `token_key`; the quota left, or RateLimited when it is spent."""
    limit, window = parse_rate(settings.API_RATE_LIMIT)
    now = time.time()
    window_index = int(now // window)
    reset_at = (window_index + 1) * window
    key = f"api:rate:{token_key}:{window}:{window_index}"
    # One second past the window's end, so a slow clock on another node cannot restart a count.
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the counter expired between add and incr: a new window
            cache.add(key, 1, timeout=window + 1)
            count = 1
    quota = Quota(
        limit=limit,
        remaining=max(0, limit - count),
        reset_at=reset_at,
        retry_after=max(1, math.ceil(reset_at - now)),
    )
    if count > limit:
        raise RateLimited(quota)
    return quota
