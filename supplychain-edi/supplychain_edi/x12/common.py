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
from supplychain_edi.values import CodedCache, DateValue, SharedCodes, coded, date_value

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
    # Where the next segment goes: the header until the first trigger, then its block.
    add = header.append
    for segment in segments:
        tag = segment.tag
        if tag == trigger:
            block = [segment]
            blocks.append(block)
            add = block.append
        elif tag in stops and blocks:
            # Everything read so far is the header and the blocks; the rest is the summary.
            start = len(header) + sum(map(len, blocks))
            return header, blocks, list(segments[start:])
        else:
            add(segment)
    return header, blocks, []


def body(segments: Sequence[Segment]) -> list[Segment]:
    """The set without ST and SE."""
    # A set the envelope walk hands to a reader opens with its ST, closes with its SE and
    # holds neither anywhere else (either one inside a set ends it), so this is a slice.
    if len(segments) > 1 and segments[0].tag == "ST" and segments[-1].tag == "SE":
        return segments[1:-1]  # type: ignore[return-value]
    return [s for s in segments if s.tag not in ("ST", "SE")]


def party(block: Sequence[Segment]) -> dict[str, Any]:
    """An N1 loop (N1, N2, N3, N4, REF, PER) as a party record."""
    return _party(block, CodedCache(ENTITY_ROLES), CodedCache(PARTY_ID_QUALIFIERS))


def _party(
    block: Sequence[Segment], roles: CodedCache, id_qualifiers: CodedCache
) -> dict[str, Any]:
    role, name, id_qualifier, identifier = padded(block[0], 4)
    name = name.strip() or None
    street = city = region = postal_code = country = None
    for index in range(1, len(block)):
        segment = block[index]
        tag = segment.tag
        if tag == "N3":
            # N301 and N302, the blank ones left out (filter() keeps the walk in C).
            street = " ".join(filter(None, segment.elements[:2])).strip() or None
        elif tag == "N4":
            city, region, postal_code, country = padded(segment, 4)
            city = city.strip() or None
            region = region.strip() or None
            postal_code = postal_code.strip() or None
            country = country.strip() or None
        elif tag == "N2" and not name:
            name = segment.get(1).strip() or None
    return {
        "role": roles[role] if role else None,
        "name": name,
        "id_qualifier": id_qualifiers[id_qualifier] if id_qualifier else None,
        "id": identifier.strip() or None,
        "street": street,
        "city": city,
        "region": region,
        "postal_code": postal_code,
        "country": country,
    }


PARTY_TAGS = ("N1", "N2", "N3", "N4", "PER")
# The segments that keep an N1 loop open (a further N1 opens the next one).
_PARTY_CONTINUATION = frozenset(PARTY_TAGS) - {"N1"}


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


Header = tuple[
    dict[str, Segment], dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, DateValue]
]


def scan_header(segments: Sequence[Segment], codes: SharedCodes) -> Header:
    """`first()` of every tag, `references()`, `parties()` and `dates()` in one pass.

    A set's header is read by all four; walking it once instead of four times is most of
    what reading a short set costs beyond building its records. Codes take their dicts
    from `codes`, the interchange's shared ones.
    """
    roles = codes.roles
    id_qualifiers = codes.party_ids
    ref_qualifiers = codes.references
    date_values = codes.date_values
    firsts: dict[str, Segment] = {}
    refs: dict[str, dict[str, Any]] = {}
    found_parties: dict[str, dict[str, Any]] = {}
    found_dates: dict[str, DateValue] = {}
    block: list[Segment] | None = None
    for segment in segments:
        tag = segment.tag
        if tag not in firsts:
            firsts[tag] = segment
        if block is not None:
            if tag in _PARTY_CONTINUATION:
                block.append(segment)
                continue
            role = block[0].get(1)
            if role not in found_parties:
                found_parties[role] = _party(block, roles, id_qualifiers)
            block = None
        if tag == "N1":
            block = [segment]
        elif tag == "REF":
            qualifier, value, description = padded(segment, 3)
            if qualifier and qualifier not in refs:
                refs[qualifier] = {
                    "qualifier": ref_qualifiers[qualifier],
                    "value": value.strip() or None,
                    "description": description.strip() or None,
                }
        elif tag == "DTM":
            qualifier, raw_date, raw_time = padded(segment, 3)
            if qualifier and qualifier not in found_dates and (raw_date or raw_time):
                found_dates[qualifier] = date_values[qualifier, raw_date, raw_time]
    if block is not None:
        role = block[0].get(1)
        if role not in found_parties:
            found_parties[role] = _party(block, roles, id_qualifiers)
    return firsts, refs, found_parties, found_dates


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


# Item columns for a line whose ids are exactly two qualifier/id pairs (a buyer's or
# vendor's number and a UPC, the usual shape), keyed by the two qualifiers. The ranking
# depends on the qualifiers alone, so item_columns() works it out once per pair of them:
# the pair index (2: none) of the sku, upc, vendor_item and buyer_item columns.
_PAIR_PLANS: dict[tuple[str, str], tuple[int, int, int, int]] = {}
_PAIR_PLANS_LIMIT = 4096


def _pair_plan(qualifier: str, qualifier2: str) -> tuple[int, int, int, int]:
    ids = [
        {"qualifier": {"code": qualifier}, "id": 0},
        {"qualifier": {"code": qualifier2}, "id": 1},
    ]
    plan = tuple(2 if column is None else column for column in item_columns(ids)[:4])
    if len(_PAIR_PLANS) < _PAIR_PLANS_LIMIT:  # partners' private qualifiers stay bounded
        _PAIR_PLANS[qualifier, qualifier2] = plan  # type: ignore[assignment]
    return plan  # type: ignore[return-value]


def item_columns_at(segment: Segment, start: int, qualifiers: CodedCache) -> ItemColumns:
    """`item_columns(product_ids(segment, start))`: the item columns of a PO1/IT1/LIN.

    Lines that end in two complete pairs take a precomputed ranking (one dict lookup) and
    their qualifiers' dicts from `qualifiers`; any other shape goes through product_ids()
    and item_columns().
    """
    elements = segment.elements
    if len(elements) == start + 3:
        qualifier = elements[start - 1]
        identifier = elements[start]
        qualifier2 = elements[start + 1]
        identifier2 = elements[start + 2]
        if qualifier and identifier and qualifier2 and identifier2:
            sku, upc, vendor_item, buyer_item = _PAIR_PLANS.get(
                (qualifier, qualifier2)  # type: ignore[arg-type]
            ) or _pair_plan(qualifier, qualifier2)  # type: ignore[arg-type]
            pair = (identifier, identifier2, None)
            return (
                pair[sku],
                pair[upc],
                pair[vendor_item],
                pair[buyer_item],
                [
                    {"qualifier": qualifiers[qualifier], "id": identifier},
                    {"qualifier": qualifiers[qualifier2], "id": identifier2},
                ],
            )
    return item_columns(product_ids(segment, start))


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
    free: str | None = None
    other: str | None = None
    for segment in block:
        if segment.tag == "PID":
            free, other = pid_description(segment, free, other)
    return free if free is not None else other


def pid_description(
    segment: Segment, free: str | None, other: str | None
) -> tuple[str | None, str | None]:
    """One PID's share of a line's description, for readers that fold it as they walk a line:
    free-form texts (PID01 F or empty) are joined by spaces, else the first coded one counts."""
    elements = segment.elements
    text = elements[4] if len(elements) > 4 else ""
    if text:
        if elements[0] in ("F", ""):
            text = text.strip()
            free = text if free is None else f"{free} {text}"
        elif other is None:
            other = text.strip()
    return free, other


def first(segments: Iterable[Segment], tag: str) -> Segment | None:
    for segment in segments:
        if segment.tag == tag:
            return segment
    return None
