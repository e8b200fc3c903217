"""Within-run deduplication of Currents event ids in little memory.

Currents delivers at least once, so an event can come again in a later file. A Python set of a
million id strings takes over 100 MB; this keeps a 64-bit hash per id instead (8 bytes in a sorted
array, plus a small set of recent ones). Two distinct ids collide with a probability of about
n² / 2^65, around 3·10⁻⁸ for a million events; staging deduplicates across runs on the full id.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from heapq import merge

RECENT_LIMIT = 1 << 16


class SeenIds:
    def __init__(self) -> None:
        self._archived = array("q")  # sorted
        self._recent: set[int] = set()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is offered in this run, False for a repeat."""
        digest = hash(event_id)  # SipHash, stable within one process
        if digest in self._recent:
            return False
        archived = self._archived
        index = bisect_left(archived, digest)
        if index < len(archived) and archived[index] == digest:
            return False
        self._recent.add(digest)
        if len(self._recent) >= RECENT_LIMIT:
            self._archive()
        return True

    def _archive(self) -> None:
        # A streaming merge: no list of every hash is ever built.
        self._archived = array("q", merge(self._archived, sorted(self._recent)))
        self._recent = set()

    def __len__(self) -> int:
        return len(self._archived) + len(self._recent)
