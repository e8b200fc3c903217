"""Turning Singer records into JSON for Braze, and the hashes the ledger keeps instead of data."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from typing import Any

from target_braze.kinds import NEVER_SENT_COLUMNS


def _json_default(value: Any) -> Any:
    # The SDK parses top-level date-time columns into datetime objects; Braze wants ISO-8601.
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    msg = f"Object of type {type(value).__name__} is not JSON serializable"
    raise TypeError(msg)


def dumps(value: Any) -> str:
    """Compact JSON, with dates as ISO-8601."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def jsonable(value: Any) -> Any:
    """The value as plain JSON types (dates become strings)."""
    return json.loads(dumps(value))


def digest(value: Any) -> str:
    """A stable hash of any JSON value: key order does not matter."""
    text = json.dumps(
        value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(text.encode()).hexdigest()


def braze_fields(
    record: dict[str, Any],
    message_key_field: str,
    *,
    drop: frozenset[str] = frozenset(),
    keep_nulls: bool = False,
) -> dict[str, Any]:
    """The record without the columns Braze never sees.

    Nulls are dropped unless `keep_nulls`: in an attribute update a null removes the attribute,
    elsewhere a null column only means the value is absent.
    """
    # Inlined rather than calling is_never_sent per column: this runs for every record.
    hidden = NEVER_SENT_COLUMNS | drop | {message_key_field}
    if keep_nulls:
        return {c: v for c, v in record.items() if c not in hidden and c[:1] != "_"}
    return {c: v for c, v in record.items() if v is not None and c not in hidden and c[:1] != "_"}
