"""Ledger and LedgerRun: what a target asks before and after each request."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, create_engine, delete, func, select, update
from sqlalchemy.engine import make_url

from delivery_ledger import schema
from delivery_ledger.run_lock import LedgerBusyError, exclusive_run

__all__ = ["Ledger", "LedgerBusyError", "LedgerRun"]

InDoubtPolicy = Literal["at_most_once", "at_least_once"]
PENDING = "pending"
DELIVERED = "delivered"
# SQLite caps the variables of one statement; IN lists go in chunks below that.
_CHUNK = 500


def key_digest(scope: str, key: str) -> str:
    """What the ledger stores instead of a key: keys can carry customer ids."""
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class Ledger:
    """A ledger at a SQLAlchemy URL (SQLite by default, Postgres for short-lived runners)."""

    def __init__(self, url: str, scope: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.scope = scope
        self.engine: Engine = create_engine(parsed)
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


class LedgerRun:
    """Bookkeeping for one run. Records left pending by an earlier run are in doubt."""

    def __init__(self, engine: Engine, scope: str) -> None:
        self._engine = engine
        self.scope = scope

    def _digests(self, keys: Iterable[str]) -> dict[str, str]:
        return {key_digest(self.scope, key): key for key in keys}

    # Deliveries

    def delivered(self, keys: Iterable[str]) -> set[str]:
        """The keys, among these, that an earlier request delivered."""
        by_digest = self._digests(keys)
        found: set[str] = set()
        with self._engine.connect() as connection:
            for chunk in _chunks(list(by_digest)):
                rows = connection.execute(
                    select(schema.deliveries.c.key_digest).where(
                        schema.deliveries.c.scope == self.scope,
                        schema.deliveries.c.state == DELIVERED,
                        schema.deliveries.c.key_digest.in_(chunk),
                    )
                )
                found.update(by_digest[row.key_digest] for row in rows)
        return found

    def mark_pending(self, keys: Iterable[str], kind: str = "") -> None:
        """Record that a request is about to carry these keys."""
        self._set_state(keys, PENDING, kind)

    def mark_delivered(self, keys: Iterable[str], kind: str = "") -> None:
        """Record that the destination accepted these keys."""
        self._set_state(keys, DELIVERED, kind)

    def forget(self, keys: Iterable[str]) -> None:
        """Drop these keys: their request failed for sure, so they may be sent again."""
        digests = list(self._digests(keys))
        with self._engine.begin() as connection:
            for chunk in _chunks(digests):
                connection.execute(
                    delete(schema.deliveries).where(
                        schema.deliveries.c.scope == self.scope,
                        schema.deliveries.c.key_digest.in_(chunk),
                    )
                )

    def _set_state(self, keys: Iterable[str], state: str, kind: str) -> None:
        digests = list(self._digests(keys))
        now = dt.datetime.now(dt.UTC)
        with self._engine.begin() as connection:
            for chunk in _chunks(digests):
                connection.execute(
                    delete(schema.deliveries).where(
                        schema.deliveries.c.scope == self.scope,
                        schema.deliveries.c.key_digest.in_(chunk),
                    )
                )
                connection.execute(
                    schema.deliveries.insert(),
                    [
                        {
                            "scope": self.scope,
                            "key_digest": digest,
                            "state": state,
                            "kind": kind,
                            "updated_at": now,
                        }
                        for digest in chunk
                    ],
                )

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
        """Settle records left pending: at most once counts them delivered (they are never
        sent again); at least once forgets them (they are sent again). Returns how many."""
        if policy not in ("at_most_once", "at_least_once"):
            msg = f"in-doubt policy must be at_most_once or at_least_once, not {policy!r}"
            raise ValueError(msg)
        condition = [schema.deliveries.c.scope == self.scope, schema.deliveries.c.state == PENDING]
        if kind is not None:
            condition.append(schema.deliveries.c.kind == kind)
        with self._engine.begin() as connection:
            if policy == "at_most_once":
                result = connection.execute(
                    update(schema.deliveries)
                    .where(*condition)
                    .values(state=DELIVERED, updated_at=dt.datetime.now(dt.UTC))
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
        by_digest = self._digests(contents)
        same: set[str] = set()
        with self._engine.connect() as connection:
            for chunk in _chunks(list(by_digest)):
                rows = connection.execute(
                    select(schema.digests.c.key_digest, schema.digests.c.content_digest).where(
                        schema.digests.c.scope == self.scope,
                        schema.digests.c.key_digest.in_(chunk),
                    )
                )
                for row in rows:
                    key = by_digest[row.key_digest]
                    if contents[key] == row.content_digest:
                        same.add(key)
        return same

    def remember(self, key: str, digest: str) -> None:
        """Remember the content digest a key was delivered with."""
        self.remember_many({key: digest})

    def remember_many(self, contents: dict[str, str]) -> None:
        """Remember content digests after their delivery."""
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "scope": self.scope,
                "key_digest": key_digest(self.scope, key),
                "content_digest": digest,
                "updated_at": now,
            }
            for key, digest in contents.items()
        ]
        with self._engine.begin() as connection:
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start : start + _CHUNK]
                connection.execute(
                    delete(schema.digests).where(
                        schema.digests.c.scope == self.scope,
                        schema.digests.c.key_digest.in_([r["key_digest"] for r in chunk]),
                    )
                )
                connection.execute(schema.digests.insert(), chunk)

    # Counters: control numbers that are never handed out twice.

    def number_for(self, key: str, counter: str, start: int = 1, maximum: int = 999_999_999) -> int:
        """The number ``key`` holds in ``counter``, assigning the next one the first time.

        The same key keeps its number, so retrying an undelivered interchange sends the same
        bytes; a new key never gets a number that was handed out before.
        """
        digest = key_digest(self.scope, key)
        with self._engine.begin() as connection:
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
