"""The emulator's records, kept in stable `(updatedAt, id)` order.

Every change stamps `updatedAt` from the simulated clock, and the stamp is strictly greater than
every earlier one (a microsecond later when the clock stands still), so an incremental reader with
an inclusive `updatedSince` bookmark misses nothing and re-reads at most the boundary record.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from grid_braze_sandbox.clock import SimulatedClock

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

Record = dict[str, Any]


def clone(value: Any) -> Any:
    """A copy of a JSON-shaped value: what callers get can never change what is stored. Much
    faster than `copy.deepcopy`, which a clock move releasing thousands of documents felt."""
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clone(item) for item in value]
    return value


def format_stamp(moment: datetime) -> str:
    """Fixed width, so that stamps sort as strings."""
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)


class Collection:
    """One kind of record, by id, with its `(updatedAt, id)` index."""

    def __init__(self, id_field: str) -> None:
        self.id_field = id_field
        self.records: dict[str, Record] = {}
        self.order: list[tuple[str, str]] = []

    def put(self, record: Record) -> None:
        key = record[self.id_field]
        old = self.records.get(key)
        if old is not None:
            position = bisect.bisect_left(self.order, (old["updatedAt"], key))
            del self.order[position]
        self.records[key] = record
        # Stamps only grow, so the new key almost always goes at the end.
        bisect.insort(self.order, (record["updatedAt"], key))

    def iterate_from(self, start: tuple[str, str] | None, inclusive: bool) -> Iterator[Record]:
        if start is None:
            position = 0
        elif inclusive:
            position = bisect.bisect_left(self.order, start)
        else:
            position = bisect.bisect_right(self.order, start)
        for _updated_at, key in self.order[position:]:
            yield self.records[key]


class Store:
    def __init__(self, clock: SimulatedClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self._collections: dict[str, Collection] = {}
        self._counters: dict[str, int] = defaultdict(int)
        self._last_stamp: datetime | None = None

    def collection(self, kind: str, id_field: str) -> Collection:
        with self.lock:
            found = self._collections.get(kind)
            if found is None:
                found = self._collections[kind] = Collection(id_field)
            return found

    def stamp(self) -> str:
        with self.lock:
            now = self.clock.now()
            if self._last_stamp is not None and now <= self._last_stamp:
                now = self._last_stamp + timedelta(microseconds=1)
            self._last_stamp = now
            return format_stamp(now)

    def new_id(self, prefix: str) -> str:
        with self.lock:
            self._counters[prefix] += 1
            return f"{prefix}-{self._counters[prefix]:06d}"

    def insert(self, kind: str, id_field: str, record: Record) -> Record:
        with self.lock:
            stamp = self.stamp()
            stored = clone(record)
            stored.setdefault("createdAt", stamp)
            stored["updatedAt"] = stamp
            self.collection(kind, id_field).put(stored)
            # Stored records are only ever replaced value by value, never changed inside, so a
            # top-level copy is enough to keep a caller from changing what is stored.
            return dict(stored)

    def update(self, kind: str, key: str, changes: Record) -> Record:
        with self.lock:
            collection = self._collections[kind]
            record = dict(collection.records[key]) | clone(changes)
            record["updatedAt"] = self.stamp()
            collection.put(record)
            return dict(record)

    def get(self, kind: str, key: str) -> Record | None:
        with self.lock:
            collection = self._collections.get(kind)
            if collection is None:
                return None
            record = collection.records.get(key)
            return clone(record) if record is not None else None

    def find(self, kind: str, predicate: Callable[[Record], bool]) -> list[Record]:
        with self.lock:
            collection = self._collections.get(kind)
            if collection is None:
                return []
            return [clone(r) for r in collection.records.values() if predicate(r)]

    def count(self, kind: str) -> int:
        with self.lock:
            collection = self._collections.get(kind)
            return len(collection.records) if collection else 0

    def page(
        self,
        kind: str,
        *,
        start: tuple[str, str] | None,
        inclusive: bool,
        predicate: Callable[[Record], bool],
        limit: int,
    ) -> tuple[list[Record], bool]:
        """Up to `limit` matching records from `start` on, and whether more follow."""
        with self.lock:
            collection = self._collections.get(kind)
            if collection is None:
                return [], False
            rows: list[Record] = []
            for record in collection.iterate_from(start, inclusive):
                if not predicate(record):
                    continue
                if len(rows) == limit:
                    return rows, True
                rows.append(clone(record))
            return rows, False
