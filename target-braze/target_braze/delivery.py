"""Delivering prepared items: the ledger around every request, partial errors, 400 splits.

A sink turns each record into an `Item` (the Braze object plus what the ledger and the dead
letters need) and groups items into requests with an `Endpoint`. The `Dispatcher` runs the
requests of one wave concurrently and waits for them; waves run one after another, which keeps
the order of updates to one user.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from target_braze.bookkeeping import DryRunLedger, LedgerRun
from target_braze.client import AmbiguousDeliveryError, BrazeClient, BrazeError, BrazeReply
from target_braze.dead_letters import DeadLetter, DeadLetterWriter, DryRunRecorder
from target_braze.kinds import AT_MOST_ONCE
from target_braze.report import RunReport


@dataclass(slots=True)
class Item:
    """One record, ready for Braze."""

    stream: str
    kind: str
    record: dict[str, Any]  # as received: what a dead letter keeps
    payload: dict[str, Any]  # the Braze object
    schema: dict[str, Any]
    key_properties: list[str]
    message_key: str | None = None
    # The key the ledger tracks (it stores only a digest): the message key, or a hash of what
    # Braze gets. None: not tracked by key (attributes, helper requests).
    ledger_key: str | None = None
    group: tuple[Any, ...] = ()  # one request only mixes items of one group
    input_array: str | None = None  # /users/track: attributes, events or purchases
    identity: str | None = None  # attributes: whose values these are ...
    value_hash: str | None = None  # ... and their hash, stored once delivered
    counts_as_send: bool = False  # a message to a customer (send guards)


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, Any]


class Endpoint(Protocol):
    """How a group of items becomes requests, and how answers map back to items."""

    family: str

    def chunks(self, items: Sequence[Item]) -> list[list[Item]]:
        """Split one group's items into request-sized lists."""

    def build(self, items: Sequence[Item]) -> Request:
        """The request for one chunk."""

    def rejected(self, items: Sequence[Item], reply: BrazeReply) -> dict[int, str]:
        """Positions (in `items`) that a successful answer still rejected, with Braze's reason."""


class RequestRefusedError(BrazeError):
    """Braze refused a request for a reason splitting cannot fix (auth, permissions, paths)."""


@dataclass
class DeliveryContext:
    client: BrazeClient | None
    ledger: LedgerRun | DryRunLedger
    dead_letters: DeadLetterWriter
    report: RunReport
    logger: logging.Logger
    executor: ThreadPoolExecutor
    in_doubt_policy: Callable[[str], str]
    dry_run: DryRunRecorder | None = None
    sends: list[int] = field(default_factory=lambda: [0])  # messages sent in this run
    sends_lock: threading.Lock = field(default_factory=threading.Lock)


class _Write:
    __slots__ = ("action", "done", "error", "wake")

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.done = False
        self.error: BaseException | None = None
        self.wake = threading.Lock()  # held until its commit is over, or until it commits next
        self.wake.acquire()


class GroupCommit:
    """The ledger writes of concurrent requests, committed together.

    Every request writes the ledger twice (its pending marks, then its delivered marks), and
    the ledger takes one transaction at a time. A request's writes wait for their commit, as
    before, but a thread that finds a commit under way queues its writes, and the next commit
    takes every write queued by then: one commit for several requests instead of one each. The
    thread that committed wakes each waiting thread once, and hands the next commit to the
    first one still queued.
    """

    def __init__(self, ledger: LedgerRun | DryRunLedger) -> None:
        self._ledger = ledger
        self._lock = threading.Lock()
        self._queued: list[_Write] = []
        self._committing = False

    def write(self, action: Callable[[], None]) -> None:
        """Run `action` (ledger writes) in a transaction; return once it is committed."""
        mine = _Write(action)
        with self._lock:
            waits = self._committing
            if waits:
                self._queued.append(mine)
            self._committing = True
        if waits:
            mine.wake.acquire()  # committed by another thread, or this one commits next
            if mine.done:
                if mine.error is not None:
                    raise mine.error
                return
        with self._lock:
            group = [mine, *self._queued]
            self._queued = []
        error: BaseException | None = None
        try:
            with self._ledger.transaction():
                for write in group:
                    write.action()
        except BaseException as failure:
            error = failure
        with self._lock:
            following = self._queued.pop(0) if self._queued else None
            if following is None:
                self._committing = False
        for write in group[1:]:
            write.done, write.error = True, error
            write.wake.release()
        if following is not None:
            following.wake.release()  # not done: it commits what is queued
        if error is not None:
            raise error


class Dispatcher:
    def __init__(self, context: DeliveryContext) -> None:
        self._c = context
        self._ledger = GroupCommit(context.ledger)

    def deliver_wave(self, wave: list[tuple[Endpoint, list[Item]]]) -> None:
        """Send every chunk concurrently; return when all are settled (or raise the first error)."""
        futures = [
            self._c.executor.submit(self._deliver, endpoint, chunk) for endpoint, chunk in wave
        ]
        first_error: BaseException | None = None
        for future in futures:
            try:
                future.result()
            except BaseException as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error

    def deliver_chunk(self, endpoint: Endpoint, items: list[Item]) -> None:
        """One request (split further if Braze refuses it with a 400), its ledger marks around
        it; raises what stops the run."""
        self._deliver(endpoint, items)

    def _deliver(self, endpoint: Endpoint, items: list[Item]) -> None:
        c = self._c
        stream = items[0].stream
        kinds = {i.kind for i in items}
        request = endpoint.build(items)
        if c.dry_run is not None:
            c.dry_run.record(request.method, request.path, request.body, stream)
            self._delivered(items)
            return
        assert c.client is not None
        # Every kind of the request in one commit, before the request goes.
        self._each_kind(items, c.ledger.mark_pending)
        try:
            reply = c.client.request(
                request.method,
                request.path,
                request.body,
                family=endpoint.family,
                stream=stream,
                repeat_ambiguous=all(c.in_doubt_policy(k) != AT_MOST_ONCE for k in kinds),
            )
        except AmbiguousDeliveryError as error:
            # At most once: Braze may have sent these; never send them again, and say so.
            self._each_kind(items, c.ledger.mark_unconfirmed)
            for item in items:
                c.report.add(item.stream, "in_doubt")
            c.logger.warning("%s: %d record(s) in doubt: %s", stream, len(items), error)
            self._dead(items, f"in doubt: {error}; not repeated (at_most_once)", None)
            return
        if reply.ok:
            if "notice" in reply.body and "dispatch_id" in reply.body:
                # A paused or archived Canvas answers 201 and sends nothing.
                self._each_kind(items, c.ledger.forget)
                self._dead(items, f"not sent: {reply.body['notice']}", reply.status)
                return
            rejected = endpoint.rejected(items, reply)
            accepted = [item for n, item in enumerate(items) if n not in rejected]
            refused = [(items[n], reason) for n, reason in sorted(rejected.items())]
            self._each_kind([i for i, _ in refused], c.ledger.forget)
            for item, reason in refused:
                self._dead([item], f"rejected by Braze: {reason}", reply.status)
            self._delivered(accepted)
            return
        self._each_kind(items, c.ledger.forget)
        if reply.status == 400:
            if len(items) > 1:
                # Split until the object Braze objects to stands alone; the rest goes through.
                middle = len(items) // 2
                self._deliver(endpoint, items[:middle])
                self._deliver(endpoint, items[middle:])
                return
            self._dead(items, f"refused by Braze: {reply.message}", reply.status)
            return
        msg = f"{request.method} {request.path}: HTTP {reply.status}: {reply.message}"
        raise RequestRefusedError(msg)

    def _each_kind(self, items: Sequence[Item], action: Callable[..., None]) -> None:
        """Apply a ledger action to the tracked keys of each kind (a request can mix kinds), in
        one commit; nothing to write (attributes only), no commit."""
        by_kind = _keys_by_kind(items)
        if by_kind:
            self._ledger.write(lambda: _apply(by_kind, action))

    def _delivered(self, items: list[Item]) -> None:
        if not items:
            return
        c = self._c
        hashes = {
            i.identity: i.value_hash
            for i in items
            if i.identity is not None and i.value_hash is not None
        }

        by_kind = _keys_by_kind(items)

        def write() -> None:  # the keys and the attribute hashes in one commit
            _apply(by_kind, c.ledger.mark_delivered)
            c.ledger.remember_many(hashes)

        if by_kind or hashes:
            self._ledger.write(write)
        for stream, count in Counter(item.stream for item in items).items():
            c.report.add(stream, "sent", count)
        sends = sum(1 for item in items if item.counts_as_send)
        if sends:
            with c.sends_lock:
                c.sends[0] += sends

    def _dead(self, items: list[Item], reason: str, status: int | None) -> None:
        letters = [
            DeadLetter(
                stream=i.stream,
                schema=i.schema,
                key_properties=i.key_properties,
                record=i.record,
                reason=reason,
                message_key=i.message_key,
                status=status,
            )
            for i in items
        ]
        self._c.dead_letters.write(letters)
        for stream, count in Counter(item.stream for item in items).items():
            self._c.report.add(stream, "dead_letters", count)


def _keys_by_kind(items: Sequence[Item]) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for item in items:
        if item.ledger_key is not None:
            by_kind.setdefault(item.kind, []).append(item.ledger_key)
    return by_kind


def _apply(by_kind: dict[str, list[str]], action: Callable[..., None]) -> None:
    for kind, keys in by_kind.items():
        action(keys, kind=kind)
