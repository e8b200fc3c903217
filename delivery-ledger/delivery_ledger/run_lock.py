"""One run per scope at a time, released by the operating system or the server when a run dies.

A run killed with SIGKILL must not block the rerun that follows it, so the lock is never a row
that someone has to clean up: SQLite ledgers take an advisory lock on a file beside the
database, and Postgres ledgers take an advisory lock held by the run's own connection. Other
databases fall back to a holder row, taken over when its process on this host is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, text

from delivery_ledger.schema import run_holders


class LedgerBusyError(RuntimeError):
    """Another run holds the ledger for this scope."""


def _busy(scope: str, holder: str = "another run") -> LedgerBusyError:
    return LedgerBusyError(
        f"The delivery ledger for {scope!r} is in use by {holder}. Two runs that share a ledger "
        "cannot overlap, as their records cannot interleave; wait for the other run to finish."
    )


@contextlib.contextmanager
def exclusive_run(engine: Engine, scope: str) -> Iterator[None]:
    """Hold the scope's run lock for the duration of the block."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with _file_lock(Path(engine.url.database), scope):
            yield
    elif engine.dialect.name == "postgresql":
        with _advisory_lock(engine, scope):
            yield
    else:
        with _holder_row(engine, scope):
            yield


@contextlib.contextmanager
def _file_lock(database: Path, scope: str) -> Iterator[None]:
    suffix = hashlib.sha256(scope.encode()).hexdigest()[:16]
    lock_file = database.with_name(f"{database.name}.{suffix}.run-lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(scope) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _advisory_lock(engine: Engine, scope: str) -> Iterator[None]:
    key = int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big", signed=True)
    with engine.connect() as connection:
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        if not taken:
            raise _busy(scope)
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()


@contextlib.contextmanager
def _holder_row(engine: Engine, scope: str) -> Iterator[None]:
    me = f"{socket.gethostname()}:{os.getpid()}"
    with engine.begin() as connection:
        row = connection.execute(
            select(run_holders.c.holder).where(run_holders.c.scope == scope)
        ).first()
        if row is not None:
            if _holder_alive(row.holder):
                raise _busy(scope, row.holder)
            connection.execute(delete(run_holders).where(run_holders.c.scope == scope))
        connection.execute(
            insert(run_holders).values(scope=scope, holder=me, acquired_at=dt.datetime.now(dt.UTC))
        )
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(
                delete(run_holders).where(run_holders.c.scope == scope, run_holders.c.holder == me)
            )


def _holder_alive(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname():
        return True  # cannot tell from here: assume it runs
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True
