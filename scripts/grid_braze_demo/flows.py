"""The flows of DESIGN §10 (and our functional acknowledgements), and which flow a Braze message
belongs to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flow:
    number: str
    title: str
    direction: str


FLOWS = (
    Flow("1", "Partner-raised case → campaign per affected customer", "Grid → Braze"),
    Flow("2", "Fulfilment exception → event and attributes (delay path)", "Grid → Braze"),
    Flow("3", "Required documents approved → Canvas trigger", "Grid → Braze"),
    Flow("4", "Engagement → demand signals to suppliers (EDI)", "Braze → Grid"),
    Flow("5", "Incident resolved → service-recovery campaign", "Grid → Braze"),
    Flow("6", "Availability → catalog items, restock and delay notices", "Grid → Braze"),
    Flow("7", "Feedback loop: customer → partner case → customer", "both"),
    Flow("FA", "Our functional acknowledgements of every group partners sent", "→ Grid"),
)
FLOW_NUMBERS = tuple(flow.number for flow in FLOWS)

# The marts that go to Braze (DESIGN §3: grid-to-braze sends every marts_braze stream).
BRAZE_MARTS = ("campaign_triggers", "canvas_triggers", "events", "user_attributes", "catalog_items")

# Campaigns are shared by several flows (four flows write campaign_triggers), so a message that
# Braze received but the manifest did not expect is told apart by its campaign.
CAMPAIGN_FLOWS = {
    "partner_case_update": "1",
    "service_recovery": "5",
    "restock_notice": "6",
    "delay_notice": "6",
    "loop_closed": "7",
}
EVENT_FLOWS = {"fulfillment_exception": "2", "partner_update": "7"}


def flow_of_received(stream: str, payload: dict) -> str:
    """The flow an unexpected message most likely came from, for the report's differences."""
    if stream == "campaign_triggers":
        return CAMPAIGN_FLOWS.get(payload.get("campaign_id"), "?")
    if stream == "canvas_triggers":
        return "3"
    if stream == "events":
        return EVENT_FLOWS.get(payload.get("name"), "?")
    if stream == "user_attributes":
        return "2"
    if stream == "catalog_items":
        return "6"
    return "?"
