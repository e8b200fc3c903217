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
