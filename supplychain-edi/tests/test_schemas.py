"""The shipped JSON Schemas match their builder, and every record validates against them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from supplychain_edi import (
    DOCUMENT_STREAMS,
    line_schema,
    load_schema,
    parse,
    schema_path,
    split_lines,
)
from supplychain_edi.schemas.build import all_schemas, render
from tests.conftest import MockExchange

GOLDEN = Path(__file__).parent / "golden"


def test_every_document_type_has_a_schema_file() -> None:
    for document_type in DOCUMENT_STREAMS:
        assert schema_path(document_type).is_file(), document_type
        Draft202012Validator.check_schema(load_schema(document_type))


def test_schema_files_match_the_builder() -> None:
    for name, schema in all_schemas().items():
        assert schema_path(name).read_text(encoding="utf-8") == render(schema), (
            f"{name}: run python -m supplychain_edi.schemas.build"
        )


def _all_records(mock_exchanges: list[MockExchange], mock_orders: list[str]) -> list[dict]:
    texts = [p.read_text() for p in sorted(GOLDEN.glob("*.edi"))]
    texts += [i for e in mock_exchanges for i in e.interchanges] + mock_orders
    texts += ["garbage", texts[0][:400]]
    records = [r for text in texts for r in parse(text)]
    # Through JSON, as the tap sends them.
    return json.loads(json.dumps(records))


@pytest.fixture(scope="module")
def records(mock_exchanges: list[MockExchange], mock_orders: list[str]) -> list[dict]:
    return _all_records(mock_exchanges, mock_orders)


def test_every_record_validates_against_its_schema(records: list[dict]) -> None:
    seen = set()
    for record in records:
        validator = Draft202012Validator(
            load_schema(record["document_type"]), format_checker=FormatChecker()
        )
        errors = sorted(validator.iter_errors(record), key=str)
        assert errors == [], (record["document_type"], [e.message for e in errors[:5]])
        seen.add(record["document_type"])
    assert seen == set(DOCUMENT_STREAMS)


def test_codes_sit_beside_their_meanings_and_dates_keep_raw(records: list[dict]) -> None:
    for record in records:
        stack: list[object] = [record]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                if "code" in value and "meaning" in value:
                    assert isinstance(value["code"], str)
                if "raw" in value and "date" in value:
                    assert value["raw"]
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)


def test_lines_split_into_child_rows_that_validate(records: list[dict]) -> None:
    for record in records:
        if record["document_type"] == "document_error":
            continue
        parent, lines = split_lines(record)
        assert "lines" not in parent
        validator = Draft202012Validator(line_schema(record["document_type"]))
        for line in lines:
            assert line["document_id"] == record["document_id"]
            assert list(validator.iter_errors(line)) == []
        keys = [(line["document_id"], line["line_index"]) for line in lines]
        assert keys == [(record["document_id"], n) for n in range(1, len(lines) + 1)]
