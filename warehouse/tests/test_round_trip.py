"""Records in equal records out: target-warehouse, then tap-warehouse, with types kept."""

from __future__ import annotations

from pathlib import Path

from .conftest import extract, load, query

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "big": {"type": ["integer", "null"]},
        "amount": {"type": ["number", "null"]},
        "flag": {"type": ["boolean", "null"]},
        "at": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": ["string", "null"], "format": "date"},
        "properties": {"type": ["object", "null"]},
        "lines": {"type": ["array", "null"]},
    },
}
RECORDS = [
    {
        "id": 1,
        "name": "Zoë Ångström — 東京 ✓",
        "big": 2**63 + 7,  # one past BIGINT: must stay exact
        "amount": 1234.5,
        "flag": True,
        "at": "2026-11-01T10:00:00+00:00",
        "day": "2026-11-03",
        "properties": {"sku": "SKU-1", "nested": {"deep": [1, {"x": None}]}, "ü": "ß"},
        "lines": [{"line": 1, "qty": 3}, {"line": 2, "qty": 0}],
    },
    {
        "id": 2,
        "name": None,
        "big": -(2**70),
        "amount": None,
        "flag": False,
        "at": None,
        "day": None,
        "properties": {},
        "lines": [],
    },
    {
        "id": 3,
        "name": "",
        "big": None,
        "amount": 0.1,
        "flag": None,
        "at": "2026-11-02T23:59:59.123456+00:00",
        "day": "2026-12-31",
        "properties": None,
        "lines": None,
    },
]


def test_records_in_equal_records_out(warehouse: Path) -> None:
    messages = [
        {"type": "SCHEMA", "stream": "orders", "key_properties": ["id"], "schema": SCHEMA},
        *({"type": "RECORD", "stream": "orders", "record": r} for r in RECORDS),
    ]
    load(warehouse, messages)

    tap = extract(warehouse)

    out = sorted(tap.records["orders"], key=lambda r: r["id"])
    assert [{k: r[k] for k in SCHEMA["properties"]} for r in out] == RECORDS
    # Not merely equal after parsing: JSON arrives as objects and arrays, not strings.
    assert isinstance(out[0]["properties"]["nested"], dict)
    (schema_message,) = [m for m in tap.schema_messages if m["stream"] == "orders"]
    properties = schema_message["schema"]["properties"]
    assert "object" in properties["properties"]["type"]
    assert "array" in properties["lines"]["type"]
    assert properties["big"]["type"][0] == "integer"


def test_column_types_follow_the_json_schema(warehouse: Path) -> None:
    load(
        warehouse,
        [
            {"type": "SCHEMA", "stream": "orders", "key_properties": ["id"], "schema": SCHEMA},
            *({"type": "RECORD", "stream": "orders", "record": r} for r in RECORDS),
        ],
    )
    types = {name: kind for name, kind, *_ in query(warehouse, "DESCRIBE raw.orders")}
    assert types["id"] == "BIGINT"
    assert types["big"] == "HUGEINT"  # widened, because a value overflowed BIGINT
    assert types["amount"] == "DOUBLE"
    assert types["flag"] == "BOOLEAN"
    assert types["at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["day"] == "DATE"
    assert types["properties"] == "JSON"
    assert types["lines"] == "JSON"
    assert types["name"] == "VARCHAR"
    assert {"_sdc_extracted_at", "_sdc_batched_at"} <= set(types)
