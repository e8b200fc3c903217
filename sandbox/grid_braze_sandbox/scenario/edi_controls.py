"""Control numbers of the interchanges the scenario writes (we own ours; DESIGN §6).

Each range is far from the others and from the suppliers' own mock-edi counters, which start at 1,
so no partner ever sees a control number twice.
"""

from __future__ import annotations

from datetime import date

from grid_braze_sandbox.scenario.population import SUPPLIERS
from grid_braze_sandbox.scenario.timeline import HISTORY_START

BULK_PO_CONTROL_BASE = 100_000  # our 850 batches of uneventful orders, per supplier, day, chunk
STORY_PO_CONTROL_BASE = 800_000  # our 850 batch of story orders, per supplier
STORY_DOCUMENT_CONTROL_BASE = 900_000_000  # documents the story sends as a partner


MAX_CHUNKS_PER_DAY = 1000


def purchase_order_control(supplier: str, day: date | None, chunk: int = 0) -> int:
    slot = next(i for i, s in enumerate(SUPPLIERS) if s.address == supplier)
    if day is None:
        return STORY_PO_CONTROL_BASE + slot
    if not 0 <= chunk < MAX_CHUNKS_PER_DAY:
        raise ValueError("too many orders for one supplier and day")
    offset = (day - HISTORY_START.date()).days * len(SUPPLIERS) + slot
    return BULK_PO_CONTROL_BASE + offset * MAX_CHUNKS_PER_DAY + chunk
