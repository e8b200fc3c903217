"""Flow 5: incidents resolved → `campaign_triggers` (`service_recovery`)."""

from __future__ import annotations

from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, key

FLOW5_CATEGORIES = ("DAMAGED_SHIPMENT", "MISSING_COMPONENT", "BILLING_CORRECTION")

# The content the dbt seed `service_recovery_offers` must hold (tier x incident type → offer).
# A seed is data, not rule code: both sides have to agree on it, like the §10 names.
SERVICE_RECOVERY_OFFERS = {
    ("BRONZE", "DAMAGED_SHIPMENT"): "COMPENSATION",
    ("BRONZE", "MISSING_COMPONENT"): "APOLOGY",
    ("BRONZE", "BILLING_CORRECTION"): "SURVEY",
    ("SILVER", "DAMAGED_SHIPMENT"): "COMPENSATION",
    ("SILVER", "MISSING_COMPONENT"): "COMPENSATION",
    ("SILVER", "BILLING_CORRECTION"): "APOLOGY",
    ("GOLD", "DAMAGED_SHIPMENT"): "RETENTION",
    ("GOLD", "MISSING_COMPONENT"): "RETENTION",
    ("GOLD", "BILLING_CORRECTION"): "COMPENSATION",
}


def service_recovery_rows(facts: Facts) -> list[MartRow]:
    rows = []
    for case in facts.cases:
        if case.category not in FLOW5_CATEGORIES:
            continue
        resolved = min(
            (
                e.time
                for e in facts.case_events
                if e.case_id == case.case_id and e.status == "RESOLVED"
            ),
            default=None,
        )
        if resolved is None:
            continue
        po_number = case.po_number
        rma = next(
            (d.rma_number for d in facts.documents if d.kind == "180" and d.po_number == po_number),
            None,
        )
        credit = next(
            (
                d.total_amount
                for d in facts.documents
                if d.kind == "810" and d.credit and d.po_number == po_number
            ),
            None,
        )
        for customer in facts.case_customers(case):
            rows.append(
                MartRow(
                    "campaign_triggers",
                    key("f5", case.case_id, customer),
                    {
                        "flow": "5",
                        "campaign_id": "service_recovery",
                        "external_id": customer,
                        "trigger_properties": {
                            "case_id": case.case_id,
                            "incident_type": case.category,
                            "offer": SERVICE_RECOVERY_OFFERS[
                                (facts.tiers[customer], case.category)
                            ],
                            "rma_number": rma,
                            "credit_amount": credit,
                        },
                    },
                )
            )
    return rows
