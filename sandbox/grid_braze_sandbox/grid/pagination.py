"""Cursor pagination over `(updatedAt, id)` with a server-side `updatedSince` (reference §2.5).

The answer is Orderful's shape: `{"data": [...], "metadata": {"pagination": {"next": url}}}`. The
cursor is opaque to clients; it is the last `(updatedAt, id)` served, so records changed while a
client pages move behind it and are picked up by the next incremental run, never served twice in
one walk.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.store import Record, Store, format_stamp
from grid_braze_sandbox.timefmt import parse_time


def encode_cursor(updated_at: str, key: str) -> str:
    raw = json.dumps([updated_at, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error) as error:
        raise GridError(400, "invalid_cursor", "the cursor is not one this API issued") from error
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise GridError(400, "invalid_cursor", "the cursor is not one this API issued")
    return value[0], value[1]


def page_limit(args: MultiDict[str, str], default: int, maximum: int) -> int:
    raw = args.get("limit")
    if raw is None:
        return default
    try:
        limit = int(raw)
    except ValueError as error:
        raise GridError(400, "invalid_parameter", "limit must be an integer") from error
    if not 1 <= limit <= maximum:
        raise GridError(400, "invalid_parameter", f"limit must be between 1 and {maximum}")
    return limit


def updated_since(args: MultiDict[str, str]) -> str | None:
    raw = args.get("updatedSince")
    if raw is None:
        return None
    moment = parse_time(raw)
    if moment is None:
        raise GridError(400, "invalid_parameter", "updatedSince must be an ISO-8601 time")
    return format_stamp(moment)


def list_page(
    store: Store,
    kind: str,
    id_field: str,
    args: MultiDict[str, str],
    url: str,
    predicate: Callable[[Record], bool],
    *,
    default_limit: int,
    max_limit: int,
    shape: Callable[[Record], Record] | None = None,
) -> dict[str, Any]:
    limit = page_limit(args, default_limit, max_limit)
    since = updated_since(args)
    cursor = args.get("cursor")
    if cursor:
        start, inclusive = decode_cursor(cursor), False
    elif since is not None:
        start, inclusive = (since, ""), True
    else:
        start, inclusive = None, True

    def matches(record: Record) -> bool:
        if since is not None and record["updatedAt"] < since:
            return False
        return predicate(record)

    rows, more = store.page(kind, start=start, inclusive=inclusive, predicate=matches, limit=limit)
    next_url = None
    if more and rows:
        last = rows[-1]
        query = [(k, v) for k, v in args.items(multi=True) if k != "cursor"]
        query.append(("cursor", encode_cursor(last["updatedAt"], last[id_field])))
        next_url = f"{url}?{urlencode(query)}"
    data = [shape(r) for r in rows] if shape else rows
    return {"data": data, "metadata": {"pagination": {"next": next_url, "limit": limit}}}
