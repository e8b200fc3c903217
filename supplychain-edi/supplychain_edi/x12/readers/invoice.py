"""810 Invoice -> invoice."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DATE_QUALIFIERS, INVOICE_TYPE, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    first,
    item_columns,
    padded,
    parties,
    product_ids,
    ref_value,
    references,
    split_blocks,
    unit,
)

CREDIT_TYPES = ("CR", "CN")
SAC_INDICATOR = {"A": "allowance", "C": "charge", "N": "no allowance or charge"}


def allowances_charges(segments: list[Segment]) -> list[dict[str, Any]]:
    """SAC segments; SAC05 carries two implied decimals (N2)."""
    return [
        {
            "indicator": coded(s.get(1), SAC_INDICATOR),
            "code": nonempty(s.get(2)),
            "amount": number(s.get(5), implied_decimals=2),
            "percent": number(s.get(7)),
            "description": nonempty(s.get(15)),
        }
        for s in segments
        if s.tag == "SAC"
    ]


def invoice_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    rest = block[1:]
    line_number, quantity, unit_code, price = padded(head, 4)
    sku, upc, vendor_item, buyer_item, ids = item_columns(product_ids(head, 6))
    return {
        "line_number": line_number.strip() or str(fallback),
        "quantity": number(quantity),
        "unit": unit(unit_code),
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": description(rest),
        # X12 states no line amount; EDIFACT's MOA+203 fills it on the other side.
        "amount": None,
        "allowances_charges": allowances_charges(rest),
        "dates": dates(rest),
    }


def terms(itd: Segment | None) -> dict[str, Any] | None:
    if itd is None:
        return None
    return {
        "type_code": nonempty(itd.get(1)),
        "discount_percent": number(itd.get(3)),
        "discount_days": number(itd.get(5)),
        "net_days": number(itd.get(7)),
        "description": nonempty(itd.get(12)),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, summary = split_blocks(
        segments, "IT1", stop=("TDS", "CAD", "CTT", "ISS", "TXI")
    )
    record = base_record(document, "invoice")
    big = first(header, "BIG") or Segment("BIG", [])
    if not big.elements:
        warnings.add("segment_missing", "810 has no BIG segment", None)
    refs = references(header)
    cur = first(header, "CUR")
    tds = first(summary, "TDS")
    header_dates = dates(header)
    invoice_type = coded(big.get(7), INVOICE_TYPE)
    total = number(tds.get(1), implied_decimals=2) if tds else None
    txi = [number(s.get(2)) for s in summary if s.tag == "TXI"]
    record.update(
        {
            "invoice_number": nonempty(big.get(2)),
            "po_number": nonempty(big.get(4)),
            "asn_number": ref_value(refs, "SI", "MA"),
            "bol_number": ref_value(refs, "BM"),
            "pro_number": ref_value(refs, "CN"),
            "invoice_date": date_value(big.get(1), "", coded("003", DATE_QUALIFIERS)),
            "po_date": date_value(big.get(3), "", coded("004", DATE_QUALIFIERS)),
            "release_number": nonempty(big.get(5)),
            "change_order_sequence": nonempty(big.get(6)),
            "invoice_type": invoice_type,
            "purpose": coded(big.get(8), PURPOSE),
            "is_credit": bool(invoice_type and invoice_type["code"] in CREDIT_TYPES),
            "seller_order_number": ref_value(refs, "VN"),
            "currency": nonempty(cur.get(2)) if cur else None,
            "terms": terms(first(header, "ITD")),
            "shipped_date": header_dates.get("011"),
            "total_amount": total,
            "amount_subject_to_discount": (number(tds.get(2), implied_decimals=2) if tds else None),
            "line_items_total": None,
            "tax_amount": sum(t for t in txi if t is not None) if txi else None,
            "allowances_charges": allowances_charges(header + summary),
            "dates": header_dates,
            "references": refs,
            "parties": parties(header),
            "lines": [invoice_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    if tds is None:
        warnings.add("segment_missing", "810 has no TDS total", None)
    return record
