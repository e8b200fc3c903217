"""The report's Trading Grid sections: the EDI each partner received, read back into its parsed
values, and the customer feedback posted on partners' cases."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from typing import Any

from .grid_received import SentFile, demand_cells
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
    if kind in ("product_activity", "planning_schedule"):
        return "; ".join(_describe_cell(cell) for cell in demand_cells(document))
    if kind == "functional_ack":
        return _functional_ack(document)
    if kind == "error":
        return f"unreadable: {document.get('message')}"
    return str(kind)


def _describe_cell(cell: dict[str, Any]) -> str:
    where = f"{cell['sku']} in {cell['region']} on {cell['period_start']}"
    if "baseline" in cell:  # a planning schedule
        spike = ""
        if cell["spike"]:
            level = cell["spike_level"]
            spike = " SPIKE" + (f" at {level}" if level is not None else "")
        return f"{where}: baseline {cell['baseline']}{spike}"
    activity = ", ".join(f"{label} {cell[column]}" for column, label in _ACTIVITY_LABELS.items())
    return f"{where}: {activity}"


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
