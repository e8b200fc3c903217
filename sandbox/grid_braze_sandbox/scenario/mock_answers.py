"""The control numbers mock-edi gives its answers to our uneventful orders.

A supplier's mock-edi numbers every interchange it sends us from 1 (interchange, group and set
counters move together, one set per interchange). What it sends, and in which order, follows
from the scenario alone:

- when an interchange of our 850s arrives (at the moment the phase runner uploads it), its 997 /
  CONTRL goes out at once;
- per order, an 855 is due `response_hours` later, an 856 `despatch_hours` later and an 810
  `invoice_hours` later (`supplier_answers.SUPPLIER_TIMING`);
- documents that have fallen due go out whenever the shared clock moves, before anything the
  move's own action sends, in the order they fell due (ties in the order they were scheduled).

The phase runner moves the clock to the time of every action it replays, so the moves are the
story's action times and the upload times. Nothing here is read back from the emulator; the live
test checks the prediction against the mailbox.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from grid_braze_sandbox.scenario.population import SUPPLIERS_BY_ADDRESS
from grid_braze_sandbox.scenario.purchase_orders import Interchange
from grid_braze_sandbox.scenario.supplier_answers import SUPPLIER_TIMING

ANSWER_DELAYS = (
    ("855", timedelta(hours=SUPPLIER_TIMING["response_hours"])),
    ("856", timedelta(hours=SUPPLIER_TIMING["despatch_hours"])),
    ("810", timedelta(hours=SUPPLIER_TIMING["invoice_hours"])),
)


@dataclass(frozen=True)
class MockDocument:
    """One interchange a supplier's mock-edi sends us."""

    sender: str
    kind: str  # 997 (or CONTRL), 855, 856, 810 (or their EDIFACT peers)
    control: int
    released_at: datetime

    @property
    def interchange_control(self) -> str:
        # X12 pads ISA13 to nine digits; an EDIFACT UNB reference is as written.
        if SUPPLIERS_BY_ADDRESS[self.sender].dialect == "EDIFACT":
            return str(self.control)
        return f"{self.control:09d}"

    @property
    def group_control(self) -> str:
        # EDIFACT interchanges from mock-edi carry no functional group (UNG).
        if SUPPLIERS_BY_ADDRESS[self.sender].dialect == "EDIFACT":
            return ""
        return str(self.control)


class MockNumbering:
    """Feeds on our uneventful interchanges in upload order; yields the numbered answers.

    Pending answers are kept as one entry per interchange and kind (its orders' answers fall due
    together and go out one after the other), so memory follows the number of interchanges in
    flight, not the number of orders.
    """

    def __init__(self, moves: Iterable[datetime]) -> None:
        # Clock moves that are not uploads (story actions, phase ends), in time order.
        self._moves = sorted(set(moves))
        self._next_move = 0
        self._counters: dict[str, int] = {}
        self._pending: list[tuple[datetime, int, str, str, int]] = []  # due, seq, supplier, kind, n
        self._seq = 0

    def _number(self, supplier: str, kind: str, moment: datetime) -> MockDocument:
        control = self._counters.get(supplier, 0) + 1
        self._counters[supplier] = control
        return MockDocument(supplier, kind, control, moment)

    def _release_until(self, moment: datetime) -> Iterator[MockDocument]:
        """Every clock move up to `moment` (inclusive) releases what fell due by then."""
        while self._next_move < len(self._moves) and self._moves[self._next_move] <= moment:
            yield from self._release(self._moves[self._next_move])
            self._next_move += 1
        yield from self._release(moment)

    def _release(self, moment: datetime) -> Iterator[MockDocument]:
        while self._pending and self._pending[0][0] <= moment:
            _due, _seq, supplier, kind, count = heapq.heappop(self._pending)
            for _ in range(count):
                yield self._number(supplier, kind, moment)

    def feed(self, interchange: Interchange) -> Iterator[MockDocument]:
        """What goes out when the interchange is uploaded (consume it before the next feed)."""
        moment = interchange.sent_at
        yield from self._release_until(moment)
        yield self._number(interchange.supplier, "997", moment)
        for kind, delay in ANSWER_DELAYS:
            self._seq += 1
            entry = (moment + delay, self._seq, interchange.supplier, kind, len(interchange.orders))
            heapq.heappush(self._pending, entry)

    def finish(self) -> Iterator[MockDocument]:
        if self._moves:
            yield from self._release_until(self._moves[-1])
        if self._pending:
            raise AssertionError("mock-edi answers left unreleased after the last clock move")
