"""Open the DuckDB warehouse file with errors a person can act on."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

# DuckDB allows one writer per file, and a read-only reader blocks the writer too. Its own
# message ("Could not set lock on file ... Conflicting lock is held in ... (PID 123)") is
# accurate but does not say what to do, so it is wrapped.
_LOCK_MESSAGE = re.compile(r"Could not set lock on file|Conflicting lock", re.IGNORECASE)
_PID = re.compile(r"PID (\d+)")


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file."""


def open_warehouse(
    path: str | Path,
    *,
    read_only: bool,
    settings: dict[str, str] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse file, creating its folder when writing.

    Args:
        path: The DuckDB file.
        read_only: Open without taking the write lock (readers still block writers).
        settings: DuckDB settings such as ``memory_limit``. TimeZone is always UTC, so that
            timestamps come back in UTC whatever the machine's zone.

    Returns:
        An open connection.

    Raises:
        WarehouseBusyError: Another process holds the file.
        FileNotFoundError: Reading a file that does not exist.
    """
    path = Path(path)
    if read_only and not path.exists():
        msg = f"Warehouse file {path} does not exist; run a job that loads it first."
        raise FileNotFoundError(msg)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if not _LOCK_MESSAGE.search(str(exc)):
            raise
        holder = _PID.search(str(exc))
        who = f"process {holder.group(1)}" if holder else "another process"
        msg = (
            f"The warehouse file {path} is in use by {who}. DuckDB allows one writer per "
            "file and readers block it, so another job or a DuckDB session is still running. "
            "Wait for it to finish, or keep schedules from overlapping."
        )
        raise WarehouseBusyError(msg) from None
    # Applied after connecting: TimeZone needs ICU, which is only loaded by then.
    for name, value in {"TimeZone": "UTC", **(settings or {})}.items():
        connection.execute(f"SET {quote_identifier(name)} = {quote_literal(value)}")
    return connection


def quote_identifier(name: str) -> str:
    """Quote a DuckDB identifier, escaping embedded quotes."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Quote a DuckDB string literal."""
    return "'" + str(value).replace("'", "''") + "'"
