"""Pieces several X12 readers share: parties (N1 loops), references, dates, product ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from supplychain_edi.codes import (
    DATE_QUALIFIERS,
    ENTITY_ROLES,
    PARTY_ID_QUALIFIERS,
    PRODUCT_ID_QUALIFIERS,
    REFERENCE_QUALIFIERS,
    UNITS,
)
from supplychain_edi.record import nonempty
from supplychain_edi.segments import Segment
from supplychain_edi.values import DateValue, coded, date_value

# Item number qualifiers, best first, for the flat `sku`; a UPC/GTIN is never a sku.
SKU_QUALIFIERS = ("VP", "SA", "VN", "BP", "IN", "SK", "MG", "MF", "CB")
UPC_QUALIFIERS = ("UP", "EN", "UK", "UI", "SRV")
VENDOR_QUALIFIERS = ("VP", "VN", "SA")
BUYER_QUALIFIERS = ("BP", "IN", "CB")


def split_blocks(
    segments: Sequence[Segment], trigger: str, stop: Iterable[str] = ()
) -> tuple[list[Segment], list[list[Segment]], list[Segment]]:
    """Header (before the first `trigger`), one block per `trigger`, and the summary.

    The summary starts at the first `stop` tag after a block has begun. Grouping by a
    trigger tag instead of a fixed loop tree keeps partners' extra segments inside
    the loop they were sent in.
    """
    stops = set(stop)
    header: list[Segment] = []
    blocks: list[list[Segment]] = []
    summary: list[Segment] = []
    for segment in segments:
        if summary:
            summary.append(segment)
        elif segment.tag == trigger:
            blocks.append([segment])
        elif blocks and segment.tag in stops:
            summary.append(segment)
        elif blocks:
            blocks[-1].append(segment)
        else:
            header.append(segment)
    return header, blocks, summary


def body(segments: Sequence[Segment]) -> list[Segment]:
    """The set without ST and SE."""
    return [s for s in segments if s.tag not in ("ST", "SE")]


def party(block: Sequence[Segment]) -> dict[str, Any]:
    """An N1 loop (N1, N2, N3, N4, REF, PER) as a party record."""
    head = block[0]
    record: dict[str, Any] = {
        "role": coded(head.get(1), ENTITY_ROLES),
        "name": nonempty(head.get(2)),
        "id_qualifier": coded(head.get(3), PARTY_ID_QUALIFIERS),
        "id": nonempty(head.get(4)),
        "street": None,
        "city": None,
        "region": None,
        "postal_code": None,
        "country": None,
    }
    for segment in block[1:]:
        if segment.tag == "N3":
            record["street"] = nonempty(" ".join(p for p in (segment.get(1), segment.get(2)) if p))
        elif segment.tag == "N4":
            record["city"] = nonempty(segment.get(1))
            record["region"] = nonempty(segment.get(2))
            record["postal_code"] = nonempty(segment.get(3))
            record["country"] = nonempty(segment.get(4))
        elif segment.tag == "N2" and not record["name"]:
            record["name"] = nonempty(segment.get(1))
    return record


PARTY_TAGS = ("N1", "N2", "N3", "N4", "PER")


def parties(segments: Sequence[Segment]) -> dict[str, dict[str, Any]]:
    """Every N1 loop among `segments`, keyed by role code (the first one of a role wins)."""
    found: dict[str, dict[str, Any]] = {}
    block: list[Segment] | None = None
    for segment in segments:
        if segment.tag == "N1":
            if block:
                found.setdefault(block[0].get(1), party(block))
            block = [segment]
        elif block is not None and segment.tag in PARTY_TAGS:
            block.append(segment)
        elif block is not None:
            found.setdefault(block[0].get(1), party(block))
            block = None
    if block:
        found.setdefault(block[0].get(1), party(block))
    return found


def references(segments: Iterable[Segment], tag: str = "REF") -> dict[str, dict[str, Any]]:
    """REF (or L11, N9) segments keyed by qualifier; the first of a qualifier wins."""
    found: dict[str, dict[str, Any]] = {}
    for segment in segments:
        if segment.tag != tag:
            continue
        if tag == "L11":
            value, qualifier, description = segment.get(1), segment.get(2), segment.get(3)
        else:
            qualifier, value, description = segment.get(1), segment.get(2), segment.get(3)
        if qualifier and qualifier not in found:
            found[qualifier] = {
                "qualifier": coded(qualifier, REFERENCE_QUALIFIERS),
                "value": nonempty(value),
                "description": nonempty(description),
            }
    return found


def ref_value(refs: dict[str, dict[str, Any]], *qualifiers: str) -> str | None:
    for qualifier in qualifiers:
        if qualifier in refs and refs[qualifier]["value"]:
            return refs[qualifier]["value"]
    return None


def dtm(segment: Segment) -> DateValue | None:
    """DTM01 qualifier, DTM02 date, DTM03 time."""
    return date_value(segment.get(2), segment.get(3), coded(segment.get(1), DATE_QUALIFIERS))


def dates(segments: Iterable[Segment]) -> dict[str, DateValue]:
    """DTM segments keyed by qualifier (002, 010, 017...); the first of a qualifier wins."""
    found: dict[str, DateValue] = {}
    for segment in segments:
        if segment.tag == "DTM" and segment.get(1) and segment.get(1) not in found:
            value = dtm(segment)
            if value is not None:
                found[segment.get(1)] = value
    return found


def product_ids(segment: Segment, start: int, pairs: int = 10) -> list[dict[str, Any]]:
    """The qualifier/id pairs that end PO1, IT1, LIN and friends."""
    elements = segment.elements[start - 1 : start - 1 + pairs * 2]
    found: list[dict[str, Any]] = []
    for qualifier, identifier in zip(elements[0::2], elements[1::2], strict=False):
        if qualifier and identifier:
            if qualifier.__class__ is not str:
                qualifier = qualifier[0] if qualifier else ""
            if identifier.__class__ is not str:
                identifier = identifier[0] if identifier else ""
            found.append({"qualifier": coded(qualifier, PRODUCT_ID_QUALIFIERS), "id": identifier})
    return found


def items(segment: Segment, start: int, pairs: int = 10) -> dict[str, Any]:
    """`item_fields(product_ids(...))`: the flat item columns of a PO1/IT1/LIN."""
    return item_fields(product_ids(segment, start, pairs))


# For each qualifier, the flat columns it can fill and its rank there (lower is better).
_COLUMNS: dict[str, list[tuple[str, int]]] = {}
for _column, _qualifiers in (
    ("sku", SKU_QUALIFIERS),
    ("upc", UPC_QUALIFIERS),
    ("vendor_item", VENDOR_QUALIFIERS),
    ("buyer_item", BUYER_QUALIFIERS),
):
    for _rank, _qualifier in enumerate(_qualifiers):
        _COLUMNS.setdefault(_qualifier, []).append((_column, _rank))


def item_fields(ids: list[dict[str, Any]]) -> dict[str, Any]:
    """Flat sku/upc/vendor/buyer item columns beside the full id list.

    Each column takes the id whose qualifier ranks best in its list; a line without a
    listed item-number qualifier still gets a sku from any non-UPC id it carries.
    """
    columns: dict[str, Any] = {
        "sku": None,
        "upc": None,
        "vendor_item": None,
        "buyer_item": None,
        "product_ids": ids,
    }
    ranks: dict[str, int] = {}
    spare: str | None = None
    for entry in ids:
        qualifier = entry["qualifier"]["code"]
        for column, rank in _COLUMNS.get(qualifier, ()):
            if rank < ranks.get(column, 99):
                ranks[column] = rank
                columns[column] = entry["id"]
        if spare is None and qualifier not in UPC_QUALIFIERS:
            spare = entry["id"]
    if columns["sku"] is None:
        columns["sku"] = spare
    return columns


def unit(code: str) -> dict[str, Any] | None:
    return coded(code, UNITS)


def description(block: Iterable[Segment]) -> str | None:
    """Free-form PID05 text of a line; several PIDs are one description cut in pieces."""
    free: list[str] = []
    other: str | None = None
    for segment in block:
        if segment.tag != "PID":
            continue
        text = segment.get(5)
        if not text:
            continue
        if segment.get(1) in ("F", ""):
            free.append(text.strip())
        elif other is None:
            other = text.strip()
    if free:
        return " ".join(free)
    return other


def first(segments: Iterable[Segment], tag: str) -> Segment | None:
    for segment in segments:
        if segment.tag == tag:
            return segment
    return None
