"""Pieces several EDIFACT readers share: NAD parties, RFF references, DTM dates, LIN/PIA ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from supplychain_edi.codes import (
    EDIFACT_DATE_QUALIFIERS,
    EDIFACT_QUANTITY_QUALIFIERS,
    ENTITY_ROLES,
    PARTY_ID_QUALIFIERS,
    PRODUCT_ID_QUALIFIERS,
    REFERENCE_QUALIFIERS,
    UNITS,
)
from supplychain_edi.record import nonempty
from supplychain_edi.segments import Segment
from supplychain_edi.values import DateValue, coded, edifact_date_value, number
from supplychain_edi.x12.common import item_fields

# UN/ECE Recommendation 20 unit codes back to the X12 units partners compare with.
UNIT_TO_X12 = {"PCE": "EA", "C62": "EA", "EA": "EA", "CT": "CT", "KGM": "KG", "LBR": "LB"}


def body(segments: Sequence[Segment]) -> list[Segment]:
    return [s for s in segments if s.tag not in ("UNH", "UNT")]


def split_lines(
    segments: Sequence[Segment], trigger: str = "LIN", stop: Iterable[str] = ("UNS", "CNT")
) -> tuple[list[Segment], list[list[Segment]], list[Segment]]:
    stops = set(stop)
    header: list[Segment] = []
    blocks: list[list[Segment]] = []
    summary: list[Segment] = []
    for segment in segments:
        if summary or segment.tag in stops:
            summary.append(segment)
        elif segment.tag == trigger:
            blocks.append([segment])
        elif blocks:
            blocks[-1].append(segment)
        else:
            header.append(segment)
    return header, blocks, summary


def unit(code: str) -> dict[str, Any] | None:
    return coded(code, UNITS)


def party(nad: Segment) -> dict[str, Any]:
    street = " ".join(c for c in nad.components(5) if c)
    return {
        "role": coded(nad.get(1), ENTITY_ROLES),
        "name": nonempty(" ".join(c for c in nad.components(4) if c)),
        "id_qualifier": coded(nad.component(2, 3), PARTY_ID_QUALIFIERS),
        "id": nonempty(nad.component(2, 1)),
        "street": nonempty(street),
        "city": nonempty(nad.get(6)),
        "region": nonempty(nad.get(7)),
        "postal_code": nonempty(nad.get(8)),
        "country": nonempty(nad.get(9)),
    }


def parties(segments: Iterable[Segment]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for segment in segments:
        if segment.tag == "NAD" and segment.get(1):
            found.setdefault(segment.get(1), party(segment))
    return found


def references(segments: Iterable[Segment]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for segment in segments:
        if segment.tag == "RFF":
            qualifier = segment.component(1, 1)
            if qualifier and qualifier not in found:
                found[qualifier] = {
                    "qualifier": coded(qualifier, REFERENCE_QUALIFIERS),
                    "value": nonempty(segment.component(1, 2)),
                    "description": nonempty(segment.component(1, 3)),
                }
    return found


def ref_value(refs: dict[str, dict[str, Any]], *qualifiers: str) -> str | None:
    for qualifier in qualifiers:
        if qualifier in refs and refs[qualifier]["value"]:
            return refs[qualifier]["value"]
    return None


def dtm(segment: Segment) -> DateValue | None:
    return edifact_date_value(
        segment.component(1, 2),
        segment.component(1, 3),
        coded(segment.component(1, 1), EDIFACT_DATE_QUALIFIERS),
    )


def dates(segments: Iterable[Segment]) -> dict[str, DateValue]:
    found: dict[str, DateValue] = {}
    for segment in segments:
        if segment.tag == "DTM":
            qualifier = segment.component(1, 1)
            if qualifier and qualifier not in found:
                value = dtm(segment)
                if value is not None:
                    found[qualifier] = value
    return found


def item_ids(block: Sequence[Segment]) -> dict[str, Any]:
    """LIN's C212 and every PIA's item numbers, as the same flat columns X12 lines have."""
    ids: list[dict[str, Any]] = []
    head = block[0]
    if head.component(3, 1):
        qualifier = head.component(3, 2) or "SA"
        ids.append(
            {"qualifier": coded(qualifier, PRODUCT_ID_QUALIFIERS), "id": head.component(3, 1)}
        )
    for segment in block[1:]:
        if segment.tag != "PIA":
            continue
        for position in range(2, 7):
            value, qualifier = segment.component(position, 1), segment.component(position, 2)
            if value:
                ids.append(
                    {"qualifier": coded(qualifier or "SA", PRODUCT_ID_QUALIFIERS), "id": value}
                )
    return item_fields(ids)


def description(block: Sequence[Segment]) -> str | None:
    """IMD C273 free text (components 4 and 5); repeated IMDs of one type are one text."""
    described = [s for s in block if s.tag == "IMD" and (s.component(3, 4) or s.component(3, 5))]
    for codes in (("F", ""), ("A",), ("E",), ("D",)):
        parts = [
            part
            for s in described
            if s.get(1) in codes
            for part in (s.component(3, 4), s.component(3, 5))
            if part
        ]
        if parts:
            return " ".join(p.strip() for p in parts if p.strip())
    return nonempty(described[0].component(3, 4)) if described else None


def quantities(block: Iterable[Segment]) -> list[dict[str, Any]]:
    return [
        {
            "qualifier": coded(s.component(1, 1), EDIFACT_QUANTITY_QUALIFIERS),
            "quantity": number(s.component(1, 2)),
            "unit": unit(s.component(1, 3)),
        }
        for s in block
        if s.tag == "QTY"
    ]


def quantity(block: Iterable[Segment], code: str) -> int | float | None:
    for segment in block:
        if segment.tag == "QTY" and segment.component(1, 1) == code:
            return number(segment.component(1, 2))
    return None


def quantity_unit(block: Iterable[Segment]) -> dict[str, Any] | None:
    for segment in block:
        if segment.tag == "QTY" and segment.component(1, 3):
            return unit(segment.component(1, 3))
    return None


def price(block: Iterable[Segment], codes: Sequence[str] = ("AAA", "AAB", "INV", "CAL")) -> Any:
    for code in codes:
        for segment in block:
            if segment.tag == "PRI" and segment.component(1, 1) == code:
                return number(segment.component(1, 2))
    return None


def amount(segments: Iterable[Segment], code: str) -> int | float | None:
    for segment in segments:
        if segment.tag == "MOA" and segment.component(1, 1) == code:
            return number(segment.component(1, 2))
    return None


def first(segments: Iterable[Segment], tag: str, qualifier: str | None = None) -> Segment | None:
    for segment in segments:
        if segment.tag == tag and (qualifier is None or segment.get(1) == qualifier):
            return segment
    return None


def currency(segments: Iterable[Segment]) -> str | None:
    cux = first(segments, "CUX")
    return nonempty(cux.component(1, 2)) if cux else None
