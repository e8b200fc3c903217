"""The fields every normalised record shares, and the names of the document types.

One record per business document, the same shape for X12 and EDIFACT. The field
names here are the contract for tap-trading-grid's streams and the dbt staging models.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.document import RawDocument

# document_type -> tap-trading-grid stream (DESIGN §11).
DOCUMENT_STREAMS = {
    "purchase_order": "purchase_orders",
    "po_acknowledgement": "po_acknowledgements",
    "ship_notice": "ship_notices",
    "invoice": "invoices",
    "inventory_advice": "inventory_advice",
    "product_activity": "product_activity",
    "planning_schedule": "planning_schedules",
    "order_status": "order_status",
    "shipment_status": "shipment_status",
    "return": "returns",
    "application_advice": "application_advice",
    "functional_ack": "functional_acks",
    "document_error": "document_errors",
}
DOCUMENT_TYPES = tuple(DOCUMENT_STREAMS)

# The business keys every record carries, null when the document has none.
BUSINESS_KEYS = (
    "po_number",
    "asn_number",
    "invoice_number",
    "bol_number",
    "pro_number",
    "rma_number",
)


def base_record(document: RawDocument, document_type: str) -> dict[str, Any]:
    env = document.envelope
    record: dict[str, Any] = {
        "document_type": document_type,
        "document_id": document.document_id,
        "dialect": document.dialect,
        "transaction_set": (
            document.codes.transaction_sets[document.set_code] if document.set_code else None
        ),
        "version": document.version,
        "sender": env["sender"]["address"],
        "receiver": env["receiver"]["address"],
        "interchange_control_number": env["interchange_control_number"],
        "group_control_number": env.get("group_control_number"),
        "set_control_number": env.get("set_control_number"),
        "is_test": env["is_test"],
        "envelope": env,
        "source_file": document.source,
        # BUSINESS_KEYS, written out so that the record is built in one literal.
        "po_number": None,
        "asn_number": None,
        "invoice_number": None,
        "bol_number": None,
        "pro_number": None,
        "rma_number": None,
    }
    return record


def nonempty(value: str) -> str | None:
    value = value.strip() if value else ""
    return value or None


def split_lines(record: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A record without its lines, and the lines keyed by the parent's `document_id`.

    This is the parent / `<stream>_lines` split the tap's child streams use.
    """
    parent = {k: v for k, v in record.items() if k != "lines"}
    lines = [{"document_id": record["document_id"], **line} for line in record.get("lines") or []]
    return parent, lines
