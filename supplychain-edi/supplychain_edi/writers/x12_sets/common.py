"""Segments every X12 set writer shares: REF, DTM, N1 loops, item ids, PID."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from supplychain_edi.writers.fields import ccyymmdd, code, hhmm, text

Segments = list[list[str]]


def references(refs: Mapping[str, Any] | None, tag: str = "REF") -> Segments:
    out: Segments = []
    for qualifier, ref in (refs or {}).items():
        value = text(ref.get("value") if isinstance(ref, Mapping) else ref)
        description = text(ref.get("description")) if isinstance(ref, Mapping) else ""
        if tag == "L11":
            out.append(["L11", value, qualifier, description])
        else:
            out.append([tag, qualifier, value, description])
    return out


def dates(values: Mapping[str, Any] | None, skip: Iterable[str] = ()) -> Segments:
    skipped = set(skip)
    return [
        ["DTM", qualifier, ccyymmdd(value), hhmm(value)]
        for qualifier, value in (values or {}).items()
        if qualifier not in skipped and value
    ]


def parties(found: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for role, party in (found or {}).items():
        out.append(
            [
                "N1",
                role,
                text(party.get("name")),
                code(party.get("id_qualifier")),
                text(party.get("id")),
            ]
        )
        if party.get("street"):
            out.append(["N3", text(party["street"])])
        if any(party.get(k) for k in ("city", "region", "postal_code", "country")):
            out.append(
                [
                    "N4",
                    text(party.get("city")),
                    text(party.get("region")),
                    text(party.get("postal_code")),
                    text(party.get("country")),
                ]
            )
    return out


def product_pairs(line: Mapping[str, Any]) -> list[str]:
    """Qualifier/id pairs from `product_ids`, or from the flat columns when there are none."""
    ids = line.get("product_ids") or []
    pairs: list[str] = []
    if ids:
        for entry in ids:
            pairs += [code(entry.get("qualifier")), text(entry.get("id"))]
        return pairs
    for qualifier, key in (("VP", "vendor_item"), ("BP", "buyer_item"), ("UP", "upc")):
        if line.get(key):
            pairs += [qualifier, text(line[key])]
    if line.get("sku") and not line.get("vendor_item") and not line.get("buyer_item"):
        # A UPC alone would read back as no sku: the sku goes first, as the vendor's part.
        pairs = ["VP", text(line["sku"]), *pairs]
    return pairs


def description(line: Mapping[str, Any]) -> Segments:
    value = text(line.get("description"))
    if not value:
        return []
    # PID05 holds 80 characters; a longer text goes in several PIDs, cut at spaces.
    pieces: list[str] = []
    words = " ".join(value.split())
    while len(words) > 80:
        cut = words.rfind(" ", 0, 81)
        cut = cut if cut > 0 else 80
        pieces.append(words[:cut])
        words = words[cut:].lstrip()
    pieces.append(words)
    return [["PID", "F", "", "", "", piece] for piece in pieces if piece]


def lines_of(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(record.get("lines") or [])
