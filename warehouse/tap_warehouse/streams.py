"""TableStream: one warehouse table or view, read in full or incrementally."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import duckdb
from singer_sdk import Stream
from typing_extensions import override

from tap_warehouse.discovery import Relation
from warehouse_core.connection import quote_identifier

_FETCH_ROWS = 1000


class TableStream(Stream):
    """Streams rows without holding the table in memory, ordered by the replication key."""

    def __init__(
        self,
        tap: Any,
        relation: Relation,
        schema_name: str,
        connect: Callable[[], duckdb.DuckDBPyConnection],
    ) -> None:
        self.relation = relation
        self.schema_name = schema_name
        self._connect = connect
        super().__init__(tap=tap, name=relation.name, schema=relation.json_schema)
        self.primary_keys = list(relation.primary_keys)
        default_key = self.config.get("replication_key")
        if default_key and default_key in self.schema["properties"]:
            self.replication_key = default_key

    @property
    @override
    def is_sorted(self) -> bool:
        # Rows come ordered by the replication key, so a sync can resume mid-way.
        return bool(self.replication_key)

    def _query(self, context: dict | None) -> tuple[str, list]:
        columns = ", ".join(quote_identifier(c.name) for c in self.relation.columns)
        relation = f"{quote_identifier(self.schema_name)}.{quote_identifier(self.name)}"
        sql = f"SELECT {columns} FROM {relation}"
        parameters: list = []
        if self.replication_key:
            key = quote_identifier(self.replication_key)
            key_type = next(
                c.data_type for c in self.relation.columns if c.name == self.replication_key
            )
            start = self.get_starting_replication_key_value(context)
            if start is not None:
                # Inclusive: rows that share the bookmark's value may have arrived after it
                # was taken. The targets' ledgers skip the ones already delivered.
                sql += f" WHERE {key} >= CAST(? AS {key_type})"
                parameters.append(start)
            sql += f" ORDER BY {key}"
        return sql, parameters

    @override
    def get_records(self, context: dict | None) -> Iterable[dict]:
        sql, parameters = self._query(context)
        names = [c.name for c in self.relation.columns]
        json_columns = {c.name for c in self.relation.columns if c.data_type.upper() == "JSON"}
        connection = self._connect()
        try:
            cursor = connection.execute(sql, parameters)
            while rows := cursor.fetchmany(_FETCH_ROWS):
                for row in rows:
                    yield {
                        name: _to_singer(value, is_json=name in json_columns)
                        for name, value in zip(names, row, strict=True)
                    }
        finally:
            connection.close()


def _to_singer(value: Any, *, is_json: bool) -> Any:
    """A DuckDB value as the JSON value the stream's schema describes."""
    if value is None:
        return None
    if is_json:
        return json.loads(value, parse_float=decimal.Decimal)
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value
