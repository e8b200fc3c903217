"""Segments every EDIFACT message writer shares: DTM, RFF, NAD, LIN/PIA/IMD, QTY, BGM."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from supplychain_edi.writers.fields import ccyymmdd, code, hhmm, num, text

Element = str | list[str]
Segments = list[list[Element]]


def dtm(qualifier: str, value: Any) -> list[Element]:
    day, time = ccyymmdd(value), hhmm(value)
    if time:
        return ["DTM", [qualifier, day + time[:4], "203"]]
    return ["DTM", [qualifier, day, "102"]]


def dates(values: Mapping[str, Any] | None, skip: Iterable[str] = ()) -> Segments:
    skipped = set(skip)
    return [dtm(q, v) for q, v in (values or {}).items() if v and q not in skipped]


def references(refs: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for qualifier, ref in (refs or {}).items():
        value = text(ref.get("value") if isinstance(ref, Mapping) else ref)
        extra = text(ref.get("description")) if isinstance(ref, Mapping) else ""
        out.append(["RFF", [qualifier, value, extra]])
    return out


def parties(found: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for role, party in (found or {}).items():
        out.append(
            [
                "NAD",
                role,
                [text(party.get("id")), "", code(party.get("id_qualifier"))],
                "",
                text(party.get("name")),
                text(party.get("street")),
                text(party.get("city")),
                text(party.get("region")),
                text(party.get("postal_code")),
                text(party.get("country")),
            ]
        )
    return out


def lin(line: Mapping[str, Any], number: int) -> Segments:
    """LIN with the first item id, PIA with the rest (five per PIA)."""
    ids = [(code(e.get("qualifier")), text(e.get("id"))) for e in line.get("product_ids") or []]
    if not ids:
        for qualifier, key in (("SA", "vendor_item"), ("IN", "buyer_item"), ("UP", "upc")):
            if line.get(key):
                ids.append((qualifier, text(line[key])))
        if not ids and line.get("sku"):
            ids.append(("SA", text(line["sku"])))
    head: list[Element] = ["LIN", text(line.get("line_number")) or str(number), ""]
    if ids:
        head.append([ids[0][1], ids[0][0]])
    out: Segments = [head]
    rest = ids[1:]
    for start in range(0, len(rest), 5):
        out.append(
            ["PIA", "1", *[[value, qualifier] for qualifier, value in rest[start : start + 5]]]
        )
    if line.get("description"):
        out += description(text(line["description"]))
    return out


def description(value: str) -> Segments:
    words = " ".join(value.split())
    pieces: list[str] = []
    while len(words) > 35:
        cut = words.rfind(" ", 0, 36)
        cut = cut if cut > 0 else 35
        pieces.append(words[:cut])
        words = words[cut:].lstrip()
    pieces.append(words)
    return [["IMD", "F", "", ["", "", "", piece]] for piece in pieces if piece]


def qty(qualifier: str, value: Any, unit: Any) -> list[Element]:
    return ["QTY", [qualifier, num(value), code(unit)]]


# The normalised model keeps a document's purpose as its partner sent it; an X12 purpose code
# (BEG01, BSS01, BIA01…) becomes the EDIFACT message function (1225) that means the same.
X12_PURPOSE_TO_MESSAGE_FUNCTION = {
    "00": "9",  # original
    "01": "1",  # cancellation
    "04": "4",  # change
    "05": "5",  # replace
    "06": "6",  # confirmation
    "07": "7",  # duplicate
}


def bgm(document: str, number: Any, function: Any = "9", response: Any = "") -> list[Element]:
    function_code = code(function) or "9"
    function_code = X12_PURPOSE_TO_MESSAGE_FUNCTION.get(function_code, function_code)
    return ["BGM", document, text(number), function_code, code(response)]


def lines_of(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(record.get("lines") or [])
