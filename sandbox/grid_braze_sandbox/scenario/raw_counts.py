"""`raw`: how many records each tap stream must emit after phase K (DESIGN §5, §11).

Counted from the ground truth, one customer at a time. Only streams whose content the scenario
decides are listed; streams filled by what the pipeline itself later sends (message engagement,
Canvas entries, conversions, our own acks) or by the emulators' reporting (series, KPIs) are not.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from grid_braze_sandbox.scenario.generator import CustomerActivity, Scenario
from grid_braze_sandbox.scenario.model import SUBSCRIPTION_GROUPS, PartnerDocument
from grid_braze_sandbox.scenario.purchase_orders import Batcher
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.supplier_answers import ANSWER_STREAMS, answered

# Streams of documents partners put in inbound/, one interchange each.
INBOUND_STREAMS = (
    "po_acknowledgements",
    "ship_notices",
    "invoices",
    "inventory_advice",
    "shipment_status",
    "returns",
    "functional_acks",
)
DESIGN_CAMPAIGNS = 5
DESIGN_CANVASES = 4

# Tap stream of each partner document kind (tap-trading-grid, DESIGN §11).
STREAM_OF_KIND = {
    "855": "po_acknowledgements",
    "856": "ship_notices",
    "810": "invoices",
    "846": "inventory_advice",
    "214": "shipment_status",
    "180": "returns",
    "997": "functional_acks",
}


class RawCounter:
    def __init__(self, scenario: Scenario, as_of: datetime) -> None:
        self.scenario = scenario
        self.as_of = as_of
        self.counts: Counter[str] = Counter()
        self.event_names: set[str] = set()
        self.products: set[str] = set()
        self.batcher = Batcher()
        self.bulk_interchanges = 0

    def add(self, activity: CustomerActivity) -> None:
        counts = self.counts
        counts["users"] += 1
        counts["currents_subscription_changes"] += len(SUBSCRIPTION_GROUPS)
        for event in activity.events:
            if event.time <= self.as_of:
                counts["currents_custom_events"] += 1
                self.event_names.add(event.name)
        for order in activity.orders:
            if order.placed_at > self.as_of:
                continue
            counts["currents_purchases"] += order.quantity
            self.products.add(order.sku)
            counts["purchase_orders"] += 1
            counts["purchase_orders_lines"] += 1
            self.bulk_interchanges += len(self.batcher.add(order))
            if answered(order):
                for stream in ANSWER_STREAMS:
                    counts[stream] += 1
                    counts[f"{stream}_lines"] += 1
                counts["functional_acks_lines"] += 1  # the 997's AK2 for this 850

    def finish(self, facts: Facts) -> dict[str, int]:
        counts = self.counts
        counts["campaigns"] = DESIGN_CAMPAIGNS
        counts["canvases"] = DESIGN_CANVASES
        counts["custom_event_names"] = len(self.event_names)
        counts["products"] = len(self.products)
        # One 997 per interchange of ours mock-edi answered (story batches are answered by the
        # story's own 997s, counted with the other story documents below).
        self.bulk_interchanges += len(self.batcher.finish())
        counts["functional_acks"] += self.bulk_interchanges
        for document in facts.documents:
            stream = STREAM_OF_KIND[document.kind]
            counts[stream] += 1
            counts[f"{stream}_lines"] += _lines(document)
        counts["document_errors"] = 0  # every document the scenario causes reads cleanly
        # One transaction per interchange routed: ours (uneventful batches, and one story batch
        # per story supplier) and every partner interchange delivered to inbound/.
        story_batches = len({o.supplier for o in facts.story_orders})
        inbound = sum(counts[stream] for stream in INBOUND_STREAMS)
        counts["transactions"] = self.bulk_interchanges + story_batches + inbound
        # Our own company, which the network always has, and one per supplier.
        counts["companies"] = 1 + len(self.scenario.suppliers_registered)
        # A trading relationship each way (we send to, and receive from, every supplier).
        counts["trading_partners"] = 2 * len(self.scenario.suppliers_registered)
        counts["partner_cases"] = len(facts.cases)
        counts["partner_case_events"] = len(facts.case_events)
        counts["partner_case_comments"] = len(facts.comments)
        counts["projects"] = len(facts.projects)
        counts["activities"] = sum(len(p.activities) for p in facts.projects)
        counts["partner_documents"] = len(facts.project_documents)
        # Each launch-readiness project has its supplier as a participant.
        counts["participants"] = sum(1 for p in facts.projects if p.sku is not None)
        # Active Community objects the story never creates: an empty stream is a count too.
        for stream in ("contacts", "progress", "form_responses"):
            counts[stream] = 0
        return dict(sorted(counts.items()))


def _lines(document: PartnerDocument) -> int:
    if document.kind == "846":
        return len(document.inventory)
    if document.kind == "214":
        return 2 if document.estimated_delivery is not None else 1
    if document.kind == "997":
        return int(document.extra.get("sets", 1))
    return 1
