"""Builds the JSON Schema files in this folder: `python -m supplychain_edi.schemas.build`.

The schemas are written from these definitions once and shipped as files; a test checks
that the files match this builder and that every record the readers produce validates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from supplychain_edi.record import BUSINESS_KEYS, DOCUMENT_STREAMS

HERE = Path(__file__).parent
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


STRING = {"type": "string"}
NSTRING = {"type": ["string", "null"]}
NNUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": "boolean"}
CODED = {"$ref": "#/$defs/coded"}
NCODED = nullable(CODED)
NDATE = nullable({"$ref": "#/$defs/date"})


def obj(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def keyed(values: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": values, "description": description}


DEFS: dict[str, Any] = {
    "coded": obj(
        {"code": STRING, "meaning": NSTRING},
        "A code as sent, beside its meaning from the code list (null when not listed).",
    ),
    "date": obj(
        {
            "date": {"type": ["string", "null"], "format": "date"},
            "time": NSTRING,
            "raw": STRING,
            "qualifier": NCODED,
        },
        "An ISO date (YYYY-MM-DD, null when the raw value is not a date), an optional "
        "HH:MM[:SS] time, the raw text, and the date qualifier (DTM01 / 2005).",
    ),
    "dates": keyed(NDATE, "Dates keyed by their qualifier code (002, 017, ... or 2, 137, ...)."),
    "reference": obj({"qualifier": NCODED, "value": NSTRING, "description": NSTRING}),
    "references": keyed(
        {"$ref": "#/$defs/reference"},
        "REF / RFF / N9 / L11 references keyed by qualifier; the first of a qualifier wins.",
    ),
    "party": obj(
        {
            "role": NCODED,
            "name": NSTRING,
            "id_qualifier": NCODED,
            "id": NSTRING,
            "street": NSTRING,
            "city": NSTRING,
            "region": NSTRING,
            "postal_code": NSTRING,
            "country": NSTRING,
        }
    ),
    "parties": keyed({"$ref": "#/$defs/party"}, "N1 / NAD parties keyed by role code."),
    "product_id": obj({"qualifier": NCODED, "id": STRING}),
    "edi_party": obj({"qualifier": NCODED, "id": STRING, "address": STRING}),
    "issue": obj(
        {
            "code": STRING,
            "message": STRING,
            "segment": NSTRING,
            "position": {"type": ["integer", "null"]},
            "element": NSTRING,
            "file_position": {"type": ["integer", "null"]},
        },
        "A lenient-reading warning: what deviated, and where (segment, position in the "
        "set counting ST/UNH as 1, element).",
    ),
    "envelope": obj(
        {
            "standard": {"enum": ["X12", "EDIFACT"]},
            "sender": {"$ref": "#/$defs/edi_party"},
            "receiver": {"$ref": "#/$defs/edi_party"},
            "interchange_control_number": STRING,
            "interchange_date": NDATE,
            "usage": NCODED,
            "is_test": BOOLEAN,
            "syntax_version": STRING,
            "group": nullable(
                obj(
                    {
                        "functional_id": NCODED,
                        "control_number": STRING,
                        "application_sender": STRING,
                        "application_receiver": STRING,
                        "date": NDATE,
                        "version": STRING,
                    }
                )
            ),
            "group_control_number": NSTRING,
            "set_control_number": NSTRING,
        }
    ),
    "allowance_charge": obj(
        {
            "indicator": NCODED,
            "code": NSTRING,
            "amount": NNUMBER,
            "percent": NNUMBER,
            "description": NSTRING,
        }
    ),
    "location_quantity": obj({"location_id": STRING, "id_qualifier": NSTRING, "quantity": NNUMBER}),
    "quantity": obj({"qualifier": NCODED, "quantity": NNUMBER, "unit": NCODED}),
}

ITEM = {
    "sku": NSTRING,
    "upc": NSTRING,
    "vendor_item": NSTRING,
    "buyer_item": NSTRING,
    "product_ids": array({"$ref": "#/$defs/product_id"}),
    "description": NSTRING,
}
DATES = {"$ref": "#/$defs/dates"}
REFS = {"$ref": "#/$defs/references"}
PARTIES = {"$ref": "#/$defs/parties"}


def common() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "document_type": STRING,
        "document_id": {
            "type": "string",
            "description": "sender address : interchange : group : set control numbers",
        },
        "dialect": {"enum": ["X12", "EDIFACT"]},
        "transaction_set": NCODED,
        "version": STRING,
        "sender": {"type": "string", "description": "QUAL:ID of the interchange sender"},
        "receiver": {"type": "string", "description": "QUAL:ID of the interchange receiver"},
        "interchange_control_number": STRING,
        "group_control_number": NSTRING,
        "set_control_number": NSTRING,
        "is_test": BOOLEAN,
        "envelope": {"$ref": "#/$defs/envelope"},
        "source_file": NSTRING,
        "warnings": array({"$ref": "#/$defs/issue"}),
    }
    for key in BUSINESS_KEYS:
        fields[key] = NSTRING
    return fields


def line_of(fields: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "line_index": {
                "type": "integer",
                "minimum": 1,
                "description": "Position of the line in the document; with document_id, "
                "the key of the `<stream>_lines` child stream.",
            },
            "line_number": {
                "type": "string",
                "description": "The line number the partner sent (PO101, LIN01, ...); "
                "it may repeat within a document.",
            },
            **fields,
        }
    )


LINES: dict[str, dict[str, Any]] = {
    "purchase_order": {
        "quantity": NNUMBER,
        "unit": NCODED,
        "unit_price": NNUMBER,
        **ITEM,
        "requested_delivery_date": NDATE,
        "dates": DATES,
    },
    "po_acknowledgement": {
        "ordered_quantity": NNUMBER,
        "unit": NCODED,
        "unit_price": NNUMBER,
        **ITEM,
        "status": NCODED,
        "acknowledged_quantity": NNUMBER,
        "acknowledged_unit": NCODED,
        "schedule_date_qualifier": NCODED,
        "schedule_date": NDATE,
        "backorder_quantity": NNUMBER,
        "acks": array(
            obj(
                {
                    "status": NCODED,
                    "quantity": NNUMBER,
                    "unit": NCODED,
                    "date_qualifier": NCODED,
                    "date": NDATE,
                }
            )
        ),
        "dates": DATES,
    },
    "ship_notice": {
        "hl_id": NSTRING,
        "parent_hl_id": NSTRING,
        "po_number": NSTRING,
        "po_date": NDATE,
        **ITEM,
        "shipped_quantity": NNUMBER,
        "unit": NCODED,
        "ordered_quantity": NNUMBER,
        "ordered_unit": NCODED,
        "container_ids": array(STRING),
        "dates": DATES,
    },
    "invoice": {
        "quantity": NNUMBER,
        "unit": NCODED,
        "unit_price": NNUMBER,
        **ITEM,
        "amount": NNUMBER,
        "allowances_charges": array({"$ref": "#/$defs/allowance_charge"}),
        "dates": DATES,
    },
    "inventory_advice": {
        **ITEM,
        "unit_price": NNUMBER,
        "available_quantity": NNUMBER,
        "on_hand_quantity": NNUMBER,
        "available_date": NDATE,
        "quantities": array(
            obj(
                {
                    "qualifier": NCODED,
                    "quantity": NNUMBER,
                    "unit": NCODED,
                    "dates": DATES,
                    "locations": array({"$ref": "#/$defs/location_quantity"}),
                }
            )
        ),
        "dates": DATES,
    },
    "product_activity": {
        **ITEM,
        "unit_price": NNUMBER,
        "quantity_sold": NNUMBER,
        "quantity_available": NNUMBER,
        "activities": array(
            obj(
                {
                    "activity": NCODED,
                    "quantity": NNUMBER,
                    "unit": NCODED,
                    "locations": array({"$ref": "#/$defs/location_quantity"}),
                }
            )
        ),
        "dates": DATES,
    },
    "planning_schedule": {
        **ITEM,
        "unit": NCODED,
        "forecasts": array(
            obj(
                {
                    "quantity": NNUMBER,
                    "forecast_type": NCODED,
                    "timing": NCODED,
                    "start_date": NDATE,
                    "end_date": NDATE,
                }
            )
        ),
        "parties": PARTIES,
        "references": REFS,
        "dates": DATES,
    },
    "order_status": {
        "hl_id": NSTRING,
        "po_number": NSTRING,
        "ordered_quantity": NNUMBER,
        "unit": NCODED,
        "unit_price": NNUMBER,
        **ITEM,
        "status": NCODED,
        "status_date": NDATE,
        "quantities": array({"$ref": "#/$defs/quantity"}),
        "dates": DATES,
    },
    "shipment_status": {
        "status": NCODED,
        "status_reason": NCODED,
        "appointment_status": NSTRING,
        "appointment_reason": NCODED,
        "status_date": NDATE,
        "time_code": NSTRING,
        "city": NSTRING,
        "region": NSTRING,
        "country": NSTRING,
        "references": REFS,
    },
    "return": {
        **ITEM,
        "quantity": NNUMBER,
        "unit": NCODED,
        "unit_price": NNUMBER,
        "po_number": NSTRING,
        "reason": NCODED,
        "disposition": NCODED,
        "quantities": array({"$ref": "#/$defs/quantity"}),
        "references": REFS,
        "notes": array(STRING),
        "dates": DATES,
    },
    "application_advice": {
        "status": NCODED,
        "reference_qualifier": NCODED,
        "reference": NSTRING,
        "application_sender": NSTRING,
        "application_receiver": NSTRING,
        "original_date": NDATE,
        "original_group_control_number": NSTRING,
        "original_set_control_number": NSTRING,
        "original_set_code": NCODED,
        "errors": array(
            obj(
                {
                    "code": NCODED,
                    "message": NSTRING,
                    "segment": NSTRING,
                    "position": NNUMBER,
                    "element_position": NSTRING,
                    "element_reference": NSTRING,
                    "bad_value": NSTRING,
                }
            )
        ),
        "notes": array(STRING),
        "references": REFS,
        "dates": DATES,
    },
    "functional_ack": {
        "set_code": NCODED,
        "set_control_number": NSTRING,
        "status": NCODED,
        "set_errors": array(NCODED),
        "segment_errors": array(
            obj(
                {
                    "segment": NSTRING,
                    "position": NNUMBER,
                    "loop": NSTRING,
                    "code": NCODED,
                    "element_errors": array(
                        obj(
                            {
                                "position": NNUMBER,
                                "component_position": NNUMBER,
                                "element_reference": NSTRING,
                                "code": NCODED,
                                "bad_value": NSTRING,
                            }
                        )
                    ),
                }
            )
        ),
    },
}
# Lines that only some dialects fill: ORDRSP's 1229 action and its QTY list.
OPTIONAL_LINE_FIELDS = {
    "po_acknowledgement": {
        "line_action": NCODED,
        "quantities": array({"$ref": "#/$defs/quantity"}),
    },
}

HEADERS: dict[str, dict[str, Any]] = {
    "purchase_order": {
        "purpose": NCODED,
        "order_type": NCODED,
        "release_number": NSTRING,
        "order_date": NDATE,
        "currency": NSTRING,
        "customer_order_number": NSTRING,
        "customer_id": NSTRING,
        "requested_delivery_date": NDATE,
        "requested_ship_date": NDATE,
        "line_count": NNUMBER,
    },
    "po_acknowledgement": {
        "purpose": NCODED,
        "acknowledgement_type": NCODED,
        "order_date": NDATE,
        "seller_order_number": NSTRING,
        "acknowledgement_date": NDATE,
        "currency": NSTRING,
    },
    "ship_notice": {
        "po_numbers": array(STRING),
        "purpose": NCODED,
        "asn_date": NDATE,
        "structure_code": NSTRING,
        "shipped_date": NDATE,
        "estimated_delivery_date": NDATE,
        "current_schedule_delivery_date": NDATE,
        "carrier_scac": NSTRING,
        "carrier_name": NSTRING,
        "transport_method": NSTRING,
        "tracking_number": NSTRING,
        "packaging_code": NSTRING,
        "lading_quantity": NNUMBER,
        "gross_weight": NNUMBER,
        "weight_unit": NSTRING,
        "hierarchy": array(obj({"hl_id": STRING, "parent_hl_id": NSTRING, "level": NCODED})),
    },
    "invoice": {
        "invoice_date": NDATE,
        "po_date": NDATE,
        "release_number": NSTRING,
        "change_order_sequence": NSTRING,
        "invoice_type": NCODED,
        "purpose": NCODED,
        "is_credit": BOOLEAN,
        "seller_order_number": NSTRING,
        "currency": NSTRING,
        "terms": nullable(
            obj(
                {
                    "type_code": NSTRING,
                    "discount_percent": NNUMBER,
                    "discount_days": NNUMBER,
                    "net_days": NNUMBER,
                    "description": NSTRING,
                }
            )
        ),
        "shipped_date": NDATE,
        "total_amount": NNUMBER,
        "amount_subject_to_discount": NNUMBER,
        "line_items_total": NNUMBER,
        "tax_amount": NNUMBER,
        "allowances_charges": array({"$ref": "#/$defs/allowance_charge"}),
    },
    "inventory_advice": {
        "purpose": NCODED,
        "report_type": NCODED,
        "report_number": NSTRING,
        "report_date": NDATE,
    },
    "product_activity": {
        "report_code": NCODED,
        "period_start": NDATE,
        "period_end": NDATE,
        "report_number": NSTRING,
    },
    "planning_schedule": {
        "purpose": NCODED,
        "schedule_reference": NSTRING,
        "release_number": NSTRING,
        "schedule_type": NCODED,
        "quantity_type": NCODED,
        "horizon_start": NDATE,
        "horizon_end": NDATE,
        "issue_date": NDATE,
    },
    "order_status": {
        "po_numbers": array(STRING),
        "report_type": NCODED,
        "order_item_code": NSTRING,
        "report_number": NSTRING,
        "report_date": NDATE,
    },
    "shipment_status": {
        "shipment_id": NSTRING,
        "carrier_scac": NSTRING,
        "status": NCODED,
        "status_reason": NCODED,
        "status_date": NDATE,
        "estimated_delivery_date": NDATE,
    },
    "return": {
        "purpose": NCODED,
        "return_date": NDATE,
        "reason": NCODED,
        "disposition": NCODED,
    },
    "application_advice": {
        "purpose": NCODED,
        "reference": NSTRING,
        "advice_date": NDATE,
        "status": NCODED,
    },
    "functional_ack": {
        "acknowledged_functional_id": NCODED,
        "acknowledged_group_control_number": NSTRING,
        "acknowledged_interchange_control_number": NSTRING,
        "acknowledged_version": NSTRING,
        "acknowledged_sender": NSTRING,
        "acknowledged_receiver": NSTRING,
        "interchange_action": NSTRING,
        "group_status": NCODED,
        "sets_included": NNUMBER,
        "sets_received": NNUMBER,
        "sets_accepted": NNUMBER,
        "group_errors": array(NCODED),
    },
}
# Header sections every document type except functional_ack carries.
WITH_CONTEXT = {"dates": DATES, "references": REFS, "parties": PARTIES}
NO_CONTEXT = {"functional_ack"}
NO_DATES = {"shipment_status"}


def document_schema(document_type: str) -> dict[str, Any]:
    properties = common()
    properties["document_type"] = {"const": document_type}
    properties.update(HEADERS[document_type])
    if document_type not in NO_CONTEXT:
        context = dict(WITH_CONTEXT)
        if document_type in NO_DATES:
            context.pop("dates")
        properties.update(context)
    line = line_of(LINES[document_type])
    for name, schema in OPTIONAL_LINE_FIELDS.get(document_type, {}).items():
        line["properties"][name] = schema
    properties["lines"] = array(line)
    schema = obj(properties)
    return {
        "$schema": DRAFT,
        "$id": f"supplychain-edi/{document_type}.schema.json",
        "title": f"{document_type} record",
        "description": (
            f"One normalised {document_type.replace('_', ' ')} read from X12 or EDIFACT; "
            f"tap-trading-grid stream `{DOCUMENT_STREAMS[document_type]}`, with "
            f"`lines` as the child stream `{DOCUMENT_STREAMS[document_type]}_lines`."
        ),
        **schema,
        "$defs": DEFS,
    }


def error_schema() -> dict[str, Any]:
    properties = {
        "document_type": {"const": "document_error"},
        "document_id": STRING,
        "dialect": {"enum": ["X12", "EDIFACT", None]},
        "transaction_set": NCODED,
        "version": NSTRING,
        "sender": NSTRING,
        "receiver": NSTRING,
        "interchange_control_number": NSTRING,
        "group_control_number": NSTRING,
        "set_control_number": NSTRING,
        "is_test": {"type": ["boolean", "null"]},
        "source_file": NSTRING,
        "code": STRING,
        "message": STRING,
        "segment": NSTRING,
        "position": {"type": ["integer", "null"]},
        "element": NSTRING,
        "file_position": {"type": ["integer", "null"]},
        "warnings": array({"$ref": "#/$defs/issue"}),
    }
    return {
        "$schema": DRAFT,
        "$id": "supplychain-edi/document_error.schema.json",
        "title": "document_error record",
        "description": "A document that could not be read: tap-trading-grid stream "
        "`document_errors`.",
        **obj(properties),
        "$defs": DEFS,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    schemas = {name: document_schema(name) for name in HEADERS}
    schemas["document_error"] = error_schema()
    return schemas


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def main() -> None:
    for name, schema in all_schemas().items():
        (HERE / f"{name}.schema.json").write_text(render(schema), encoding="utf-8")


if __name__ == "__main__":
    main()
