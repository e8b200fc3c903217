"""The /users/track packer on its own: when requests go, what they carry, what it remembers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from target_braze.delivery import Item
from target_braze.packing import UsersTrackPacker
from target_braze.sinks.users_track import UsersTrackEndpoint

ARRAY_KINDS = {"attributes": "user_attributes", "events": "events", "purchases": "purchases"}


def item(array: str, n: int, *, user: str | None = None, value: str = "v") -> Item:
    if array == "attributes":
        return Item(
            stream="user_attributes",
            kind="user_attributes",
            record={},
            payload={"external_id": user or f"u{n}"},
            schema={},
            key_properties=[],
            input_array=array,
            identity=user or f"u{n}",
            value_hash=value,
        )
    return Item(
        stream=ARRAY_KINDS[array],
        kind=ARRAY_KINDS[array],
        record={},
        payload={"external_id": f"u{n}"},
        schema={},
        key_properties=[],
        ledger_key=f"{array}-{n}",
        input_array=array,
    )


class HeldDispatcher:
    """Records each request and holds it until the test lets it go."""

    def __init__(self) -> None:
        self.sent: list[list[Item]] = []
        self.changed = threading.Condition()
        self.released = 0
        self.in_flight_identities: list[set[str]] = []
        self._flying: set[str] = set()
        self.fail_with: BaseException | None = None

    def deliver_chunk(self, endpoint: Any, items: list[Item]) -> None:
        identities = {i.identity for i in items if i.identity is not None}
        with self.changed:
            self.sent.append(items)
            assert not identities & self._flying, "a user's updates overlapped"
            self._flying |= identities
            number = len(self.sent)
            self.changed.notify_all()
            self.changed.wait_for(lambda: self.released >= number, timeout=10)
            self._flying -= identities
        if self.fail_with is not None:
            raise self.fail_with

    def wait_for_requests(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.sent) >= count, timeout=10)

    def release(self, count: int = 1_000_000) -> None:
        with self.changed:
            self.released += count
            self.changed.notify_all()


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as pool:
        yield pool


def packer_for(
    dispatcher: HeldDispatcher,
    executor: ThreadPoolExecutor,
    *,
    slots: int = 4,
    backlog: int = 25_000,
) -> UsersTrackPacker:
    return UsersTrackPacker(
        UsersTrackEndpoint.from_setting(75),
        dispatcher,  # type: ignore[arg-type]
        executor,
        slots=slots,
        backlog=backlog,
    )


def test_a_full_request_goes_at_once_and_a_partial_one_only_on_drain(
    executor: ThreadPoolExecutor,
) -> None:
    dispatcher = HeldDispatcher()
    packer = packer_for(dispatcher, executor)
    packer.add([item("events", n) for n in range(74)])
    assert dispatcher.sent == []  # not a full request yet
    packer.add([item("events", 74), item("purchases", 0)])
    dispatcher.wait_for_requests(1)  # 75 events: it goes, with the purchase that waits
    assert [i.input_array for i in dispatcher.sent[0]].count("events") == 75
    assert [i.input_array for i in dispatcher.sent[0]].count("purchases") == 1
    packer.add([item("events", n) for n in range(75, 80)])
    dispatcher.release()
    packer.drain()  # the last five go as a partial request
    assert [len(chunk) for chunk in dispatcher.sent] == [76, 5]


def test_what_waits_while_the_slots_are_busy_is_packed_together(
    executor: ThreadPoolExecutor,
) -> None:
    dispatcher = HeldDispatcher()
    packer = packer_for(dispatcher, executor, slots=1)
    packer.add([item("attributes", n) for n in range(75)])
    dispatcher.wait_for_requests(1)
    # The one slot is busy: events and purchases wait beside the next attributes.
    packer.add([item("attributes", n) for n in range(75, 150)])
    packer.add([item("events", n) for n in range(75)])
    packer.add([item("purchases", n) for n in range(75)])
    dispatcher.release()
    packer.drain()
    assert len(dispatcher.sent) == 2
    assert len(dispatcher.sent[1]) == 225


def test_a_users_next_update_waits_for_the_previous_answer(executor: ThreadPoolExecutor) -> None:
    dispatcher = HeldDispatcher()
    packer = packer_for(dispatcher, executor)
    updates = [item("attributes", n, user="same", value=f"v{n}") for n in range(3)]
    others = [item("attributes", n) for n in range(100)]
    packer.add([updates[0], *others[:74], updates[1], *others[74:], updates[2]])
    assert packer.queued_hashes(["same"]) == {"same": "v2"}  # the last one queued counts
    dispatcher.release()
    packer.drain()
    carrying = [
        n for n, chunk in enumerate(dispatcher.sent) if any(i.identity == "same" for i in chunk)
    ]
    assert len(carrying) == 3  # one update per request, in order
    order = [i.value_hash for chunk in dispatcher.sent for i in chunk if i.identity == "same"]
    assert order == ["v0", "v1", "v2"]
    assert packer.queued_hashes(["same"]) == {}  # answered: the ledger has it now


def test_keys_are_outstanding_until_their_request_is_answered(
    executor: ThreadPoolExecutor,
) -> None:
    dispatcher = HeldDispatcher()
    packer = packer_for(dispatcher, executor)
    packer.add([item("events", n) for n in range(75)])
    dispatcher.wait_for_requests(1)
    assert packer.outstanding_keys("events", ["events-3", "events-99"]) == {"events-3"}
    dispatcher.release()
    packer.drain()
    assert packer.outstanding_keys("events", ["events-3"]) == set()


def test_a_failed_request_stops_the_rest_and_drain_raises(executor: ThreadPoolExecutor) -> None:
    dispatcher = HeldDispatcher()
    dispatcher.fail_with = RuntimeError("Braze said no")
    packer = packer_for(dispatcher, executor, slots=1)
    packer.add([item("events", n) for n in range(150)])
    dispatcher.release()
    with pytest.raises(RuntimeError, match="Braze said no"):
        packer.drain()
    assert len(dispatcher.sent) == 1  # the second request was never sent
    assert packer.outstanding_keys("events", ["events-100"]) == set()
    with pytest.raises(RuntimeError):
        packer.add([item("events", 200)])


def test_a_small_backlog_sends_partial_requests_instead_of_waiting(
    executor: ThreadPoolExecutor,
) -> None:
    dispatcher = HeldDispatcher()
    dispatcher.release()
    packer = packer_for(dispatcher, executor, backlog=10)
    for start in range(0, 30, 10):
        packer.add([item("events", n) for n in range(start, start + 10)])
    packer.drain()
    assert sum(len(chunk) for chunk in dispatcher.sent) == 30
