"""A running sandbox with a played scenario, shared by the tests that read real SFTP and HTTP.

The scenario generator decides most of the data and writes its ground truth (`raw` record counts
per tap stream) to `manifest-K.json`. A few streams the scenario does not exercise are filled
here through the sandbox's admin API, and what is added is counted here, from what was sent.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from grid_braze_sandbox.cli import main as sandbox_cli
from grid_braze_sandbox.runtime import Sandbox

SEED, CUSTOMERS, ORDERS = 5, 40, 80
CLOCK_START = datetime(2026, 9, 30, tzinfo=UTC)
# Settings shared with the SDK's test class, which reads this very dict when its runner starts;
# the session fixture fills it once the sandbox is up.
SANDBOX_SETTINGS: dict[str, Any] = {"start_date": "2026-09-01T00:00:00Z"}

# Documents a partner sends that the scenario's story has no use for, written through
# /_sandbox/grid/documents: stream -> (record, lines).
EXTRA_DOCUMENTS: dict[str, dict[str, Any]] = {
    "order_status": {
        "document_type": "order_status",
        "report_number": "OSR-900",
        "report_date": "2026-11-12",
        "lines": [
            {
                "line_number": "1",
                "sku": "SKU-1",
                "po_number": "PO-1",
                "status": "BK",
                "status_date": "2026-11-20",
            }
        ],
    },
    "product_activity": {
        "document_type": "product_activity",
        "report_number": "DS-900",
        "period_start": "2026-11-10",
        "period_end": "2026-11-10",
        "lines": [
            {
                "line_number": "1",
                "sku": "SKU-1",
                "activities": [
                    {
                        "activity": "QS",
                        "quantity": 4,
                        "unit": "EA",
                        "locations": [{"location_id": "US-EAST", "quantity": 4}],
                    }
                ],
            }
        ],
    },
    "planning_schedules": {
        "document_type": "planning_schedule",
        "schedule_reference": "FC-900",
        "horizon_start": "2026-11-16",
        "horizon_end": "2026-11-22",
        "issue_date": "2026-11-12",
        "lines": [
            {
                "line_number": "1",
                "sku": "SKU-1",
                "unit": "EA",
                "forecasts": [
                    {
                        "quantity": 40,
                        "forecast_type": "D",
                        "timing": "W",
                        "start_date": "2026-11-16",
                        "end_date": "2026-11-22",
                    }
                ],
            }
        ],
    },
}
# Delivered twice under two names (the sandbox's `duplicate`): one record is expected.
DUPLICATED_DOCUMENT = {
    "document_type": "application_advice",
    "reference": "AA-900",
    "advice_date": "2026-11-12",
    "lines": [{"status": "TR", "reference_qualifier": "IV", "reference": "INV-900"}],
}
# Damaged on purpose (`malformed: truncated`): one document_errors record is expected.
MALFORMED_DOCUMENT = {
    "document_type": "invoice",
    "invoice_number": "INV-901",
    "po_number": "PO-1",
    "total_amount": 10,
    "lines": [{"line_number": "1", "sku": "SKU-1", "quantity": 1, "unit_price": 10}],
}


@dataclass
class SandboxWorld:
    sandbox: Sandbox
    state_dir: Path
    settings: dict[str, Any]
    manifests: dict[int, dict[str, Any]] = field(default_factory=dict)
    extra_counts: Counter[str] = field(default_factory=Counter)
    early_run: Any = None  # the tap's run after phase 2 (tests.runs.SyncResult)

    def expected_counts(self, phase: int = 4) -> dict[str, int]:
        """Ground truth: the manifest's counts for this tap's streams, plus what was added here."""
        counts = Counter(self.manifests[phase]["raw"])
        counts.update(self.extra_counts)
        return dict(counts)

    def admin(self, path: str, body: Any) -> dict[str, Any]:
        response = requests.post(
            f"{self.settings['api_url']}/_sandbox/grid{path}", json=body, timeout=60
        )
        assert response.status_code in {200, 201}, response.text
        return response.json()

    def admin_get(self, path: str) -> Any:
        response = requests.get(f"{self.settings['api_url']}/_sandbox/grid{path}", timeout=60)
        assert response.status_code == 200, response.text
        return response.json()


def play_phase(state_dir: Path, phase: int) -> dict[str, Any]:
    args = ["scenario", "--state-dir", str(state_dir), "--seed", str(SEED), "--phase", str(phase)]
    args += ["--customers", str(CUSTOMERS), "--orders", str(ORDERS)]
    assert sandbox_cli(args) == 0
    return json.loads((state_dir / f"manifest-{phase}.json").read_text(encoding="utf-8"))


def add_extras(world: SandboxWorld) -> None:
    """Fill what the scenario leaves empty, counting every record it must give."""
    partners = world.admin_get("/partners")
    partner = next(p for p in partners if p.get("kind") == "supplier")
    address, company_id = partner["address"], partner["companyId"]
    counts = world.extra_counts
    # The network keeps one transaction per file it routes into the mailbox.
    for stream, record in EXTRA_DOCUMENTS.items():
        world.admin("/documents", {"from": address, "records": [record]})
        counts[stream] += 1
        counts[f"{stream}_lines"] += len(record["lines"])
        counts["transactions"] += 1
    world.admin(
        "/documents", {"from": address, "records": [DUPLICATED_DOCUMENT], "duplicate": True}
    )
    counts["application_advice"] += 1
    counts["application_advice_lines"] += len(DUPLICATED_DOCUMENT["lines"])
    counts["transactions"] += 2  # the duplicate delivery is a second file
    world.admin(
        "/documents", {"from": address, "records": [MALFORMED_DOCUMENT], "malformed": "truncated"}
    )
    counts["document_errors"] += 1
    counts["transactions"] += 1

    project = world.admin("/ac/projects", {"name": "Supplier onboarding", "process": "ONBOARDING"})
    activity = world.admin(
        "/ac/activities",
        {"projectId": project["projectId"], "name": "W-9", "kind": "DOCUMENT_REQUEST"},
    )
    world.admin("/ac/contacts", {"companyId": company_id, "firstName": "Ann", "lastName": "Lee"})
    world.admin("/ac/participants", {"projectId": project["projectId"], "companyId": company_id})
    world.admin(
        "/ac/progress",
        {
            "projectId": project["projectId"],
            "activityId": activity["activityId"],
            "partnerAddress": address,
            "status": "IN_PROGRESS",
        },
    )
    form = world.admin("/ac/forms", {"name": "Capacity survey", "projectId": project["projectId"]})
    world.admin(
        "/ac/form-responses",
        {
            "formId": form["formId"],
            "projectId": project["projectId"],
            "partnerAddress": address,
            "answers": [{"questionId": "q1", "label": "Weekly capacity", "value": "400"}],
        },
    )
    for stream in (
        "projects",
        "activities",
        "contacts",
        "participants",
        "progress",
        "form_responses",
    ):
        counts[stream] += 1


# The streams whose counts neither the scenario nor this module decide: the network's own
# visibility records (one transaction per routed file, its events, alerts, partnerships) and
# the metadata of every document, which is the sum of the document streams.
UNCOUNTED_STREAMS = frozenset({"transactions", "transaction_events", "alerts", "trading_partners"})
DOCUMENT_COUNT_STREAMS = (
    "purchase_orders",
    "po_acknowledgements",
    "ship_notices",
    "invoices",
    "inventory_advice",
    "product_activity",
    "planning_schedules",
    "order_status",
    "shipment_status",
    "returns",
    "application_advice",
    "functional_acks",
    "document_errors",
)


def with_mailbox_documents(counts: dict[str, int]) -> dict[str, int]:
    return {**counts, "mailbox_documents": sum(counts.get(s, 0) for s in DOCUMENT_COUNT_STREAMS)}
