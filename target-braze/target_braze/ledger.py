"""The delivery ledger: what was sent, what is pending, and the hashes of delivered attributes.

It lives at `ledger_url` (any SQLAlchemy URL; SQLite by default, PostgreSQL for short-lived
runners). It keeps hashes of message keys and of attribute values, never the values themselves:
message keys name customers, and attributes are personal data.

A record is *pending* from just before its request until Braze answers. A run that dies in
between leaves it pending; the next run finds it *in doubt* and settles it by the `in_doubt`
policy of its kind: `at_most_once` marks it settled (never sent again), `at_least_once` forgets it
(sent again).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from target_braze.kinds import AT_MOST_ONCE

PENDING = "pending"
DELIVERED = "delivered"
IN_DOUBT = "in_doubt"  # settled at most once: never sent again
CHUNK = 400  # keys per IN (...) clause, well under SQLite's variable limit
SQLITE_ATTRIBUTE_UPSERT = (
    "INSERT INTO attribute_hashes (identity_hash, value_hash, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (identity_hash) DO UPDATE SET value_hash = excluded.value_hash, "
    "updated_at = excluded.updated_at"
)
SQLITE_UPSERT = (
    "INSERT INTO deliveries (kind, key_hash, state, run_id, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, key_hash) DO UPDATE SET state = excluded.state, "
    "run_id = excluded.run_id, updated_at = excluded.updated_at"
)

metadata = sa.MetaData()
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("run_id", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
attribute_hashes = sa.Table(
    "attribute_hashes",
    metadata,
    sa.Column("identity_hash", sa.String(64), primary_key=True),
    sa.Column("value_hash", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)


class LedgerBusyError(RuntimeError):
    """Another run holds the ledger."""


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class RunLock:
    """Two runs sharing a ledger must not interleave.

    SQLite: an exclusive `flock` on a file beside the database. PostgreSQL: a session advisory
    lock. Both vanish with the process, so a killed run never blocks the next one.
    """

    ADVISORY_KEY = 0x7462_7261_7A65  # "tbraze"

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._url = url
        self._file: Any = None
        self._connection: sa.Connection | None = None

    def acquire(self) -> None:
        backend = self._url.get_backend_name()
        busy = "Another target-braze run is using this ledger; runs that share one cannot overlap"
        if backend == "sqlite":
            database = self._url.database
            if not database or database == ":memory:":
                return
            import fcntl

            self._file = Path(database + ".lock").open("a")  # noqa: SIM115 - held for the run
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._file.close()
                self._file = None
                raise LedgerBusyError(busy) from None
        elif backend == "postgresql":
            self._connection = self._engine.connect()
            got = self._connection.execute(
                sa.select(sa.func.pg_try_advisory_lock(self.ADVISORY_KEY))
            ).scalar()
            if not got:
                self._connection.close()
                self._connection = None
                raise LedgerBusyError(busy)
        else:
            msg = f"ledger_url: {backend} ledgers are not supported (use SQLite or PostgreSQL)"
            raise LedgerBusyError(msg)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file drops the flock
            self._file = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class Ledger:
    def __init__(self, url: str, run_id: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self._engine = sa.create_engine(parsed)
        if parsed.get_backend_name() == "sqlite":
            sa.event.listen(self._engine, "connect", _sqlite_pragmas)
        self._run_id = run_id
        self._lock = threading.Lock()  # SQLite has one writer; serialising here avoids busy errors
        self._upsert = _upsert_statement(parsed.get_backend_name())
        self._sqlite = parsed.get_backend_name() == "sqlite"
        self._run_lock = RunLock(self._engine, parsed)
        try:
            self._run_lock.acquire()
        except BaseException:
            self._engine.dispose()  # its pooled connections must not outlive a refused run
            raise
        metadata.create_all(self._engine)

    def close(self) -> None:
        self._run_lock.release()
        self._engine.dispose()

    # In doubt -------------------------------------------------------------------------------

    def settle_in_doubt(self, policies: dict[str, str]) -> dict[str, int]:
        """Count what earlier runs left pending, and settle it by each kind's policy."""
        with self._lock, self._engine.begin() as connection:
            rows = connection.execute(
                sa.select(deliveries.c.kind, sa.func.count())
                .where(deliveries.c.state == PENDING)
                .group_by(deliveries.c.kind)
            ).all()
            counts = {kind: int(count) for kind, count in rows}
            for kind in counts:
                pending = (deliveries.c.kind == kind) & (deliveries.c.state == PENDING)
                if policies.get(kind) == AT_MOST_ONCE:
                    connection.execute(
                        deliveries.update()
                        .where(pending)
                        .values(state=IN_DOUBT, run_id=self._run_id, updated_at=time.time())
                    )
                else:
                    connection.execute(deliveries.delete().where(pending))
        return counts

    # Keys -----------------------------------------------------------------------------------

    def settled(self, kind: str, key_hashes: Iterable[str]) -> set[str]:
        """Keys never to send again: delivered, or settled in doubt at most once."""
        wanted = list(dict.fromkeys(key_hashes))
        found: set[str] = set()
        with self._engine.connect() as connection:
            for chunk in _chunks(wanted):
                found.update(
                    connection.execute(
                        sa.select(deliveries.c.key_hash).where(
                            (deliveries.c.kind == kind)
                            & deliveries.c.key_hash.in_(chunk)
                            & deliveries.c.state.in_((DELIVERED, IN_DOUBT))
                        )
                    ).scalars()
                )
        return found

    def _set_state(self, kind: str, key_hashes: list[str], state: str) -> None:
        if not key_hashes:
            return
        now = time.time()
        unique = dict.fromkeys(key_hashes)
        with self._lock, self._engine.begin() as connection:
            if self._sqlite:
                # The DB-API's executemany: SQLAlchemy's per-row parameter handling costs more
                # than SQLite itself, twice per request.
                rows = [(kind, key, state, self._run_id, now) for key in unique]
                connection.exec_driver_sql(SQLITE_UPSERT, rows)
            else:
                rows_by_name = [
                    {
                        "kind": kind,
                        "key_hash": key,
                        "state": state,
                        "run_id": self._run_id,
                        "updated_at": now,
                    }
                    for key in unique
                ]
                connection.execute(self._upsert, rows_by_name)

    def mark_pending(self, kind: str, key_hashes: list[str]) -> None:
        self._set_state(kind, key_hashes, PENDING)

    def mark_delivered(self, kind: str, key_hashes: list[str]) -> None:
        self._set_state(kind, key_hashes, DELIVERED)

    def mark_in_doubt(self, kind: str, key_hashes: list[str]) -> None:
        self._set_state(kind, key_hashes, IN_DOUBT)

    def forget(self, kind: str, key_hashes: list[str]) -> None:
        """Braze refused the request outright: nothing was delivered, the keys may be sent again."""
        if not key_hashes:
            return
        with self._lock, self._engine.begin() as connection:
            for chunk in _chunks(key_hashes):
                connection.execute(
                    deliveries.delete().where(
                        (deliveries.c.kind == kind) & deliveries.c.key_hash.in_(chunk)
                    )
                )

    # Attribute hashes -----------------------------------------------------------------------

    def attribute_hashes(self, identity_hashes: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(identity_hashes))
        found: dict[str, str] = {}
        with self._engine.connect() as connection:
            for chunk in _chunks(wanted):
                found.update(
                    connection.execute(
                        sa.select(
                            attribute_hashes.c.identity_hash, attribute_hashes.c.value_hash
                        ).where(attribute_hashes.c.identity_hash.in_(chunk))
                    ).all()
                )
        return found

    def store_attribute_hashes(self, hashes: dict[str, str]) -> None:
        if not hashes:
            return
        now = time.time()
        with self._lock, self._engine.begin() as connection:
            if self._sqlite:
                rows = [(identity, value, now) for identity, value in hashes.items()]
                connection.exec_driver_sql(SQLITE_ATTRIBUTE_UPSERT, rows)
                return
            for chunk in _chunks(list(hashes)):
                connection.execute(
                    attribute_hashes.delete().where(attribute_hashes.c.identity_hash.in_(chunk))
                )
            connection.execute(
                attribute_hashes.insert(),
                [
                    {"identity_hash": identity, "value_hash": value, "updated_at": now}
                    for identity, value in hashes.items()
                ],
            )


def _upsert_statement(backend: str) -> sa.Executable:
    """One statement per request and state: the ledger sits on the hot path of every request."""
    if backend == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif backend == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        msg = f"ledger_url: {backend} ledgers are not supported (use SQLite or PostgreSQL)"
        raise LedgerBusyError(msg)
    statement = insert(deliveries)
    return statement.on_conflict_do_update(
        index_elements=[deliveries.c.kind, deliveries.c.key_hash],
        set_={
            "state": statement.excluded.state,
            "run_id": statement.excluded.run_id,
            "updated_at": statement.excluded.updated_at,
        },
    )


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL with NORMAL sync survives a killed process (the crash the ledger is for) and keeps
    # two commits per request cheap; busy_timeout covers the second run probing the lock.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class NullLedger:
    """The ledger of a dry run: remembers nothing, so a dry run changes nothing."""

    def close(self) -> None:
        pass

    def settle_in_doubt(self, policies: dict[str, str]) -> dict[str, int]:
        return {}

    def settled(self, kind: str, key_hashes: Iterable[str]) -> set[str]:
        return set()

    def mark_pending(self, kind: str, key_hashes: list[str]) -> None:
        pass

    def mark_delivered(self, kind: str, key_hashes: list[str]) -> None:
        pass

    def mark_in_doubt(self, kind: str, key_hashes: list[str]) -> None:
        pass

    def forget(self, kind: str, key_hashes: list[str]) -> None:
        pass

    def attribute_hashes(self, identity_hashes: Iterable[str]) -> dict[str, str]:
        return {}

    def store_attribute_hashes(self, hashes: dict[str, str]) -> None:
        pass
