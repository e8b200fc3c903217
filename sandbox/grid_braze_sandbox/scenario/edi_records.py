"""Story documents as EDI-library records, for `POST /_sandbox/grid/documents` (as the partner).

The sandbox writes them with `supplychain_edi` in the partner's dialect; the control numbers are
the story's own, so each document's id (`sender:interchange:group:set`) is known beforehand.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from grid_braze_sandbox.scenario.model import PartnerDocument, Supplier, key_time

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario


def _stamp(moment: datetime) -> str:
    return key_time(moment)


def document_record(document: PartnerDocument, scenario: Scenario) -> dict[str, Any]:
    kind = document.kind
    sku_ids = [{"qualifier": "VP", "id": document.sku}] if document.sku else []
    if kind == "855":
        return {
            "document_type": "po_acknowledgement",
            "po_number": document.po_number,
            "acknowledgement_type": "AC" if any(a.status != "IA" for a in document.acks) else "AD",
            "acknowledgement_date": _stamp(document.time),
            "lines": [
                {
                    "line_number": "1",
                    "ordered_quantity": _ordered(scenario, document),
                    "unit": "EA",
                    "sku": document.sku,
                    "product_ids": sku_ids,
                    "acks": [
                        {
                            "status": ack.status,
                            "quantity": ack.quantity,
                            "unit": "EA",
                            "date_qualifier": ack.date_qualifier,
                            "date": ack.schedule_date.isoformat() if ack.schedule_date else None,
                        }
                        for ack in document.acks
                    ],
                }
            ],
        }
    if kind == "856":
        return {
            "document_type": "ship_notice",
            "asn_number": document.asn_number,
            "asn_date": _stamp(document.time),
            "shipped_date": _stamp(document.time),
            "estimated_delivery_date": _date(document.estimated_delivery),
            "po_number": document.po_number,
            "lines": [
                {
                    "line_number": "1",
                    "po_number": document.po_number,
                    "sku": document.sku,
                    "product_ids": sku_ids,
                    "shipped_quantity": document.shipped_quantity,
                    "ordered_quantity": document.ordered_quantity,
                    "unit": "EA",
                }
            ],
        }
    if kind == "810":
        return {
            "document_type": "invoice",
            "invoice_number": document.invoice_number,
            "invoice_date": document.time.date().isoformat(),
            "po_number": document.po_number,
            "invoice_type": "CR" if document.credit else "DI",
            "asn_number": document.asn_number,
            "currency": "USD",
            "total_amount": document.total_amount,
            "lines": [
                {
                    "line_number": "1",
                    "quantity": document.invoiced_quantity,
                    "unit": "EA",
                    "unit_price": document.unit_price,
                    "sku": document.sku,
                    "product_ids": sku_ids,
                }
            ],
        }
    if kind == "846":
        return {
            "document_type": "inventory_advice",
            "report_number": f"INV-{document.interchange_control}",
            "report_date": _stamp(document.time),
            "lines": [
                {
                    "line_number": str(number),
                    "sku": sku,
                    "product_ids": [{"qualifier": "VP", "id": sku}],
                    "available_quantity": quantity,
                    "available_date": _date(available),
                    "unit": "EA",
                }
                for number, (sku, quantity, available) in enumerate(document.inventory, start=1)
            ],
        }
    if kind == "214":
        lines = [
            {
                "status": document.carrier_status,
                "status_reason": document.carrier_reason or "NS",
                "status_date": _stamp(document.time),
            }
        ]
        if document.estimated_delivery is not None:
            # AT701 AG: the carrier's estimated delivery, which is the revised delivery date.
            lines.append(
                {
                    "status": "AG",
                    "status_reason": "NS",
                    "status_date": document.estimated_delivery.isoformat(),
                }
            )
        return {
            "document_type": "shipment_status",
            "pro_number": f"PRO-{document.po_number}",
            "shipment_id": document.asn_number,
            "po_number": document.po_number,
            "carrier_scac": "SWFT",
            "lines": lines,
        }
    if kind == "180":
        return {
            "document_type": "return",
            "rma_number": document.rma_number,
            "return_date": _stamp(document.time),
            "reason": "DM",
            "po_number": document.po_number,
            "lines": [
                {
                    "sku": document.sku,
                    "product_ids": sku_ids,
                    "quantity": _ordered(scenario, document),
                    "unit": "EA",
                    "reason": "DM",
                }
            ],
        }
    if kind == "997":
        group = int(document.extra["acknowledged_group"])
        return {
            "document_type": "functional_ack",
            "acknowledged_functional_id": "PO",
            "acknowledged_group_control_number": str(group),
            "group_status": "A",
            "lines": [
                {"set_code": "850", "set_control_number": f"{number:04d}", "status": "A"}
                for number in range(1, int(document.extra["sets"]) + 1)
            ],
        }
    raise ValueError(f"no record for a {kind}")


def partner_document_body(
    document: PartnerDocument, supplier: Supplier, scenario: Scenario
) -> dict[str, Any]:
    kind = document.kind
    return {
        "from": supplier.address,
        "dialect": supplier.dialect,
        "version": supplier.version,
        "records": [document_record(document, scenario)],
        "control_number": document.interchange_control,
        "filename": f"{kind}_{supplier.edi_id}_{document.time:%Y%m%d%H%M%S}_"
        f"{document.interchange_control}.edi",
    }


def _ordered(scenario: Scenario, document: PartnerDocument) -> int:
    order = next(
        (o for o in scenario.story.orders.values() if o.po_number == document.po_number), None
    )
    return order.quantity if order else 0


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()
