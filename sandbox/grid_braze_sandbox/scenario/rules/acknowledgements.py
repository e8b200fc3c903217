"""Our functional acknowledgements → `functional_acks`: every functional group a partner sends
us, except acknowledgements themselves, answered with a 997 (AK9 A when it read cleanly).

Every document in the scenario reads cleanly, so every set is accepted. The groups are the story's
own documents and mock-edi's answers to uneventful orders (`mock_answers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from grid_braze_sandbox.scenario.mock_answers import MockDocument
from grid_braze_sandbox.scenario.model import PartnerDocument
from grid_braze_sandbox.scenario.population import SUPPLIERS_BY_ADDRESS
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, key

# The functional group code (GS01) of each set a partner sends, and the EDIFACT message peer.
GROUP_CODES = {"855": "PR", "856": "SH", "810": "IN", "846": "IB", "214": "QM", "180": "AN"}
EDIFACT_PEERS = {
    "855": "ORDRSP",
    "856": "DESADV",
    "810": "INVOIC",
    "846": "INVRPT",
    "214": "IFTSTA",
}


def _row(
    sender: str, kind: str, dialect: str, interchange: str, group: str, set_id: str
) -> MartRow:
    edifact = dialect == "EDIFACT"
    return MartRow(
        "functional_acks",
        key("fa", sender, interchange, group),
        {
            "flow": "fa",
            "partner_id": sender,
            "interchange_control_number": interchange,
            "group_control_number": group or None,
            "functional_id_code": None if edifact else GROUP_CODES[kind],
            "group_status": "A",
            "set_acknowledgements": [
                {
                    # The name target-trading-grid's functional_acks sink reads.
                    "set_code": EDIFACT_PEERS[kind] if edifact else kind,
                    "set_control_number": set_id,
                    "status": "A",
                }
            ],
        },
    )


def story_ack_rows(facts: Facts) -> list[MartRow]:
    return [_story_row(d) for d in facts.documents if d.kind in GROUP_CODES]


def _story_row(document: PartnerDocument) -> MartRow:
    return _row(
        document.sender,
        document.kind,
        document.dialect,
        document.interchange_id,
        document.group_id,
        document.set_id,
    )


def mock_ack_rows(documents: Iterable[MockDocument]) -> Iterator[MartRow]:
    for document in documents:
        if document.kind not in GROUP_CODES:
            continue  # a 997 / CONTRL is not acknowledged
        dialect = SUPPLIERS_BY_ADDRESS[document.sender].dialect
        set_id = str(document.control) if dialect == "EDIFACT" else f"{document.control:04d}"
        yield _row(
            document.sender,
            document.kind,
            dialect,
            document.interchange_control,
            document.group_control,
            set_id,
        )
