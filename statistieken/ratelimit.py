"""A small in-process rate limit that keeps no visitor data: it is keyed by
what is counted (a gemeente, an offer and a kind), never by who clicked."""

import threading
import time


class Limiter:
    """At most `per_minute` events per key in each clock minute."""

    def __init__(self, per_minute):
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._minute = None
        self._counts = {}

    def allow(self, key):
        minute = int(time.monotonic() // 60)
        with self._lock:
            if minute != self._minute:
                # A new minute forgets the last one, so memory stays bounded
                # by the number of contacts clicked within one minute.
                self._minute, self._counts = minute, {}
            n = self._counts.get(key, 0)
            if n >= self.per_minute:
                return False
            self._counts[key] = n + 1
            return True
