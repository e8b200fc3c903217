"""Ledger and LedgerRun: what a target asks before and after each request."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import make_url

from delivery_ledger import schema
from delivery_ledger.run_lock import LedgerBusyError, exclusive_run

__all__ = ["InDoubtPolicy", "Ledger", "LedgerBusyError", "LedgerRun"]

InDoubtPolicy = Literal["at_most_once", "at_least_once"]
POLICIES: tuple[InDoubtPolicy, ...] = ("at_most_once", "at_least_once")
PENDING = "pending"
DELIVERED = "delivered"
UNCONFIRMED = "unconfirmed"  # may have reached the destination; never sent again
SETTLED = (DELIVERED, UNCONFIRMED)
# SQLite caps the variables of one statement; IN lists go in chunks below that.
_CHUNK = 500
# A key is usually looked up, marked pending and marked delivered within one batch: its digest
# is computed once. Bounded, so a long run does not keep every key it has seen.
_CACHED_DIGESTS = 1 << 16


def key_digest(scope: str, key: str) -> str:
    """What the ledger stores instead of a key: keys can carry customer ids.

    The first 128 bits of SHA-256 (32 hex digits): two keys would collide only among some 2^64
    of them, and the shorter index keeps every upsert cheaper.
    """
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _check_policy(policy: object) -> None:
    if policy not in POLICIES:
        msg = f"in-doubt policy must be at_most_once or at_least_once, not {policy!r}"
        raise ValueError(msg)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL: readers never wait for the writer, so a run's threads can look up keys while another
    # thread commits. NORMAL: a commit survives a killed process (the crash the ledger is for)
    # without an fsync per commit; a power cut may lose the last ones (use Postgres for that).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Ledger:
    """A ledger at a SQLAlchemy URL (SQLite by default, Postgres for short-lived runners)."""

    def __init__(self, url: str, scope: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.scope = scope
        self.engine: Engine = create_engine(parsed)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        schema.metadata.create_all(self.engine)

    @contextlib.contextmanager
    def run(self) -> Iterator[LedgerRun]:
        """The ledger for one run; a second run of the same scope meanwhile is refused."""
        try:
            with exclusive_run(self.engine, self.scope):
                yield LedgerRun(self.engine, self.scope)
        finally:
            self.engine.dispose()  # a run is a process's whole use of the ledger

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


class _Upsert:
    """Insert rows, or update the rows their primary key already names.

    SQLite and Postgres get one `INSERT … ON CONFLICT DO UPDATE`, compiled once and handed to
    the driver's executemany: the ledger sits on the path of every request, and per-row
    parameter handling would cost more than the database. Other databases delete and insert in
    one transaction.
    """

    def __init__(self, engine: Engine, table: Table, columns: tuple[str, ...]) -> None:
        self._table = table
        self._columns = columns
        self._keys = [c.name for c in table.primary_key.columns]
        dialect = engine.dialect
        self._timestamp = table.c.updated_at.type.dialect_impl(dialect).bind_processor(dialect)
        self._sql: str | None = None
        self._positional = True
        if dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            return
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=self._keys,
            set_={c: statement.excluded[c] for c in columns if c not in self._keys},
        )
        compiled = statement.compile(dialect=dialect, column_keys=list(columns))
        self._sql = compiled.string
        self._positional = compiled.positional
        if self._positional and tuple(compiled.positiontup or ()) != columns:
            msg = f"unexpected parameter order {compiled.positiontup} for {table.name}"
            raise RuntimeError(msg)

    def _named(self, row: tuple[Any, ...]) -> dict[str, Any]:
        return dict(zip(self._columns, row, strict=True))

    def now(self) -> Any:
        """The time to write as ``updated_at``, as the statement below expects it."""
        now = dt.datetime.now(dt.UTC)
        if self._sql is None or self._timestamp is None:
            return now
        return self._timestamp(now)

    def execute(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Write rows given as tuples in ``columns`` order, their time from `now`."""
        if not rows:
            return
        if self._sql is not None:
            params = (
                rows
                if self._positional
                else [dict(zip(self._columns, r, strict=True)) for r in rows]
            )
            connection.exec_driver_sql(self._sql, params)
            return
        # Delete and insert: rows of one call share every key column but the last.
        fixed = self._named(rows[0])
        last = self._keys[-1]
        position = self._columns.index(last)
        table = self._table
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            connection.execute(
                delete(table).where(
                    *(table.c[k] == fixed[k] for k in self._keys[:-1]),
                    table.c[last].in_([r[position] for r in chunk]),
                )
            )
            connection.execute(
                table.insert(), [dict(zip(self._columns, r, strict=True)) for r in chunk]
            )


class LedgerRun:
    """Bookkeeping for one run. Records left pending by an earlier run are in doubt.

    A run may be shared by threads: writes take turns (one transaction at a time, which also
    keeps SQLite free of lock errors), and reads go on beside them.
    """

    def __init__(self, engine: Engine, scope: str) -> None:
        self._engine = engine
        self.scope = scope
        self._writing = threading.Lock()
        self._local = threading.local()  # the transaction this thread has open, if any
        self._digest = functools.lru_cache(maxsize=_CACHED_DIGESTS)(
            functools.partial(key_digest, scope)
        )
        self._deliveries = _Upsert(
            engine, schema.deliveries, ("scope", "kind", "key_digest", "state", "updated_at")
        )
        self._contents = _Upsert(
            engine, schema.digests, ("scope", "key_digest", "content_digest", "updated_at")
        )
        # Lookups run for every batch of keys. Built once with an expanding parameter, they
        # compile once; an IN list of literals would coerce each key on every call.
        digests = bindparam("digests", expanding=True)
        d = schema.deliveries.c
        self._settled_any = select(d.key_digest).where(
            d.scope == bindparam("scope"), d.state.in_(SETTLED), d.key_digest.in_(digests)
        )
        self._settled_of_kind = self._settled_any.where(d.kind == bindparam("kind"))
        c = schema.digests.c
        self._remembered = select(c.key_digest, c.content_digest).where(
            c.scope == bindparam("scope"), c.key_digest.in_(digests)
        )
        # SQLite: plain SQL, handed to the driver as it is. Even an expanding parameter makes
        # SQLAlchemy name and render a parameter per key on every call.
        self._sqlite = engine.dialect.name == "sqlite"
        settled = ", ".join(f"'{state}'" for state in SETTLED)
        self._sqlite_settled = (
            f"SELECT key_digest FROM {schema.deliveries.name} WHERE scope = ? "
            f"AND state IN ({settled}) {{kind}}AND key_digest IN ({{marks}})"
        )
        self._sqlite_remembered = (
            f"SELECT key_digest, content_digest FROM {schema.digests.name} WHERE scope = ? "
            "AND key_digest IN ({marks})"
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make the writes of this thread inside the block one transaction, committed at its
        end (one commit instead of one per call); other threads' writes wait for it. Reads
        inside the block see the ledger as it was before it."""
        if getattr(self._local, "connection", None) is not None:
            yield  # part of the transaction already open
            return
        with self._writing, self._engine.begin() as connection:
            self._local.connection = connection
            try:
                yield
            finally:
                self._local.connection = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection to write with: this thread's open transaction, or a new one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            yield connection
            return
        with self._writing, self._engine.begin() as connection:
            yield connection

    def _digests(self, keys: Iterable[str]) -> dict[str, str]:
        digest = self._digest
        return {digest(key): key for key in keys}

    # Deliveries. Each kind has its own key space; without a kind, a query covers every kind.

    def delivered(self, keys: Iterable[str], kind: str | None = None) -> set[str]:
        """The keys, among these, never to send again: delivered, or unconfirmed."""
        by_digest = self._digests(keys)
        if not by_digest:
            return set()
        statement = self._settled_any if kind is None else self._settled_of_kind
        found: set[str] = set()
        with self._engine.connect() as connection:
            for chunk in _chunks(list(by_digest)):
                if self._sqlite:
                    sql = self._sqlite_settled.format(
                        kind="" if kind is None else "AND kind = ? ",
                        marks=", ".join("?" * len(chunk)),
                    )
                    fixed = (self.scope,) if kind is None else (self.scope, kind)
                    rows = connection.exec_driver_sql(sql, (*fixed, *chunk))
                else:
                    rows = connection.execute(
                        statement, {"scope": self.scope, "kind": kind, "digests": chunk}
                    )
                found.update(by_digest[digest] for digest in rows.scalars())
        return found

    def mark_pending(self, keys: Iterable[str], kind: str = "") -> None:
        """Record that a request is about to carry these keys."""
        self._set_state(keys, PENDING, kind)

    def mark_delivered(self, keys: Iterable[str], kind: str = "") -> None:
        """Record that the destination accepted these keys."""
        self._set_state(keys, DELIVERED, kind)

    def mark_unconfirmed(self, keys: Iterable[str], kind: str = "") -> None:
        """Record that these keys' request may have reached the destination, and that they are
        never to be sent again (at most once, when the answer was lost)."""
        self._set_state(keys, UNCONFIRMED, kind)

    def forget(self, keys: Iterable[str], kind: str | None = None) -> None:
        """Drop these keys (of one kind, or of every kind): their request failed for sure, so
        they may be sent again."""
        digests = list(self._digests(keys))
        condition = [schema.deliveries.c.scope == self.scope]
        if kind is not None:
            condition.append(schema.deliveries.c.kind == kind)
        with self._write() as connection:
            for chunk in _chunks(digests):
                connection.execute(
                    delete(schema.deliveries).where(
                        *condition, schema.deliveries.c.key_digest.in_(chunk)
                    )
                )

    def _set_state(self, keys: Iterable[str], state: str, kind: str) -> None:
        digest = self._digest
        now = self._deliveries.now()
        scope = self.scope
        rows = [(scope, kind, d, state, now) for d in dict.fromkeys(map(digest, keys))]
        if not rows:
            return
        with self._write() as connection:
            self._deliveries.execute(connection, rows)

    # In doubt: pending when the run started, because the run that sent them died.

    def in_doubt(self, kind: str | None = None) -> int:
        """How many records an earlier run left pending (of one kind, or all)."""
        query = select(func.count()).where(
            schema.deliveries.c.scope == self.scope, schema.deliveries.c.state == PENDING
        )
        if kind is not None:
            query = query.where(schema.deliveries.c.kind == kind)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def resolve_in_doubt(self, policy: InDoubtPolicy, kind: str | None = None) -> int:
        """Settle records left pending (of one kind, or all): at most once never sends them
        again (they are kept as unconfirmed); at least once forgets them (they are sent again).
        Returns how many."""
        _check_policy(policy)
        with self._write() as connection:
            return self._settle(connection, policy, kind)

    def settle_in_doubt(
        self, policies: Mapping[str, InDoubtPolicy], default: InDoubtPolicy | None = None
    ) -> dict[str, int]:
        """Settle every record left pending, each kind by its policy in ``policies`` (or by
        ``default``), in one transaction. Returns how many of each kind were in doubt.

        A kind in doubt with no policy and no default is an error, and nothing is settled.
        """
        for policy in policies.values():
            _check_policy(policy)
        if default is not None:
            _check_policy(default)
        pending = (schema.deliveries.c.scope == self.scope, schema.deliveries.c.state == PENDING)
        with self._write() as connection:
            rows = connection.execute(
                select(schema.deliveries.c.kind, func.count())
                .where(*pending)
                .group_by(schema.deliveries.c.kind)
            ).all()
            counts = {kind: int(count) for kind, count in rows}
            unsettled = sorted(k for k in counts if k not in policies and default is None)
            if unsettled:
                msg = f"no in-doubt policy for kind(s) {', '.join(map(repr, unsettled))}"
                raise ValueError(msg)
            for kind in counts:
                self._settle(connection, policies.get(kind, default), kind)  # type: ignore[arg-type]
        return counts

    def _settle(self, connection: Connection, policy: InDoubtPolicy, kind: str | None) -> int:
        condition = [schema.deliveries.c.scope == self.scope, schema.deliveries.c.state == PENDING]
        if kind is not None:
            condition.append(schema.deliveries.c.kind == kind)
        if policy == "at_most_once":
            result = connection.execute(
                update(schema.deliveries)
                .where(*condition)
                .values(state=UNCONFIRMED, updated_at=dt.datetime.now(dt.UTC))
            )
        else:
            result = connection.execute(delete(schema.deliveries).where(*condition))
        return result.rowcount

    # Content digests: skip what has not changed since it was last delivered.

    def unchanged(self, key: str, digest: str) -> bool:
        """Whether ``key`` was last delivered with this very content."""
        return key in self.unchanged_many({key: digest})

    def unchanged_many(self, contents: dict[str, str]) -> set[str]:
        """The keys whose content digest equals the one last remembered."""
        remembered = self.remembered(contents)
        return {key for key, digest in remembered.items() if contents[key] == digest}

    def remembered(self, keys: Iterable[str]) -> dict[str, str]:
        """The content digest last remembered for each of these keys that has one."""
        by_digest = self._digests(keys)
        found: dict[str, str] = {}
        if not by_digest:
            return found
        with self._engine.connect() as connection:
            for chunk in _chunks(list(by_digest)):
                rows = connection.execute(self._remembered, {"scope": self.scope, "digests": chunk})
                for key, content in rows:
                    found[by_digest[key]] = content
        return found

    def remember(self, key: str, digest: str) -> None:
        """Remember the content digest a key was delivered with."""
        self.remember_many({key: digest})

    def remember_many(self, contents: Mapping[str, str]) -> None:
        """Remember content digests after their delivery."""
        if not contents:
            return
        digest = self._digest
        now = self._contents.now()
        scope = self.scope
        rows = [(scope, digest(key), content, now) for key, content in contents.items()]
        with self._write() as connection:
            self._contents.execute(connection, rows)

    # Counters: control numbers that are never handed out twice.

    def number_for(self, key: str, counter: str, start: int = 1, maximum: int = 999_999_999) -> int:
        """The number ``key`` holds in ``counter``, assigning the next one the first time.

        The same key keeps its number, so retrying an undelivered interchange sends the same
        bytes; a new key never gets a number that was handed out before.
        """
        digest = self._digest(key)
        with self._write() as connection:
            assigned = connection.execute(
                select(schema.assigned_numbers.c.number).where(
                    schema.assigned_numbers.c.scope == self.scope,
                    schema.assigned_numbers.c.counter == counter,
                    schema.assigned_numbers.c.key_digest == digest,
                )
            ).scalar()
            if assigned is not None:
                return int(assigned)
            number = self._next(connection, counter, start, maximum)
            connection.execute(
                schema.assigned_numbers.insert().values(
                    scope=self.scope, counter=counter, key_digest=digest, number=number
                )
            )
            return number

    def _next(self, connection: Connection, counter: str, start: int, maximum: int) -> int:
        where = (schema.counters.c.scope == self.scope, schema.counters.c.counter == counter)
        last = connection.execute(
            select(schema.counters.c.last_value).where(*where).with_for_update()
        ).scalar()
        number = start if last is None else int(last) + 1
        if number > maximum:
            msg = (
                f"Counter {counter!r} is exhausted at {maximum}; numbers are never reused, so "
                "agree a new range with the partner."
            )
            raise OverflowError(msg)
        if last is None:
            connection.execute(
                schema.counters.insert().values(
                    scope=self.scope, counter=counter, last_value=number
                )
            )
        else:
            connection.execute(update(schema.counters).where(*where).values(last_value=number))
        return number
