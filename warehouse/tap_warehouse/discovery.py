"""What one warehouse schema holds: its relations, their columns as JSON Schema, their keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from warehouse_core.connection import quote_identifier

_INTEGER = re.compile(r"^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INT\d|U?HUGEINT|DECIMAL\(\d+,\s*0\))$")
_NUMBER = re.compile(r"^(DOUBLE|FLOAT|REAL|DECIMAL\(\d+,\s*\d+\))$")
_FORMATS = {
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "date-time",
    "TIMESTAMP WITH TIME ZONE": "date-time",
    "TIMESTAMP_S": "date-time",
    "TIMESTAMP_MS": "date-time",
    "TIMESTAMP_NS": "date-time",
}
# json_type() names → JSON Schema types, for describing what a JSON column really holds.
_JSON_VALUE_TYPES = {
    "OBJECT": "object",
    "ARRAY": "array",
    "VARCHAR": "string",
    "BIGINT": "integer",
    "UBIGINT": "integer",
    "DOUBLE": "number",
    "BOOLEAN": "boolean",
}


@dataclass(frozen=True)
class Column:
    """A column and the DuckDB type it has."""

    name: str
    data_type: str
    nullable: bool


@dataclass(frozen=True)
class Relation:
    """A table or view of the schema, as a stream will read it."""

    name: str
    columns: tuple[Column, ...]
    primary_keys: tuple[str, ...]
    json_schema: dict


def list_relations(connection: duckdb.DuckDBPyConnection, schema: str) -> list[Relation]:
    """Every table and view in ``schema``, in name order."""
    rows = connection.execute(
        "SELECT table_name, column_name, data_type, is_nullable = 'YES' "
        "FROM information_schema.columns WHERE table_schema = ? "
        "ORDER BY table_name, ordinal_position",
        [schema],
    ).fetchall()
    by_relation: dict[str, list[Column]] = {}
    for table, column, data_type, nullable in rows:
        by_relation.setdefault(table, []).append(Column(column, data_type, nullable))
    keys = _primary_keys(connection, schema)
    return [
        Relation(
            name=name,
            columns=tuple(cols),
            primary_keys=keys.get(name, ()),
            json_schema={
                "type": "object",
                "properties": {c.name: property_schema(connection, schema, name, c) for c in cols},
            },
        )
        for name, cols in by_relation.items()
    ]


def _primary_keys(connection: duckdb.DuckDBPyConnection, schema: str) -> dict[str, tuple]:
    rows = connection.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE schema_name = ? AND constraint_type = 'PRIMARY KEY'",
        [schema],
    ).fetchall()
    return {table: tuple(columns) for table, columns in rows}


def property_schema(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, column: Column
) -> dict:
    """The JSON Schema of one column's values."""
    data_type = column.data_type.upper()
    if data_type == "JSON":
        types = _json_value_types(connection, schema, table, column.name)
    elif _INTEGER.match(data_type):
        types = ["integer"]
    elif _NUMBER.match(data_type):
        types = ["number"]
    elif data_type == "BOOLEAN":
        types = ["boolean"]
    elif data_type.startswith(("STRUCT", "MAP")):
        types = ["object"]
    elif data_type.endswith("]"):
        types = ["array"]
    else:
        types = ["string"]
    result: dict = {"type": [*types, "null"] if column.nullable else types}
    if data_type in _FORMATS:
        result["format"] = _FORMATS[data_type]
    return result


def _json_value_types(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, column: str
) -> list[str]:
    """The JSON types a JSON column actually holds, so it goes out as objects, not strings."""
    relation = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    found = connection.execute(
        f"SELECT DISTINCT json_type({quote_identifier(column)}) FROM {relation} "
        f"WHERE {quote_identifier(column)} IS NOT NULL"
    ).fetchall()
    types = sorted({_JSON_VALUE_TYPES.get(t, "string") for (t,) in found if t != "NULL"})
    return types or ["object", "array"]
