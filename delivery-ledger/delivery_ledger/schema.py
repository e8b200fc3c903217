"""The ledger's tables. Every row belongs to a scope, so targets can share one database."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, MetaData, String, Table

metadata = MetaData()

deliveries = Table(
    "ledger_deliveries",
    metadata,
    Column("scope", String(200), primary_key=True),
    # Each kind (a sink, a stream) has a key space of its own: the same key may be delivered
    # once per kind.
    Column("kind", String(100), primary_key=True, default=""),
    Column("key_digest", String(32), primary_key=True),
    # pending: a request is about to carry it, or carried it and the run died before the answer.
    # delivered: the destination accepted it.
    # unconfirmed: its request may have reached the destination, and it is never sent again.
    Column("state", String(16), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

digests = Table(
    "ledger_digests",
    metadata,
    Column("scope", String(200), primary_key=True),
    Column("key_digest", String(32), primary_key=True),
    Column("content_digest", String(128), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

counters = Table(
    "ledger_counters",
    metadata,
    Column("scope", String(200), primary_key=True),
    Column("counter", String(200), primary_key=True),
    Column("last_value", BigInteger, nullable=False),
)

assigned_numbers = Table(
    "ledger_assigned_numbers",
    metadata,
    Column("scope", String(200), primary_key=True),
    Column("counter", String(200), primary_key=True),
    Column("key_digest", String(32), primary_key=True),
    Column("number", BigInteger, nullable=False),
)

run_holders = Table(
    "ledger_run_holders",
    metadata,
    Column("scope", String(200), primary_key=True),
    Column("holder", String(300), nullable=False),
    Column("acquired_at", DateTime(timezone=True), nullable=False),
)
