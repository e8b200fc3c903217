"""What the Trading Grid sandbox received from the pipeline: the interchanges it picked up from
our outbound folder (read back from its mailbox on disk and parsed) and every REST request
(Active Community comments and cases, the tap's reads), from its request log (/_sandbox/grid).

The demo empties the log before each phase's jobs and reads it after them, so the scenario's own
uploads (our 850s, which the scenario plays) are never mistaken for the pipeline's.

The parsed documents become the same comparable messages as the manifest's rows
(messages.expected_grid_messages): one demand cell (partner, day, sku, region) per location of
an 852 / SLSRPT activity, one acknowledged group per 997 / 999 / CONTRL, one Active Community
comment per feedback row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supplychain_edi import parse

from .messages import Message
from .sandbox_http import sandbox_call

# The agreed activity codes of a product activity report (target-trading-grid README,
# demand_signals → 852 / SLSRPT), back to the demand_signals columns.
ACTIVITY_COLUMNS = {
    "QS": "units_purchased",
    "153": "units_purchased",
    "ZV": "views",
    "ZC": "clicks",
    "ZA": "cart_adds",
    "ZB": "abandoned_carts",
}
SPIKE_REFERENCE = "DEMAND-SPIKE"  # target-trading-grid README, demand_signals → 830 / DELFOR
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# target-trading-grid's comment on a case: "Customer feedback (<category>), score <n>/5,
# PO <po>, order <order>: <comment>" (every part but the first optional).
_FEEDBACK = re.compile(
    r"^Customer feedback(?: \((?P<category>[^)]*)\))?(?:, score (?P<score>\d+)/5)?"
    r"(?:, PO (?P<po_number>[^,:]+))?(?:, order (?P<order_id>[^,:]+))?(?:: (?P<comment>.*))?$",
    re.DOTALL,
)


@dataclass
class SentFile:
    name: str
    folder: str  # sent (routed to the partner) or failed (refused by the network)
    partner: str
    at: str  # the simulated time the network picked it up
    content: bytes
    documents: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GridTraffic:
    files: list[SentFile] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def writes(self) -> int:
        """Files sent plus changes through the API (asking for a token changes nothing): what a
        run with nothing new must not do."""
        return len(self.files) + sum(
            r.get("method") in WRITE_METHODS and not str(r.get("path")).startswith("/oauth2/")
            for r in self.requests
        )

    def extend(self, other: GridTraffic) -> None:
        self.files += other.files
        self.requests += other.requests


def clear_grid_log(api_url: str) -> None:
    sandbox_call(f"{api_url}/_sandbox/grid/requests", method="DELETE")


def read_grid_traffic(api_url: str, mailbox_root: Path) -> GridTraffic:
    """Everything the log holds since it was last emptied."""
    traffic = GridTraffic()
    for entry in sandbox_call(f"{api_url}/_sandbox/grid/requests")["requests"]:
        if entry["kind"] == "rest":
            traffic.requests.append(entry)
        elif entry.get("action") in ("routed", "refused"):
            path = mailbox_root / entry["folder"] / entry["filename"]
            content = path.read_bytes()
            sent = SentFile(
                entry["filename"], entry["folder"], entry.get("partner") or "",
                entry["simulated_time"], content,
            )  # fmt: skip
            sent.documents = parse(content, source=entry["filename"])
            if not sent.partner and sent.documents:
                sent.partner = str(sent.documents[0].get("receiver") or "")
            traffic.files.append(sent)
    return traffic


def received_grid_messages(traffic: GridTraffic) -> list[Message]:
    messages: list[Message] = []
    for sent in traffic.files:
        if sent.folder != "sent":
            continue  # refused by the network: it never reached the partner
        for document in sent.documents:
            kind = document.get("document_type")
            if kind in ("product_activity", "planning_schedule"):
                messages += [
                    Message("demand_signals", cell, "4", "", sent.at)
                    for cell in demand_cells(document)
                ]
            elif kind == "functional_ack":
                messages.append(_acknowledged_group(document, sent.at))
    messages += _case_updates(traffic.requests)
    return messages


def demand_cells(document: dict[str, Any]) -> list[dict[str, Any]]:
    """What a demand document tells its partner, one dict per sku x region x day."""
    if document.get("document_type") == "planning_schedule":
        return _scheduled_cells(document)
    return _reported_cells(document)


def _reported_cells(document: dict[str, Any]) -> list[dict[str, Any]]:
    """An 852 / SLSRPT: each activity's quantity per location (region) of a line (sku)."""
    day = (document.get("period_start") or {}).get("date")
    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for line in document.get("lines") or []:
        for activity in line.get("activities") or []:
            column = ACTIVITY_COLUMNS.get((activity.get("activity") or {}).get("code"))
            if column is None:
                continue
            for location in activity.get("locations") or []:
                cells[(line.get("sku"), location.get("location_id"))][column] = location.get(
                    "quantity"
                )
    columns = sorted(set(ACTIVITY_COLUMNS.values()))
    return [
        {
            "partner_id": document.get("receiver"),
            "period_start": day,
            "sku": sku,
            "region": region,
            **{column: quantities.get(column, 0) for column in columns},
        }
        for (sku, region), quantities in cells.items()
    ]


def _scheduled_cells(document: dict[str, Any]) -> list[dict[str, Any]]:
    """An 830 / DELFOR line per cell: the planning bucket is the baseline; a spike is flagged by
    a reference, and an X12 830 gives its level as an immediate bucket."""
    cells = []
    for line in document.get("lines") or []:
        buckets = {
            (forecast.get("forecast_type") or {}).get("code"): forecast
            for forecast in line.get("forecasts") or []
        }
        # The planning bucket: forecast type D in an 830's FST, level 4 in a DELFOR's SCC.
        planning = buckets.get("D") or buckets.get("4") or {}
        references = line.get("references") or {}
        payload = {
            "partner_id": document.get("receiver"),
            "period_start": (planning.get("start_date") or {}).get("date"),
            "sku": line.get("sku"),
            "region": ((line.get("parties") or {}).get("ST") or {}).get("id"),
            "baseline": planning.get("quantity"),
            "spike": any(r.get("value") == SPIKE_REFERENCE for r in references.values()),
            "spike_level": (buckets.get("A") or {}).get("quantity"),
        }
        cells.append(payload)
    return cells


def _acknowledged_group(document: dict[str, Any], at: str) -> Message:
    x12 = document.get("dialect") == "X12"
    payload = {
        "partner_id": document.get("receiver"),
        # X12 answers a group (GS01, GS06); EDIFACT's CONTRL answers the interchange (UCI).
        "functional_id_code": (document.get("acknowledged_functional_id") or {}).get("code")
        if x12
        else None,
        "group_control_number": document.get("acknowledged_group_control_number") if x12 else None,
        "interchange_control_number": None
        if x12
        else document.get("acknowledged_interchange_control_number"),
        "group_status": (document.get("group_status") or {}).get("code"),
        "sets": sorted(
            (
                (line.get("set_code") or {}).get("code"),
                line.get("set_control_number"),
                (line.get("status") or {}).get("code"),
            )
            for line in document.get("lines") or []
        ),
    }
    return Message("functional_acks", payload, "FA", "", at)


def _case_updates(requests: list[dict[str, Any]]) -> list[Message]:
    """One message per feedback comment. A comment on a case the same run created (its
    description is the comment) is feedback without a case: the manifest's case_id null."""
    messages, created = [], {}
    for request in requests:
        if request.get("method") != "POST" or not 200 <= int(request.get("status") or 0) < 300:
            continue
        body, path = request.get("body") or {}, request["path"].rstrip("/").split("/")
        if path[1:] == ["ac", "v1", "cases"]:
            created[body.get("description")] = body.get("partnerAddress")
        elif path[1:4] == ["ac", "v1", "cases"] and path[-1] == "comments":
            text = str(body.get("body") or "")
            new_case = text in created
            fields = _FEEDBACK.match(text)
            parts = fields.groupdict() if fields else {"comment": text}
            payload = {
                "partner_id": created.get(text) if new_case else None,
                "case_id": None if new_case else path[4],
                "category": parts.get("category"),
                "score": int(parts["score"]) if parts.get("score") else None,
                "po_number": parts.get("po_number"),
                "order_id": parts.get("order_id"),
                "comment": parts.get("comment"),
                "origin": body.get("origin"),
            }
            messages.append(
                Message("partner_case_updates", payload, "7", "", request["simulated_time"])
            )
    return messages
