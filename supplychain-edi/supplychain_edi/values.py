"""Typed values inside normalised records: coded values, dates and numbers.

Every code travels with its meaning and every date with the raw text it came from, so
that a downstream model can trust the ISO value and an auditor can still see the wire.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from supplychain_edi.codes import (
    DATE_QUALIFIERS,
    ENTITY_ROLES,
    PARTY_ID_QUALIFIERS,
    PRODUCT_ID_QUALIFIERS,
    REFERENCE_QUALIFIERS,
    TRANSACTION_SETS,
    UNITS,
)

Coded = dict[str, Any]
DateValue = dict[str, Any]


def coded(code: str, table: Mapping[str, str] | None = None) -> Coded | None:
    """`{"code": ..., "meaning": ...}`, or None when the element is empty.

    An unknown code keeps a null meaning instead of being rejected: partners use
    private codes, and dropping them would lose data.
    """
    if not code:
        return None
    meaning = table.get(code) if table is not None else None
    return {"code": code, "meaning": meaning}


class CodedCache(dict[str, Coded]):
    """`coded(code, table)` for one code list, with each code's dict made once and reused."""

    __slots__ = ("table",)

    def __init__(self, table: Mapping[str, str]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, code: str) -> Coded:
        value = self[code] = {"code": code, "meaning": self.table.get(code)}
        return value


class DateCache(dict[tuple[str, str, str], DateValue]):
    """`date_value(raw_date, raw_time, qualifiers[qualifier])`, keyed by (qualifier,
    raw_date, raw_time), with each date's dict made once and reused.

    For qualified dates only (a DTM with a qualifier and a date or a time).
    """

    __slots__ = ("qualifiers",)

    def __init__(self, qualifiers: CodedCache) -> None:
        super().__init__()
        self.qualifiers = qualifiers

    def __missing__(self, key: tuple[str, str, str]) -> DateValue:
        qualifier, raw_date, raw_time = key
        value = date_value(raw_date, raw_time, self.qualifiers[qualifier])
        self[key] = value  # type: ignore[assignment]
        return value  # type: ignore[return-value]


class SharedCodes:
    """The typed values that the records of one interchange share: code and date dicts.

    A line carries half a dozen `{"code", "meaning"}` dicts (id qualifiers, units, date
    qualifiers, statuses) and a date or two, and the same few codes and dates recur on
    every line, so an interchange's records share one dict per code of each code list and
    one per dated qualifier, the way they already share the interchange's envelope parts.
    Never across interchanges: a caller that edits a record in place reaches no further
    than the records of the same interchange.
    """

    __slots__ = (
        "_lists",
        "date_values",
        "dates",
        "party_ids",
        "product_ids",
        "references",
        "roles",
        "transaction_sets",
        "units",
    )

    def __init__(self) -> None:
        self._lists: dict[int, CodedCache] = {}
        # The lists nearly every set reads, as attributes: no lookup per document.
        self.dates = self.of(DATE_QUALIFIERS)
        self.party_ids = self.of(PARTY_ID_QUALIFIERS)
        self.product_ids = self.of(PRODUCT_ID_QUALIFIERS)
        self.references = self.of(REFERENCE_QUALIFIERS)
        self.roles = self.of(ENTITY_ROLES)
        self.transaction_sets = self.of(TRANSACTION_SETS)
        self.units = self.of(UNITS)
        self.date_values = DateCache(self.dates)

    def of(self, table: Mapping[str, str]) -> CodedCache:
        """The cache for `table`, keyed by its id: the code lists are module constants."""
        cache = self._lists.get(id(table))
        if cache is None:
            cache = self._lists[id(table)] = CodedCache(table)
        return cache


def _two_digit_year(value: int) -> int:
    # X12 ISA09 and EDIFACT format 101 carry YY; the window keeps 1970-2069 unambiguous.
    return 2000 + value if value < 70 else 1900 + value


# Dates, times and numbers repeat heavily within a file (one ship date on every line);
# the parsed forms are immutable, so they are cached.
@lru_cache(maxsize=8192)
def iso_date(raw: str) -> str | None:
    """CCYYMMDD or YYMMDD as YYYY-MM-DD; None when it is not a real calendar date."""
    text = raw.strip()
    try:
        if len(text) >= 8 and text[:8].isdigit():
            day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        elif len(text) == 6 and text.isdigit():
            day = datetime.date(_two_digit_year(int(text[:2])), int(text[2:4]), int(text[4:6]))
        else:
            return None
    except ValueError:
        return None
    return day.isoformat()


@lru_cache(maxsize=4096)
def iso_time(raw: str) -> str | None:
    """HHMM or HHMMSS (decimal seconds dropped) as HH:MM or HH:MM:SS."""
    text = raw.strip()
    if len(text) < 4 or not text[:4].isdigit():
        return None
    hours, minutes = int(text[:2]), int(text[2:4])
    if hours > 24 or minutes > 59:
        return None
    if len(text) >= 6 and text[4:6].isdigit():
        seconds = int(text[4:6])
        if seconds > 59:
            return None
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{hours:02d}:{minutes:02d}"


def date_value(
    raw_date: str,
    raw_time: str = "",
    qualifier: Coded | None = None,
) -> DateValue | None:
    """A date record: ISO date, optional ISO time, the raw text, and what the date means."""
    if not raw_date and not raw_time:
        return None
    raw = raw_date if not raw_time else f"{raw_date} {raw_time}".strip()
    return {
        "date": iso_date(raw_date) if raw_date else None,
        "time": iso_time(raw_time) if raw_time else None,
        "raw": raw,
        "qualifier": qualifier,
    }


def edifact_date_value(
    value: str, format_code: str, qualifier: Coded | None = None
) -> DateValue | None:
    """A DTM C507 value by its 2379 format code (102, 203, 204, 101, 718...)."""
    if not value:
        return None
    fmt = format_code or "102"
    date_part, time_part = value, ""
    if fmt in ("203", "204") and len(value) >= 12:
        date_part, time_part = value[:8], value[8:]
    elif fmt == "718" and "-" in value:
        date_part = value.split("-", 1)[0]  # a period: the record keeps its start
    result = {
        "date": iso_date(date_part) if fmt in ("102", "101", "203", "204", "718") else None,
        "time": iso_time(time_part) if time_part else None,
        "raw": value if fmt == "102" else f"{value}:{fmt}",
        "qualifier": qualifier,
    }
    return result


def decimal_or_none(raw: str) -> Decimal | None:
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# Quantities, prices and counts repeat across lines and documents, and a parsed number
# is immutable, so the parse is cached like the dates above; the bound keeps a
# long-running reader's memory flat.
@lru_cache(maxsize=16384)
def number(raw: str, implied_decimals: int = 0) -> int | float | None:
    """A JSON number from an EDI numeric (N0, N2 or R) element; None when empty or bad.

    Integral values stay ints so that quantities and counts compare exactly.
    """
    if not implied_decimals and len(raw) <= 15:
        # Plain digits with an optional sign and point: float() reads them exactly as
        # Decimal would round them, at a fraction of the cost.
        digits = raw[1:] if raw[:1] == "-" else raw
        if digits.replace(".", "", 1).isdigit() and digits.isascii():
            value = float(raw)
            return int(value) if value.is_integer() else value
    value = decimal_or_none(raw)
    if value is None:
        return None
    if implied_decimals:
        value = value.scaleb(-implied_decimals)
    return to_json_number(value)


def to_json_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def format_number(value: Any, implied_decimals: int = 0) -> str:
    """The shortest EDI text for a JSON number (R type), or N2 text when implied_decimals."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    if implied_decimals:
        return str(int((amount.scaleb(implied_decimals)).to_integral_value()))
    text = format(amount.normalize(), "f")
    return text
