"""Upserts, schema growth, widening and rejected records in target-warehouse."""

from __future__ import annotations

from pathlib import Path

from .conftest import load, query

SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "status": {"type": ["string", "null"]}},
}


def _schema(schema: dict = SCHEMA, keys: tuple = ("id",)) -> dict:
    return {"type": "SCHEMA", "stream": "cases", "key_properties": list(keys), "schema": schema}


def _record(**record) -> dict:
    return {"type": "RECORD", "stream": "cases", "record": record}


def test_the_last_record_of_a_key_wins_within_and_across_batches(warehouse: Path) -> None:
    load(warehouse, [_schema(), _record(id=1, status="OPEN"), _record(id=1, status="RESOLVED")])
    load(warehouse, [_schema(), _record(id=2, status="OPEN"), _record(id=1, status="CLOSED")])

    rows = query(warehouse, "SELECT id, status FROM raw.cases ORDER BY id")
    assert rows == [(1, "CLOSED"), (2, "OPEN")]


def test_a_stream_without_keys_appends(warehouse: Path) -> None:
    load(warehouse, [_schema(keys=()), _record(id=1, status="A"), _record(id=1, status="A")])
    load(warehouse, [_schema(keys=()), _record(id=1, status="A")])

    assert query(warehouse, "SELECT count(*) FROM raw.cases") == [(3,)]


def test_a_grown_schema_adds_columns_and_keeps_rows(warehouse: Path) -> None:
    load(warehouse, [_schema(), _record(id=1, status="OPEN")])
    grown = {
        "type": "object",
        "properties": {
            **SCHEMA["properties"],
            "eta": {"type": ["string", "null"], "format": "date"},
        },
    }
    load(warehouse, [_schema(grown), _record(id=2, status="OPEN", eta="2026-12-01")])

    rows = query(warehouse, "SELECT id, status, CAST(eta AS VARCHAR) FROM raw.cases ORDER BY id")
    assert rows == [(1, "OPEN", None), (2, "OPEN", "2026-12-01")]


def test_a_changed_column_type_becomes_text_and_keeps_every_value(warehouse: Path) -> None:
    load(warehouse, [_schema(), _record(id=1, status="OPEN")])
    changed = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "status": {"type": "integer"}},
    }
    load(warehouse, [_schema(changed), _record(id=2, status=7)])

    assert query(warehouse, "SELECT id, status FROM raw.cases ORDER BY id") == [
        (1, "OPEN"),
        (2, "7"),
    ]


def test_integers_beyond_hugeint_stay_exact_as_text(warehouse: Path) -> None:
    schema = {"type": "object", "properties": {"id": {"type": "integer"}, "n": {"type": "integer"}}}
    load(warehouse, [_schema(schema), _record(id=1, n=5), _record(id=2, n=2**130)])

    assert query(warehouse, "SELECT CAST(n AS VARCHAR) FROM raw.cases ORDER BY id") == [
        ("5",),
        (str(2**130),),
    ]


def test_bad_records_go_to_the_rejected_table_and_the_run_goes_on(warehouse: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "at": {"type": ["string", "null"], "format": "date-time"},
            "n": {"type": ["integer", "null"]},
        },
    }
    runner = load(
        warehouse,
        [
            _schema(schema),
            _record(id=1, at="2026-11-01T00:00:00Z", n=1),
            _record(id=2, at="yesterday", n=1),
            _record(id=3, at=None, n="many"),
            _record(id=4, at=None, n=4),
            {"type": "STATE", "value": {"bookmarks": {"cases": {"done": True}}}},
        ],
    )

    assert query(warehouse, "SELECT id FROM raw.cases ORDER BY id") == [(1,), (4,)]
    rejected = query(
        warehouse,
        "SELECT stream, record->>'$.id', reason FROM raw._sdc_rejected_records ORDER BY 2",
    )
    assert [(stream, record_id) for stream, record_id, _ in rejected] == [
        ("cases", "2"),
        ("cases", "3"),
    ]
    assert "yesterday" in rejected[0][2]
    assert "integer" in rejected[1][2]
    # The run finished and committed its state.
    assert runner.state_messages[-1] == {"bookmarks": {"cases": {"done": True}}}
