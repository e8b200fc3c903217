"""180 Return Merchandise Authorization and Notification -> return.

Element positions follow the 004010 segment definitions: BGN02 is the RMA number;
BLI01/02 the first product id pair, BLI03 the quantity, BLI04 its unit, BLI05/06 the price
identifier and unit price, BLI08.. further id pairs; RDR01 the returns disposition code
(X12 1292), RDR02 the return request reason (X12 1293) and RDR04 a free-text description.
"""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    PURPOSE,
    QUANTITY_QUALIFIERS,
    RETURN_DISPOSITIONS,
    RETURN_REASONS,
)
from supplychain_edi.document import RawDocument
from supplychain_edi.record import base_record, nonempty
from supplychain_edi.segments import Segment, Warnings
from supplychain_edi.values import coded, date_value, number
from supplychain_edi.x12.common import (
    body,
    dates,
    description,
    first,
    item_fields,
    parties,
    product_ids,
    ref_value,
    references,
    split_blocks,
    unit,
)


def _rdr(segments: list[Segment]) -> tuple[Any, Any]:
    rdr = first(segments, "RDR")
    if rdr is None:
        return None, None
    # RDR01 is the disposition, RDR02 the reason the returnee gives.
    return coded(rdr.get(2), RETURN_REASONS), coded(rdr.get(1), RETURN_DISPOSITIONS)


def return_line(block: list[Segment], fallback: int) -> dict[str, Any]:
    head = block[0]
    ids = product_ids(head, 1, pairs=1) + product_ids(head, 8, pairs=8)
    reason, disposition = _rdr(block[1:])
    prf = first(block[1:], "PRF")
    return {
        "line_number": str(fallback),
        **item_fields(ids),
        "description": description(block[1:]),
        "quantity": number(head.get(3)),
        "unit": unit(head.get(4)),
        "unit_price": number(head.get(6)),
        "po_number": nonempty(prf.get(1)) if prf else None,
        "reason": reason,
        "disposition": disposition,
        "quantities": [
            {
                "qualifier": coded(s.get(1), QUANTITY_QUALIFIERS),
                "quantity": number(s.get(2)),
                "unit": unit(s.get(3)),
            }
            for s in block[1:]
            if s.tag == "QTY"
        ],
        "references": references(block[1:], "N9"),
        "notes": [s.get(2) for s in block[1:] if s.tag == "NTE" and s.get(2)],
        "dates": dates(block[1:]),
    }


def read(document: RawDocument, warnings: Warnings) -> dict[str, Any]:
    segments = body(document.segments)
    header, blocks, _summary = split_blocks(segments, "BLI", stop=("CTT",))
    record = base_record(document, "return")
    bgn = first(header, "BGN") or Segment("BGN", [])
    if not bgn.elements:
        warnings.add("segment_missing", "180 has no BGN segment", None)
    refs = references(header, "N9")
    prf = first(header, "PRF")
    reason, disposition = _rdr(header)
    lines = [return_line(b, i) for i, b in enumerate(blocks, 1)]
    po_number = nonempty(prf.get(1)) if prf else None
    if po_number is None:
        po_number = next((line["po_number"] for line in lines if line["po_number"]), None)
    record.update(
        {
            "rma_number": nonempty(bgn.get(2)),
            "po_number": po_number,
            "invoice_number": ref_value(refs, "IV"),
            "purpose": coded(bgn.get(1), PURPOSE),
            "return_date": date_value(bgn.get(3), bgn.get(4)),
            "reason": reason,
            "disposition": disposition,
            "dates": dates(header),
            "references": refs,
            "parties": parties(header),
            "lines": lines,
        }
    )
    return record
