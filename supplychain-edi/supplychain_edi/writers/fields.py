"""Turning record values back into element text, shared by both dialects' writers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from supplychain_edi.values import format_number


class EdiWriteError(ValueError):
    """The record cannot be written as given (a value holds a separator, a required key is
    missing). Raised instead of writing a document the partner would reject or misread."""


def code(value: Any) -> str:
    """A coded value's code; plain strings are accepted as the code itself."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return str(value.get("code") or "")
    return str(value)


def text(value: Any) -> str:
    return "" if value is None else str(value)


def num(value: Any, implied_decimals: int = 0) -> str:
    return format_number(value, implied_decimals) if value is not None else ""


def ccyymmdd(value: Any) -> str:
    """CCYYMMDD from a date record, an ISO string, or raw CCYYMMDD text."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        iso = value.get("date")
        if iso:
            return str(iso).replace("-", "")
        raw = str(value.get("raw") or "")
        return raw.split(" ", 1)[0].split(":", 1)[0]
    return str(value).replace("-", "")[:8]


def hhmm(value: Any) -> str:
    """HHMM (or HHMMSS) from a date record's time, an ISO date-time, or an 'HH:MM' string.

    A plain date ('2026-11-09') has no time, so it gives an empty element rather than the date
    itself in the time position.
    """
    if value is None:
        return ""
    if isinstance(value, Mapping):
        value = value.get("time")
        if not value:
            return ""
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{8}", value):
        return ""
    if "T" in value:
        value = re.split(r"[Z+-]", value.split("T", 1)[1], maxsplit=1)[0].split(".")[0]
    return value.replace(":", "")


def qualifier_of(date: Any, default: str) -> str:
    if isinstance(date, Mapping) and date.get("qualifier"):
        return code(date["qualifier"]) or default
    return default
