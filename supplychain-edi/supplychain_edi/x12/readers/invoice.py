"""810 Invoice -> invoice."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DATE_QUALIFIERS, INVOICE_TYPE, PURPOSE
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import SharedCodes, coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    first,
    item_columns_at,
    padded,
    pid_description,
    ref_value,
    scan_header,
    split_blocks,
)

CREDIT_TYPES = ("CR", "CN")
SAC_INDICATOR = {"A": "allowance", "C": "charge", "N": "no allowance or charge"}


def allowance_charge(segment: Segment) -> dict[str, Any]:
    """One SAC; SAC05 carries two implied decimals (N2)."""
    return {
        "indicator": coded(segment.get(1), SAC_INDICATOR),
        "code": nonempty(segment.get(2)),
        "amount": number(segment.get(5), implied_decimals=2),
        "percent": number(segment.get(7)),
        "description": nonempty(segment.get(15)),
    }


def allowances_charges(segments: list[Segment]) -> list[dict[str, Any]]:
    """SAC segments."""
    return [allowance_charge(s) for s in segments if s.tag == "SAC"]


def invoice_line(block: list[Segment], fallback: int, codes: SharedCodes) -> dict[str, Any]:
    head = block[0]
    # padded(head, 4), without the call: a PO1/IT1 has its first four elements.
    head_elements = head.elements
    line_number, quantity, unit_code, price = (
        head_elements[:4] if len(head_elements) >= 4 else padded(head, 4)
    )
    units, date_values, id_qualifiers = codes.units, codes.date_values, codes.product_ids
    sku, upc, vendor_item, buyer_item, ids = item_columns_at(head, 6, id_qualifiers)
    charges: list[dict[str, Any]] = []
    line_dates: dict[str, Any] = {}
    free: str | None = None  # the free-form PID05 texts so far, joined by spaces
    other: str | None = None
    # description(), allowances_charges() and dates() of the line, in one pass.
    for index in range(1, len(block)):
        segment = block[index]
        tag = segment.tag
        if tag == "PID":
            free, other = pid_description(segment, free, other)
        elif tag == "SAC":
            charges.append(allowance_charge(segment))
        elif tag == "DTM":
            elements = segment.elements
            # padded(segment, 3), without the call for the usual DTM without a time.
            qualifier, raw_date, raw_time = (
                (elements[0], elements[1], "") if len(elements) == 2 else padded(segment, 3)
            )
            if qualifier and qualifier not in line_dates and (raw_date or raw_time):
                line_dates[qualifier] = date_values[qualifier, raw_date, raw_time]
    return {
        "line_number": line_number.strip() or str(fallback),
        "quantity": number(quantity),
        "unit": units[unit_code] if unit_code else None,
        "unit_price": number(price),
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
        "description": free if free is not None else other,
        # X12 states no line amount; EDIFACT's MOA+203 fills it on the other side.
        "amount": None,
        "allowances_charges": charges,
        "dates": line_dates,
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
    firsts, refs, found_parties, header_dates = scan_header(header, document.codes)
    codes = document.codes
    big = firsts.get("BIG") or Segment("BIG", [])
    if not big.elements:
        warnings.add("segment_missing", "810 has no BIG segment", None)
    cur = firsts.get("CUR")
    tds = first(summary, "TDS")
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
            "terms": terms(firsts.get("ITD")),
            "shipped_date": header_dates.get("011"),
            "total_amount": total,
            "amount_subject_to_discount": (number(tds.get(2), implied_decimals=2) if tds else None),
            "line_items_total": None,
            "tax_amount": sum(t for t in txi if t is not None) if txi else None,
            "allowances_charges": allowances_charges(header + summary),
            "dates": header_dates,
            "references": refs,
            "parties": found_parties,
            "lines": [invoice_line(b, i, codes) for i, b in enumerate(blocks, 1)],
        }
    )
    if tds is None:
        warnings.add("segment_missing", "810 has no TDS total", None)
    return record
