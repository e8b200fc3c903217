"""The personal-field guard: nothing that looks like a person leaves for a partner (DESIGN §7).

The marts already aggregate and scrub; this is the last check before a partner sees a value,
so it errs on the side of refusing. A field it refuses by mistake can be let through with
`allowed_personal_fields`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Formatted phone numbers only: a bare run of digits is far more often a PO number, a GTIN
# or a control number than a phone number, and those must pass.
PHONE = re.compile(
    r"(?<![\w])(?:"
    r"\+\d[\d ().-]{6,}\d"  # +44 20 7946 0958, +1-555-123-4567
    r"|\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}"  # (555) 123-4567
    r"|\d{3}[.-]\d{3}[.-]\d{4}"  # 555-123-4567, 555.123.4567
    r"|\d{3} \d{3} \d{4}"  # 555 123 4567
    r")(?![\w])"
)
# Braze user ids are 24-character hexadecimal object ids.
BRAZE_ID = re.compile(r"(?<![0-9A-Fa-f])[0-9a-f]{24}(?![0-9A-Fa-f])")

# Field names that hold a person, whatever their value looks like.
PERSONAL_NAME = re.compile(
    r"(?:^|_)(?:e_?mail|phone|mobile|telephone|fax|first_?name|last_?name|full_?name|"
    r"given_?name|family_?name|surname|customer_?name|contact_?name|person|name|"
    r"braze_?id|external_?id|user_?id|customer_?id|birth_?date|date_?of_?birth|dob|"
    r"street|address_?line|postal_?address|home_?address|ip_?address)$",
    re.IGNORECASE,
)


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from _walk(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child, path)


def personal_findings(record: Mapping[str, Any], allowed_fields: Iterable[str] = ()) -> list[str]:
    """Why the record looks personal: one reason per field, empty when it does not.

    A field is named by its dotted path (`contact.email`); allowing a field allows everything
    under it. Null and empty values are never personal.
    """
    allowed = set(allowed_fields)
    reasons: list[str] = []
    flagged: set[str] = set()
    for path, value in _walk(record, ""):
        if not path or value is None or value == "" or path in flagged:
            continue
        if any(path == a or path.startswith(a + ".") for a in allowed):
            continue
        leaf = path.rsplit(".", 1)[-1]
        if PERSONAL_NAME.search(leaf) and not isinstance(value, (Mapping, bool)):
            reasons.append(f"field {path!r} is named like personal data")
            flagged.add(path)
            continue
        if not isinstance(value, str):
            continue
        for pattern, what in (
            (EMAIL, "an email address"),
            (PHONE, "a phone number"),
            (BRAZE_ID, "a Braze id"),
        ):
            if pattern.search(value):
                reasons.append(f"field {path!r} holds what looks like {what}")
                flagged.add(path)
                break
    return reasons
