"""The report's Trading Grid sections: the EDI each partner received, read back into its parsed
values, and the customer feedback posted on partners' cases."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from typing import Any

from .grid_received import ACTIVITY_COLUMNS, SPIKE_REFERENCE, SentFile
from .outcome import PhaseOutcome

ACKS_SHOWN = 10  # per partner; the rest are counted (every other document is shown)
_ACTIVITY_LABELS = {
    "units_purchased": "sold",
    "views": "views",
    "clicks": "clicks",
    "cart_adds": "cart adds",
    "abandoned_carts": "abandoned carts",
}


def edi_sent_section(outcomes: list[PhaseOutcome]) -> str:
    by_partner: dict[str, list[tuple[str, SentFile, dict[str, Any]]]] = defaultdict(list)
    for outcome in outcomes:
        for sent in outcome.grid.files:
            for document in sent.documents or [{}]:
                by_partner[sent.partner or "?"].append((outcome.label, sent, document))
    if not by_partner:
        return '<p id="edi-sent">No EDI was sent.</p>'
    parts = ['<div id="edi-sent">']
    for partner in sorted(by_partner):
        documents = by_partner[partner]
        kinds = Counter(_set_code(document) for _, _, document in documents)
        summary = ", ".join(f"{count} {code}" for code, count in sorted(kinds.items()))
        parts.append(f"<h3>{escape(partner)}: {escape(summary)}</h3>")
        parts.append(
            f'<table class="edi" data-partner="{escape(partner)}"><tr><th>Phase</th>'
            "<th>File</th><th>Folder</th><th>Set</th><th>Control numbers</th>"
            "<th>Parsed values</th></tr>"
        )
        acks, others = [], []
        for entry in documents:
            is_ack = entry[2].get("document_type") == "functional_ack"
            (acks if is_ack else others).append(entry)
        shown = others + acks[:ACKS_SHOWN]
        for label, sent, document in shown:
            controls = "/".join(
                str(document.get(name) or "-")
                for name in (
                    "interchange_control_number", "group_control_number", "set_control_number",
                )
            )  # fmt: skip
            parts.append(
                f"<tr><td>{escape(label)}</td><td>{escape(sent.name)}</td>"
                f"<td>{escape(sent.folder)}</td><td>{escape(_set_code(document))}</td>"
                f"<td>{escape(controls)}</td><td>{escape(_parsed_values(document))}</td></tr>"
            )
        parts.append("</table>")
        if len(acks) > ACKS_SHOWN:
            parts.append(
                f'<p class="small">… and {len(acks) - ACKS_SHOWN} more acknowledgements.</p>'
            )
    parts.append("</div>")
    return "".join(parts)


def _set_code(document: dict[str, Any]) -> str:
    return str((document.get("transaction_set") or {}).get("code") or "unreadable")


def _parsed_values(document: dict[str, Any]) -> str:
    kind = document.get("document_type")
    if kind == "product_activity":
        return _product_activity(document)
    if kind == "planning_schedule":
        return _planning_schedule(document)
    if kind == "functional_ack":
        return _functional_ack(document)
    if kind == "error":
        return f"unreadable: {document.get('message')}"
    return str(kind)


def _product_activity(document: dict[str, Any]) -> str:
    day = (document.get("period_start") or {}).get("date")
    lines = []
    for line in document.get("lines") or []:
        per_region: dict[str, list[str]] = defaultdict(list)
        for activity in line.get("activities") or []:
            column = ACTIVITY_COLUMNS.get((activity.get("activity") or {}).get("code"))
            for location in activity.get("locations") or []:
                label = _ACTIVITY_LABELS.get(column or "", "activity")
                per_region[location.get("location_id")].append(
                    f"{label} {location.get('quantity')}"
                )
        for region, values in per_region.items():
            lines.append(f"{line.get('sku')} in {region}: {', '.join(values)}")
    return f"day {day}: " + "; ".join(lines)


def _planning_schedule(document: dict[str, Any]) -> str:
    lines = []
    for line in document.get("lines") or []:
        buckets = {
            (forecast.get("forecast_type") or {}).get("code"): forecast
            for forecast in line.get("forecasts") or []
        }
        planning = buckets.get("D") or {}
        region = ((line.get("parties") or {}).get("ST") or {}).get("id")
        text = (
            f"{line.get('sku')} in {region} on {(planning.get('start_date') or {}).get('date')}: "
            f"baseline {planning.get('quantity')}"
        )
        references = (line.get("references") or {}).values()
        if any(reference.get("value") == SPIKE_REFERENCE for reference in references):
            level = (buckets.get("A") or {}).get("quantity")
            text += " SPIKE" + (f" at {level}" if level is not None else "")
        lines.append(text)
    return "; ".join(lines)


def _functional_ack(document: dict[str, Any]) -> str:
    status = (document.get("group_status") or {}).get("code")
    if document.get("dialect") == "X12":
        what = (
            f"group {(document.get('acknowledged_functional_id') or {}).get('code')} "
            f"{document.get('acknowledged_group_control_number')}"
        )
    else:
        what = f"interchange {document.get('acknowledged_interchange_control_number')}"
    sets = ", ".join(
        f"{(line.get('set_code') or {}).get('code')} {line.get('set_control_number')} "
        f"{(line.get('status') or {}).get('code')}"
        for line in document.get("lines") or []
    )
    return f"acknowledges {what}: {status} (sets: {sets})"


def case_updates_section(outcomes: list[PhaseOutcome]) -> str:
    rows = []
    for outcome in outcomes:
        for request in outcome.grid.requests:
            if request.get("method") != "POST" or not str(request.get("path")).startswith(
                "/ac/v1/cases"
            ):
                continue
            body = request.get("body") or {}
            text = body.get("body") or body.get("description") or ""
            rows.append(
                f"<tr><td>{escape(outcome.label)}</td><td>{escape(request['path'])}</td>"
                f"<td>{request.get('status')}</td><td>{escape(str(text))}</td></tr>"
            )
    if not rows:
        return '<p id="case-updates">No feedback was posted.</p>'
    return (
        '<table id="case-updates"><tr><th>Phase</th><th>Request</th><th>Status</th>'
        "<th>Text the partner reads</th></tr>" + "".join(rows) + "</table>"
    )
