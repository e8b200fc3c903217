"""Flow 1: partner-raised cases → `campaign_triggers` (`partner_case_update`)."""

from __future__ import annotations

from datetime import datetime

from grid_braze_sandbox.scenario.model import PartnerCase
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, json_date, key

FLOW1_CATEGORIES = ("SHIPMENT_DELAY", "INVOICE_DISCREPANCY", "ORDER_EXCEPTION")
SENDING_STATUSES = ("OPEN", "WAITING_ON_PARTNER", "RESOLVED")


def status_at(facts: Facts, case_id: str, moment: datetime) -> str | None:
    """The case's status at a moment: its latest status event at or before it."""
    status = None
    for event in facts.case_events:  # in time order
        if event.case_id == case_id and event.time <= moment:
            status = event.status
    return status


def first_entries(facts: Facts, case: PartnerCase) -> list[tuple[str, datetime]]:
    """Each sending status the first time the case enters it (re-entering sends nothing)."""
    seen: dict[str, datetime] = {}
    for event in facts.case_events:
        if event.case_id == case.case_id and event.status in SENDING_STATUSES:
            seen.setdefault(event.status, event.time)
    return sorted(seen.items(), key=lambda item: item[1])


def case_update_rows(facts: Facts, cases_with_feedback: frozenset[str]) -> list[MartRow]:
    rows = []
    for case in facts.cases:
        if case.category not in FLOW1_CATEGORIES or case.raised_by != "PARTNER":
            continue
        for status, _moment in first_entries(facts, case):
            if status == "RESOLVED" and case.case_id in cases_with_feedback:
                continue  # 7b's loop_closed replaces it
            for customer in facts.case_customers(case):
                rows.append(
                    MartRow(
                        "campaign_triggers",
                        key("f1", case.case_id, status, customer),
                        {
                            "flow": "1",
                            "campaign_id": "partner_case_update",
                            "external_id": customer,
                            "trigger_properties": {
                                "case_id": case.case_id,
                                "case_type": case.category,
                                "case_status": status,
                                "po_number": case.po_number,
                                "order_id": case.order_id,
                                "revised_eta": json_date(case.revised_eta),
                            },
                        },
                    )
                )
    return rows
