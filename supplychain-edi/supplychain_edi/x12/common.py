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
    block: list[Segment] | None = None
    for index, segment in enumerate(segments):
        tag = segment.tag
        if tag == trigger:
            block = [segment]
            blocks.append(block)
        elif block is None:
            header.append(segment)
        elif tag in stops:
            return header, blocks, list(segments[index:])
        else:
            block.append(segment)
    return header, blocks, []


def body(segments: Sequence[Segment]) -> list[Segment]:
    """The set without ST and SE."""
    return [s for s in segments if s.tag not in ("ST", "SE")]


def party(block: Sequence[Segment]) -> dict[str, Any]:
    """An N1 loop (N1, N2, N3, N4, REF, PER) as a party record."""
    role, name, id_qualifier, identifier = padded(block[0], 4)
    record: dict[str, Any] = {
        "role": coded(role, ENTITY_ROLES),
        "name": name.strip() or None,
        "id_qualifier": coded(id_qualifier, PARTY_ID_QUALIFIERS),
        "id": identifier.strip() or None,
        "street": None,
        "city": None,
        "region": None,
        "postal_code": None,
        "country": None,
    }
    for segment in block[1:]:
        tag = segment.tag
        if tag == "N3":
            record["street"] = " ".join(p for p in padded(segment, 2) if p).strip() or None
        elif tag == "N4":
            city, region, postal_code, country = padded(segment, 4)
            record["city"] = city.strip() or None
            record["region"] = region.strip() or None
            record["postal_code"] = postal_code.strip() or None
            record["country"] = country.strip() or None
        elif tag == "N2" and not record["name"]:
            record["name"] = segment.get(1).strip() or None
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
            value, qualifier, description = padded(segment, 3)
        else:
            qualifier, value, description = padded(segment, 3)
        if qualifier and qualifier not in found:
            found[qualifier] = {
                "qualifier": {"code": qualifier, "meaning": REFERENCE_QUALIFIERS.get(qualifier)},
                "value": value.strip() or None,
                "description": description.strip() or None,
            }
    return found


def ref_value(refs: dict[str, dict[str, Any]], *qualifiers: str) -> str | None:
    for qualifier in qualifiers:
        if qualifier in refs and refs[qualifier]["value"]:
            return refs[qualifier]["value"]
    return None


def dtm(segment: Segment) -> DateValue | None:
    """DTM01 qualifier, DTM02 date, DTM03 time."""
    qualifier, raw_date, raw_time = padded(segment, 3)
    return date_value(raw_date, raw_time, coded(qualifier, DATE_QUALIFIERS))


def dates(segments: Iterable[Segment]) -> dict[str, DateValue]:
    """DTM segments keyed by qualifier (002, 010, 017...); the first of a qualifier wins."""
    found: dict[str, DateValue] = {}
    for segment in segments:
        if segment.tag != "DTM":
            continue
        qualifier, raw_date, raw_time = padded(segment, 3)
        if qualifier and qualifier not in found and (raw_date or raw_time):
            found[qualifier] = date_value(  # type: ignore[assignment]
                raw_date, raw_time, {"code": qualifier, "meaning": DATE_QUALIFIERS.get(qualifier)}
            )
    return found


def padded(segment: Segment, count: int) -> list[str]:
    """The first `count` elements of an X12 segment, '' for each one it does not have.

    X12 elements are plain strings, so this is `[segment.get(1), ..., segment.get(count)]`
    in one slice: the line readers unpack it instead of paying one call per element.
    """
    values = segment.elements[:count]
    while len(values) < count:  # short by one or two at most, in practice
        values.append("")
    return values  # type: ignore[return-value]


def product_ids(segment: Segment, start: int, pairs: int = 10) -> list[dict[str, Any]]:
    """The qualifier/id pairs that end PO1, IT1, LIN and friends."""
    elements = segment.elements[start - 1 : start - 1 + pairs * 2]
    found: list[dict[str, Any]] = []
    meanings = PRODUCT_ID_QUALIFIERS
    for index in range(1, len(elements), 2):
        qualifier, identifier = elements[index - 1], elements[index]
        if qualifier and identifier:  # X12 elements are plain strings, never composites
            # coded(), inlined: the qualifier is known to be non-empty here.
            qualifier_coded = {"code": qualifier, "meaning": meanings.get(qualifier)}
            found.append({"qualifier": qualifier_coded, "id": identifier})
    return found


def items(segment: Segment, start: int, pairs: int = 10) -> dict[str, Any]:
    """`item_fields(product_ids(...))`: the flat item columns of a PO1/IT1/LIN."""
    return item_fields(product_ids(segment, start, pairs))


# For each qualifier, its rank in the sku, upc, vendor_item and buyer_item lists (lower is
# better; _UNRANKED where the qualifier cannot fill the column). One tuple per qualifier
# lets item_fields rank an id with four comparisons instead of nested dict lookups.
_UNRANKED = 99
_RANKS: dict[str, tuple[int, int, int, int]] = {}
for _qualifier in dict.fromkeys(
    SKU_QUALIFIERS + UPC_QUALIFIERS + VENDOR_QUALIFIERS + BUYER_QUALIFIERS
):
    _RANKS[_qualifier] = tuple(  # type: ignore[assignment]
        _qualifiers.index(_qualifier) if _qualifier in _qualifiers else _UNRANKED
        for _qualifiers in (SKU_QUALIFIERS, UPC_QUALIFIERS, VENDOR_QUALIFIERS, BUYER_QUALIFIERS)
    )
_UPC = frozenset(UPC_QUALIFIERS)


ItemColumns = tuple[Any, Any, Any, Any, list[dict[str, Any]]]


def item_columns(ids: list[dict[str, Any]]) -> ItemColumns:
    """`item_fields(ids)` as a tuple: sku, upc, vendor_item, buyer_item, product_ids.

    The line readers unpack it into the line's own dict literal: one literal is built at
    its final size, where merging `**item_fields(...)` into it allocates a temporary dict
    and grows the line's table twice, on every line.
    """
    # Runs once per line of every set, so the four columns are plain locals rather
    # than a dict of columns and a dict of ranks.
    sku = upc = vendor_item = buyer_item = spare = None
    sku_rank = upc_rank = vendor_rank = buyer_rank = _UNRANKED
    for entry in ids:
        identifier = entry["id"]
        ranks = _RANKS.get(entry["qualifier"]["code"])
        if ranks is None:
            if spare is None:
                spare = identifier
            continue
        rank = ranks[0]
        if rank < sku_rank:
            sku_rank, sku = rank, identifier
        rank = ranks[1]
        if rank < upc_rank:
            upc_rank, upc = rank, identifier
        elif spare is None and rank == _UNRANKED:
            spare = identifier  # any id but a UPC/GTIN can stand in for a missing sku
        rank = ranks[2]
        if rank < vendor_rank:
            vendor_rank, vendor_item = rank, identifier
        rank = ranks[3]
        if rank < buyer_rank:
            buyer_rank, buyer_item = rank, identifier
    return (sku if sku is not None else spare, upc, vendor_item, buyer_item, ids)


def item_fields(ids: list[dict[str, Any]]) -> dict[str, Any]:
    """Flat sku/upc/vendor/buyer item columns beside the full id list.

    Each column takes the id whose qualifier ranks best in its list; a line without a
    listed item-number qualifier still gets a sku from any non-UPC id it carries.
    """
    sku, upc, vendor_item, buyer_item, ids = item_columns(ids)
    return {
        "sku": sku,
        "upc": upc,
        "vendor_item": vendor_item,
        "buyer_item": buyer_item,
        "product_ids": ids,
    }


def unit(code: str) -> dict[str, Any] | None:
    # coded(code, UNITS), without the second call: a unit sits on nearly every line.
    return {"code": code, "meaning": UNITS.get(code)} if code else None


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
