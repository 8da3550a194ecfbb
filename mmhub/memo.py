"""Values that nearly every request asks the shared cache for and that change rarely (the gate's
current declaration, the recommender's version), also kept in each process for a few seconds:
one Redis round trip less per request for each.

Forgetting one in this process is immediate; other processes see the change within `seconds`.
Use it only where that delay is harmless.
"""

import time

_memos = []


class ProcessMemo:
    def __init__(self, seconds):
        self.seconds = seconds
        self._entry = (None, 0.0)
        _memos.append(self)

    def get(self, compute):
        value, expires = self._entry
        now = time.monotonic()
        if now < expires:
            return value
        value = compute()
        self._entry = (value, now + self.seconds)
        return value

    def forget(self):
        self._entry = (None, 0.0)


def forget_all():
    """Every memo of this process (tests, between databases)."""
    for memo in _memos:
        memo.forget()
