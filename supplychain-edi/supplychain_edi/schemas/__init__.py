"""JSON Schemas (draft 2020-12) of the normalised records, shipped as files in this package.

One file per document type, `<document_type>.schema.json`; `document_error.schema.json`
for the error record. They are the contract tap-trading-grid's streams and dbt staging
follow.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent


def schema_path(document_type: str) -> Path:
    return SCHEMA_DIR / f"{document_type}.schema.json"


@cache
def _load(document_type: str) -> str:
    return schema_path(document_type).read_text(encoding="utf-8")


def load_schema(document_type: str) -> dict[str, Any]:
    """The JSON Schema of one document type, as a fresh dict."""
    return json.loads(_load(document_type))


def line_schema(document_type: str) -> dict[str, Any]:
    """The schema of one line of a document type, for the `<stream>_lines` child stream.

    It is the document schema's `lines` item, plus the parent's `document_id` that keys
    a line together with its `line_number`.
    """
    document = load_schema(document_type)
    line = document["properties"]["lines"]["items"]
    line["properties"] = {"document_id": {"type": "string"}, **line["properties"]}
    line["required"] = sorted([*line["required"], "document_id"])
    return {
        "$schema": document["$schema"],
        "$id": document["$id"].replace(".schema.json", "_line.schema.json"),
        "title": f"{document_type} line",
        **line,
        "$defs": document["$defs"],
    }
