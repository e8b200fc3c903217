"""JSON Schema to DuckDB column types, and record values to exact staging text.

Records are staged as text and cast by DuckDB, so that a value is never rounded on the way in:
integers wider than BIGINT stay exact (the column widens to HUGEINT, then to VARCHAR), and
objects and arrays keep their JSON.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

import simplejson

BIGINT = "BIGINT"
HUGEINT = "HUGEINT"
DOUBLE = "DOUBLE"
BOOLEAN = "BOOLEAN"
TIMESTAMPTZ = "TIMESTAMP WITH TIME ZONE"
DATE = "DATE"
TIME = "TIME"
JSON = "JSON"
VARCHAR = "VARCHAR"

_BIGINT_RANGE = range(-(2**63), 2**63)
_HUGEINT_RANGE = range(-(2**127), 2**127)
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
# Integers only ever widen: BIGINT, then HUGEINT, then text (still exact).
INTEGER_WIDTHS = (BIGINT, HUGEINT, VARCHAR)


def _non_null_types(schema: dict) -> list[str]:
    declared = schema.get("type", [])
    types = [declared] if isinstance(declared, str) else list(declared)
    return [t for t in types if t != "null"]


def column_type(schema: dict) -> str:
    """The DuckDB type for a property's JSON Schema."""
    variants = [s for s in schema.get("anyOf", schema.get("oneOf", [])) if _non_null_types(s)]
    if variants:
        kinds = {column_type(v) for v in variants}
        if len(kinds) == 1:
            return kinds.pop()
        return JSON if JSON in kinds else VARCHAR
    types = _non_null_types(schema)
    if not types:
        return JSON  # no type given: any JSON value
    if len(types) > 1:
        if {"object", "array"} & set(types):
            return JSON
        return DOUBLE if set(types) == {"integer", "number"} else VARCHAR
    kind = types[0]
    if kind == "integer":
        return BIGINT
    if kind == "number":
        return _number_type(schema)
    if kind == "boolean":
        return BOOLEAN
    if kind in {"object", "array"}:
        return JSON
    return {
        "date-time": TIMESTAMPTZ,
        "date": DATE,
        "time": TIME,
        "x-singer.decimal": _decimal_type(schema.get("precision"), schema.get("scale")),
    }.get(schema.get("format", ""), VARCHAR)


def _number_type(schema: dict) -> str:
    step = schema.get("multipleOf")
    if step is None:
        return DOUBLE
    exponent = decimal.Decimal(str(step)).normalize().as_tuple().exponent
    scale = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _decimal_type(38, scale)


def _decimal_type(precision: int | None, scale: int | None) -> str:
    precision = min(int(precision or 38), 38)
    scale = min(int(scale if scale is not None else 9), precision)
    return f"DECIMAL({precision},{scale})"


def integer_width(value: int) -> str:
    """The narrowest integer column that holds ``value`` exactly."""
    if value in _BIGINT_RANGE:
        return BIGINT
    return HUGEINT if value in _HUGEINT_RANGE else VARCHAR


def widest(current: str, needed: str) -> str:
    """The wider of two integer column types."""
    return max(current, needed, key=INTEGER_WIDTHS.index)


def json_text(value: Any) -> str:
    """Serialise a value as JSON, keeping decimals as numbers and unicode as is."""
    return simplejson.dumps(value, use_decimal=True, ensure_ascii=False, default=str)


def _as_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("a boolean is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float | decimal.Decimal) and value == int(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    msg = f"{type(value).__name__} is not an integer"
    raise TypeError(msg)


def _as_timestamp(value: Any) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        msg = f"{type(value).__name__} is not a date-time"
        raise TypeError(msg)
    if value.tzinfo is None:  # Singer: a date-time without an offset is UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _as_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _as_time(value: Any) -> str:
    if isinstance(value, dt.time):
        return value.isoformat()
    return dt.time.fromisoformat(str(value)).isoformat()


def _as_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal | str):
        msg = f"{type(value).__name__} is not a number"
        raise TypeError(msg)
    return str(decimal.Decimal(str(value)))


def _as_boolean(value: Any) -> str:
    if not isinstance(value, bool):
        msg = f"{type(value).__name__} is not a boolean"
        raise TypeError(msg)
    return "true" if value else "false"


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return json_text(value)


def staging_text(value: Any, sql_type: str) -> str | None:
    """The text DuckDB casts into a ``sql_type`` column; raises on a value that does not fit."""
    if value is None:
        return None
    if sql_type in INTEGER_WIDTHS[:2]:
        return str(_as_integer(value))
    if sql_type == JSON:
        return json_text(value)
    converter = {
        TIMESTAMPTZ: _as_timestamp,
        DATE: _as_date,
        TIME: _as_time,
        DOUBLE: _as_number,
        BOOLEAN: _as_boolean,
    }.get(sql_type)
    if converter is None:
        converter = _as_number if _DECIMAL.fullmatch(sql_type) else _as_text
    return converter(value)
