"""Raw records as the taps emit them, loaded into a private warehouse by the real target-warehouse.

The schemas list the columns the dbt staging models read, with the types the taps declare
(tap-trading-grid: the EDI library's JSON Schemas and its API streams; tap-braze: the Currents
families and the users export). Values are written by hand per test story.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..conftest import ROOT

TARGET_WAREHOUSE = ROOT / ".venv" / "bin" / "target-warehouse"

STRING = {"type": ["string", "null"]}
INTEGER = {"type": ["integer", "null"]}
NUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}
OBJECT = {"type": ["object", "null"]}
ARRAY = {"type": ["array", "null"]}
DATETIME = {"type": ["string", "null"], "format": "date-time"}

_HEADER = {
    "document_id": STRING,
    "document_type": STRING,
    "sender": STRING,
    "receiver": STRING,
    "envelope": OBJECT,
    "po_number": STRING,
    "asn_number": STRING,
    "invoice_number": STRING,
    "rma_number": STRING,
}
_LINE = {"document_id": STRING, "line_index": INTEGER, "line_number": STRING, "sku": STRING}
_API_TIMES = {"createdAt": DATETIME, "updatedAt": DATETIME}

TRADING_GRID: dict[str, tuple[dict[str, Any], list[str]]] = {
    "purchase_orders": (
        {
            **_HEADER,
            "customer_order_number": STRING,
            "customer_id": STRING,
            "requested_delivery_date": OBJECT,
            "requested_ship_date": OBJECT,
        },
        ["document_id"],
    ),
    "purchase_orders_lines": ({**_LINE, "quantity": NUMBER}, ["document_id", "line_index"]),
    "po_acknowledgements": (dict(_HEADER), ["document_id"]),
    "po_acknowledgements_lines": (
        {
            **_LINE,
            "status": OBJECT,
            "acknowledged_quantity": NUMBER,
            "schedule_date_qualifier": OBJECT,
            "schedule_date": OBJECT,
            "acks": ARRAY,
        },
        ["document_id", "line_index"],
    ),
    "ship_notices": (
        {**_HEADER, "shipped_date": OBJECT, "estimated_delivery_date": OBJECT},
        ["document_id"],
    ),
    "ship_notices_lines": (
        {**_LINE, "po_number": STRING, "shipped_quantity": NUMBER},
        ["document_id", "line_index"],
    ),
    "shipment_status": (
        {**_HEADER, "status": OBJECT, "status_reason": OBJECT, "estimated_delivery_date": OBJECT},
        ["document_id"],
    ),
    "shipment_status_lines": (
        {
            "document_id": STRING,
            "line_index": INTEGER,
            "line_number": STRING,
            "status": OBJECT,
            "status_reason": OBJECT,
            "status_date": OBJECT,
        },
        ["document_id", "line_index"],
    ),
    "invoices": (
        {**_HEADER, "invoice_type": OBJECT, "is_credit": BOOLEAN, "total_amount": NUMBER},
        ["document_id"],
    ),
    "returns": (dict(_HEADER), ["document_id"]),
    "inventory_advice": (dict(_HEADER), ["document_id"]),
    "inventory_advice_lines": (
        {**_LINE, "available_quantity": NUMBER, "available_date": OBJECT},
        ["document_id", "line_index"],
    ),
    "projects": (
        {
            "projectId": STRING,
            "name": STRING,
            "status": STRING,
            "process": STRING,
            "sku": STRING,
            "requiredDocumentTypes": ARRAY,
            "customerRef": OBJECT,
            **_API_TIMES,
        },
        ["projectId"],
    ),
    "activities": (
        {
            "activityId": STRING,
            "projectId": STRING,
            "name": STRING,
            "status": STRING,
            "completedAt": DATETIME,
            **_API_TIMES,
        },
        ["activityId"],
    ),
    "companies": (
        {
            "companyId": STRING,
            "name": STRING,
            "status": STRING,
            "ediAddresses": ARRAY,
            **_API_TIMES,
        },
        ["companyId"],
    ),
    "participants": (
        {
            "participantId": STRING,
            "projectId": STRING,
            "companyId": STRING,
            "status": STRING,
            **_API_TIMES,
        },
        ["participantId"],
    ),
    "partner_documents": (
        {
            "documentId": STRING,
            "companyId": STRING,
            "projectId": STRING,
            "documentType": STRING,
            "approvalStatus": STRING,
            "uploadedAt": DATETIME,
            "decidedAt": DATETIME,
            **_API_TIMES,
        },
        ["documentId"],
    ),
    "partner_cases": (
        {
            "caseId": STRING,
            "companyId": STRING,
            "partnerAddress": STRING,
            "category": STRING,
            "status": STRING,
            "raisedBy": STRING,
            "revisedEta": STRING,
            "resolutionNote": STRING,
            "references": OBJECT,
            **_API_TIMES,
        },
        ["caseId"],
    ),
    "partner_case_events": (
        {
            "eventId": STRING,
            "caseId": STRING,
            "eventType": STRING,
            "fromStatus": STRING,
            "toStatus": STRING,
            "actor": STRING,
            "occurredAt": DATETIME,
            **_API_TIMES,
        },
        ["eventId"],
    ),
    "partner_case_comments": (
        {
            "commentId": STRING,
            "caseId": STRING,
            "author": STRING,
            "origin": STRING,
            "externalRef": STRING,
            "body": STRING,
            **_API_TIMES,
        },
        ["commentId"],
    ),
    # Every document found in the mailbox, readable or not (our functional acknowledgements).
    "mailbox_documents": (
        {
            "document_id": STRING,
            "document_type": STRING,
            "dialect": STRING,
            "transaction_set": STRING,
            "version": STRING,
            "sender": STRING,
            "receiver": STRING,
            "interchange_control_number": STRING,
            "group_control_number": STRING,
            "set_control_number": STRING,
            "folder": STRING,
            "received_at": DATETIME,
            "error_code": STRING,
        },
        ["document_id"],
    ),
    "document_errors": (
        {
            "document_id": STRING,
            "sender": STRING,
            "interchange_control_number": STRING,
            "group_control_number": STRING,
            "set_control_number": STRING,
            "code": STRING,
            "message": STRING,
            "segment": STRING,
            "position": INTEGER,
            "element": STRING,
        },
        ["document_id"],
    ),
}

_CURRENTS = {"id": STRING, "user_id": STRING, "external_user_id": STRING, "time": DATETIME}

BRAZE: dict[str, tuple[dict[str, Any], list[str]]] = {
    "users": (
        {
            "braze_id": STRING,
            "external_id": STRING,
            "first_name": STRING,
            "last_name": STRING,
            "email_subscribe": STRING,
            "custom_attributes": OBJECT,
            "tier": STRING,
            "region": STRING,
        },
        ["braze_id"],
    ),
    "currents_custom_events": (
        {**_CURRENTS, "name": STRING, "properties": OBJECT},
        ["id"],
    ),
    "currents_purchases": (
        {
            **_CURRENTS,
            "product_id": STRING,
            "price": NUMBER,
            "currency": STRING,
            "properties": OBJECT,
        },
        ["id"],
    ),
    "currents_message_engagement": (
        {**_CURRENTS, "event_type": STRING, "channel": STRING, "action": STRING, "url": STRING},
        ["id"],
    ),
}

SOURCES = {"tap_trading_grid": TRADING_GRID, "tap_braze": BRAZE}


def load(warehouse: Path, records: Mapping[str, Iterable[dict[str, Any]]]) -> None:
    """Pipe SCHEMA and RECORD messages for every stream through target-warehouse.

    Every stream's table is created, even without records, as the taps announce every stream.
    """
    known = {stream for streams in SOURCES.values() for stream in streams}
    if set(records) - known:
        msg = f"no such stream in the test schemas: {sorted(set(records) - known)}"
        raise ValueError(msg)
    for schema_name, streams in SOURCES.items():
        messages = []
        for stream, (properties, keys) in streams.items():
            messages.append(
                {
                    "type": "SCHEMA",
                    "stream": stream,
                    "schema": {"type": "object", "properties": properties},
                    "key_properties": keys,
                }
            )
            for record in records.get(stream, ()):
                unknown = set(record) - set(properties)
                if unknown:
                    msg = f"{stream}: no such column in the test schema: {sorted(unknown)}"
                    raise ValueError(msg)
                messages.append({"type": "RECORD", "stream": stream, "record": record})
        config = warehouse.parent / f"target-warehouse-{schema_name}.json"
        config.write_text(
            json.dumps({"path": str(warehouse), "default_target_schema": schema_name})
        )
        subprocess.run(
            [str(TARGET_WAREHOUSE), "--config", str(config)],
            input="".join(json.dumps(message) + "\n" for message in messages),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )


# Builders for the raw shapes --------------------------------------------------------------


def code(value: str | None) -> dict[str, Any] | None:
    return None if value is None else {"code": value, "meaning": None}


def edi_date(day: str | None, qualifier: str | None = None) -> dict[str, Any] | None:
    if day is None:
        return None
    return {"date": day, "time": None, "raw": day.replace("-", ""), "qualifier": code(qualifier)}


def envelope(moment: str) -> dict[str, Any]:
    """An X12 envelope whose group (GS04/GS05) was written at `moment` (YYYY-MM-DDTHH:MM:SSZ)."""
    day, clock = moment.rstrip("Z").split("T")
    stamp = {"date": day, "time": clock, "raw": day.replace("-", ""), "qualifier": None}
    return {
        "standard": "X12",
        "interchange_date": {**stamp, "time": clock[:5]},
        "group": {"control_number": "1", "date": stamp, "version": "004010"},
    }


def document(
    document_type: str, document_id: str, moment: str, sender: str, receiver: str, **fields: Any
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "document_type": document_type,
        "sender": sender,
        "receiver": receiver,
        "envelope": envelope(moment),
        **fields,
    }
