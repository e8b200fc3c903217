"""/users/track requests, packed as sending slots free up.

Attributes, events and purchases wait here in one queue per array. A request goes out as soon
as a full request's worth is waiting (75 objects of one array, or the combined cap) and one of
the `max_concurrent_requests` slots is free; it takes up to 75 of every array, so what waits
while the slots are busy is packed together. Sending starts with the first full request instead
of after a whole batch, and no request waits for the slowest of a wave.

A drain (STATE, the end of the input, a batch of another sink) sends what is left, partial
requests included, and waits for every answer: another sink's requests never overtake
/users/track objects that came before them.

What the ledger cannot know yet is kept here while objects wait or are in flight:

- the attribute identities in flight: a user's next attribute update waits for the previous
  one's answer (requests in flight may land in any order), and two updates of one user never
  share a request;
- the message keys waiting or in flight, so a repeat of a key is not sent while the first is
  (the ledger only knows it once it is delivered);
- the hash of each user's last queued attribute object, so an update that restores a value
  the ledger still holds is not skipped as unchanged.

Each entry goes once the request's ledger marks are written, so a lookup that misses it here
finds it in the ledger.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from target_braze.delivery import Dispatcher, Item
    from target_braze.sinks.users_track import UsersTrackEndpoint

ARRAYS = ("attributes", "events", "purchases")


class UsersTrackPacker:
    def __init__(
        self,
        endpoint: UsersTrackEndpoint,
        dispatcher: Dispatcher,
        executor: ThreadPoolExecutor,
        *,
        slots: int,
        backlog: int,
    ) -> None:
        self._endpoint = endpoint
        self._dispatcher = dispatcher
        self._executor = executor
        self._slots = max(1, slots)
        # Past this many waiting objects, `add` waits (memory stays bounded) and partial
        # requests may go, so a small batch_size_rows never stalls.
        self._backlog = max(1, backlog)
        self._changed = threading.Condition()
        self._queues: dict[str, deque[Item]] = {name: deque() for name in ARRAYS}
        self._waiting = 0
        self._in_flight = 0
        self._draining = 0
        self._busy: set[str] = set()  # attribute identities in flight
        self._keys: Counter[tuple[str, str]] = Counter()  # (kind, ledger key) waiting or in flight
        self._hashes: dict[str, list] = {}  # identity -> [last queued value hash, objects out]
        self._error: BaseException | None = None

    # What the ledger does not know yet -------------------------------------------------------

    def outstanding_keys(self, kind: str, keys: Iterable[str]) -> set[str]:
        """The keys, among these, that wait here or are in flight."""
        with self._changed:
            return {key for key in keys if (kind, key) in self._keys}

    def queued_hashes(self, identities: Iterable[str]) -> dict[str, str]:
        """The value hash last queued for each of these identities that has objects out."""
        with self._changed:
            hashes = self._hashes
            return {i: hashes[i][0] for i in identities if i in hashes}

    # Sending ---------------------------------------------------------------------------------

    def add(self, items: list[Item]) -> None:
        """Queue objects (already checked against the ledger); full requests go at once."""
        with self._changed:
            while self._error is None and self._waiting >= self._backlog:
                self._changed.wait()
            self._raise()
            for item in items:
                self._queues[item.input_array or "attributes"].append(item)
                if item.ledger_key is not None:
                    self._keys[item.kind, item.ledger_key] += 1
                if item.identity is not None:
                    entry = self._hashes.get(item.identity)
                    if entry is None:
                        self._hashes[item.identity] = [item.value_hash, 1]
                    else:
                        entry[0] = item.value_hash
                        entry[1] += 1
            self._waiting += len(items)
            self._dispatch()

    def drain(self) -> None:
        """Send everything waiting, partial requests included; return once all are answered."""
        with self._changed:
            self._draining += 1
            try:
                self._dispatch()
                while self._error is None and (self._waiting or self._in_flight):
                    self._changed.wait()
                while self._in_flight:  # after a failure, the requests already out finish
                    self._changed.wait()
            finally:
                self._draining -= 1
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _dispatch(self) -> None:
        """Start requests while slots are free and a request is worth sending (lock held)."""
        while self._error is None and self._in_flight < self._slots and self._waiting:
            partial = bool(self._draining) or self._waiting >= self._backlog
            if not partial and not self._full():
                return
            chunk = self._take()
            if not chunk:
                return  # what waits belongs to users whose previous update is in flight
            self._in_flight += 1
            self._waiting -= len(chunk)
            self._executor.submit(self._send, chunk)

    def _full(self) -> bool:
        per_array = self._endpoint.per_array
        queues = self._queues
        if any(len(queue) >= per_array for queue in queues.values()):
            return True
        return sum(len(queue) for queue in queues.values()) >= self._endpoint.combined

    def _take(self) -> list[Item]:
        endpoint = self._endpoint
        chunk: list[Item] = []
        for name in ARRAYS:
            queue = self._queues[name]
            room = min(endpoint.per_array, endpoint.combined - len(chunk))
            if room <= 0:
                break
            if name != "attributes":
                while queue and room:
                    chunk.append(queue.popleft())
                    room -= 1
                continue
            # One update per user and request, and none while the user's last is in flight;
            # the updates passed over keep their order.
            busy = self._busy
            taken: set[str] = set()
            passed: list[Item] = []
            while queue and room:
                item = queue.popleft()
                identity = item.identity
                if identity is not None and (identity in busy or identity in taken):
                    passed.append(item)
                    continue
                if identity is not None:
                    taken.add(identity)
                chunk.append(item)
                room -= 1
            queue.extendleft(reversed(passed))
            busy.update(taken)
        return chunk

    def _send(self, chunk: list[Item]) -> None:
        error: BaseException | None = None
        try:
            # Marks the keys pending, sends, marks them delivered (or dead letters them).
            self._dispatcher.deliver_chunk(self._endpoint, chunk)
        except BaseException as failure:
            error = failure
        with self._changed:
            self._in_flight -= 1
            self._release(chunk)
            if error is not None and self._error is None:
                self._error = error
                self._drop_waiting()  # never marked pending: the next run sends them
            self._dispatch()
            self._changed.notify_all()

    def _release(self, chunk: list[Item]) -> None:
        keys, hashes, busy = self._keys, self._hashes, self._busy
        for item in chunk:
            if item.ledger_key is not None:
                marker = (item.kind, item.ledger_key)
                keys[marker] -= 1
                if keys[marker] <= 0:
                    del keys[marker]
            if item.identity is not None:
                busy.discard(item.identity)
                entry = hashes.get(item.identity)
                if entry is not None:
                    entry[1] -= 1
                    if entry[1] <= 0:
                        del hashes[item.identity]

    def _drop_waiting(self) -> None:
        for queue in self._queues.values():
            dropped = list(queue)
            queue.clear()
            self._release(dropped)
        self._busy.clear()
        self._waiting = 0
