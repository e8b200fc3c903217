"""INVOIC -> invoice."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import DOCUMENT_NAMES, EDIFACT_MESSAGE_FUNCTION
from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.common import (
    amount,
    body,
    currency,
    dates,
    description,
    first,
    item_ids,
    parties,
    price,
    quantity,
    quantity_unit,
    ref_value,
    references,
    split_lines,
)
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, number

CREDIT_DOCUMENTS = ("381",)
ALC_INDICATOR = {"A": "allowance", "C": "charge", "N": "no allowance or charge"}


def allowances_charges(segments: list[Segment]) -> list[dict[str, Any]]:
    """ALC groups, each with the MOA+8 (or +204/+23) amount that follows it."""
    found: list[dict[str, Any]] = []
    for segment in segments:
        if segment.tag == "ALC":
            found.append(
                {
                    "indicator": coded(segment.get(1), ALC_INDICATOR),
                    "code": nonempty(segment.component(5, 1)),
                    "amount": None,
                    "percent": None,
                    "description": nonempty(segment.component(5, 4)),
                }
            )
        elif found and segment.tag == "MOA" and segment.component(1, 1) in ("8", "204", "23"):
            if found[-1]["amount"] is None:
                found[-1]["amount"] = number(segment.component(1, 2))
        elif found and segment.tag == "PCD":
            found[-1]["percent"] = number(segment.component(1, 2))
        elif segment.tag in ("LIN", "UNS"):
            break
    return found


def invoice_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    billed = quantity(block, "47")
    if billed is None:
        billed = quantity(block, "12")
    return {
        "line_number": nonempty(head.get(1)) or str(fallback),
        "quantity": billed,
        "unit": quantity_unit(block),
        "unit_price": price(block[1:]),
        **item_ids(block),
        "description": description(block[1:]),
        "amount": amount(block[1:], "203"),
        "allowances_charges": allowances_charges(block[1:]),
        "dates": dates(block[1:]),
    }


def terms(pat: Segment | None) -> dict[str, Any] | None:
    if pat is None:
        return None
    return {
        "type_code": nonempty(pat.get(1)),
        "discount_percent": None,
        "discount_days": None,
        "net_days": number(pat.component(3, 4)),
        "description": nonempty(pat.component(2, 4)),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    header, blocks, summary = split_lines(body(document.segments), stop=("UNS",))
    record = base_record(document, "invoice")
    bgm = first(header, "BGM") or Segment("BGM", [])
    if not bgm.elements:
        warnings.add("segment_missing", "INVOIC has no BGM segment", None)
    refs = references(header)
    header_dates = dates(header)
    document_code = bgm.component(1, 1)
    total = amount(summary, "139")
    if total is None:
        total = amount(summary, "77")
    if total is None:
        total = amount(summary, "86")
    record.update(
        {
            "invoice_number": nonempty(bgm.component(2, 1)),
            "po_number": ref_value(refs, "ON"),
            "asn_number": ref_value(refs, "AAK", "DQ"),
            "bol_number": ref_value(refs, "BM"),
            "pro_number": ref_value(refs, "CN"),
            "invoice_date": header_dates.get("137") or header_dates.get("3"),
            "po_date": header_dates.get("4") or header_dates.get("171"),
            "release_number": None,
            "change_order_sequence": None,
            "invoice_type": coded(document_code, DOCUMENT_NAMES),
            "purpose": coded(bgm.get(3), EDIFACT_MESSAGE_FUNCTION),
            "is_credit": document_code in CREDIT_DOCUMENTS,
            "seller_order_number": ref_value(refs, "VN"),
            "currency": currency(header),
            "terms": terms(first(header, "PAT")),
            "shipped_date": header_dates.get("11"),
            "total_amount": total,
            "amount_subject_to_discount": amount(summary, "129"),
            "line_items_total": amount(summary, "79"),
            "tax_amount": amount(summary, "124")
            if amount(summary, "124") is not None
            else amount(summary, "176"),
            "allowances_charges": allowances_charges(header)
            + allowances_charges([s for s in summary if s.tag != "UNS"]),
            "dates": header_dates,
            "references": refs,
            "parties": parties(header),
            "lines": [invoice_line(b, i) for i, b in enumerate(blocks, 1)],
        }
    )
    return record
