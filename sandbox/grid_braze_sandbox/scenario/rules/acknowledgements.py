"""Our functional acknowledgements → `functional_acks`: every functional group a partner sends
us, except acknowledgements themselves, answered with a 997 (AK9 A when it read cleanly).

Every document the scenario writes reads cleanly, so every set is accepted.
"""

from __future__ import annotations

from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, key

# The functional group code (GS01) of each set a partner sends.
GROUP_CODES = {"855": "PR", "856": "SH", "810": "IN", "846": "IB", "214": "QM", "180": "AN"}


def functional_ack_rows(facts: Facts) -> list[MartRow]:
    rows = []
    for document in facts.documents:
        if document.kind not in GROUP_CODES:
            continue
        interchange = f"{document.interchange_control:09d}"
        group = str(document.group_control)
        rows.append(
            MartRow(
                "functional_acks",
                key("fa", document.sender, interchange, group),
                {
                    "flow": "fa",
                    "partner_id": document.sender,
                    "interchange_control_number": interchange,
                    "group_control_number": group,
                    "functional_id_code": GROUP_CODES[document.kind],
                    "group_status": "A",
                    "set_acknowledgements": [
                        {
                            "transaction_set": document.kind,
                            "set_control_number": "0001",
                            "status": "A",
                        }
                    ],
                },
            )
        )
    return rows
