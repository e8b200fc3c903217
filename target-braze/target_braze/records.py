"""Turning Singer records into JSON for Braze, and the hashes the ledger keeps instead of data."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from target_braze.kinds import NEVER_SENT_COLUMNS


def _encode_other(value: Any) -> Any:
    # msgspec encodes datetimes, dates, times and Decimals itself; anything else is an error,
    # as with the json module.
    msg = f"Object of type {type(value).__name__} is not JSON serializable"
    raise TypeError(msg)


# msgspec encodes several times faster than the json module, on the path of every record (the
# attribute hashes) and of every request (the bodies). Decimals (the SDK's reader parses every
# JSON number with a fraction into one) are written as the number they hold; aware datetimes
# in RFC 3339, UTC as "Z". The sinks make naive datetimes UTC before they get here (see
# BrazeSink._parse_timestamps_in_record).
_ENCODER = msgspec.json.Encoder(enc_hook=_encode_other, decimal_format="number")
_SORTED_ENCODER = msgspec.json.Encoder(
    enc_hook=_encode_other, decimal_format="number", order="sorted"
)


def encode(value: Any) -> bytes:
    """Compact JSON as UTF-8 bytes, with dates as ISO-8601."""
    return _ENCODER.encode(value)


def dumps(value: Any) -> str:
    """Compact JSON, with dates as ISO-8601."""
    return _ENCODER.encode(value).decode()


def digest(value: Any) -> str:
    """A stable hash of any JSON value: key order does not matter."""
    return hashlib.sha256(_SORTED_ENCODER.encode(value)).hexdigest()


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
