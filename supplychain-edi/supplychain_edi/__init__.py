"""Read and write X12 and EDIFACT supply-chain documents.

Reading never raises for bad input: every business document becomes one record, and
every document that cannot be read becomes one `document_error` record.
"""

from __future__ import annotations

from supplychain_edi.acknowledge import acknowledgements_for
from supplychain_edi.reader import decode, parse, parse_file, read_text, sniff
from supplychain_edi.record import BUSINESS_KEYS, DOCUMENT_STREAMS, DOCUMENT_TYPES, split_lines
from supplychain_edi.schemas import line_schema, load_schema, schema_path
from supplychain_edi.writers.edifact import EdifactEnvelope, write_edifact
from supplychain_edi.writers.fields import EdiWriteError
from supplychain_edi.writers.x12 import X12Envelope, write_x12

__all__ = [
    "BUSINESS_KEYS",
    "DOCUMENT_STREAMS",
    "DOCUMENT_TYPES",
    "EdiWriteError",
    "EdifactEnvelope",
    "X12Envelope",
    "acknowledgements_for",
    "decode",
    "line_schema",
    "load_schema",
    "parse",
    "parse_file",
    "read_text",
    "schema_path",
    "sniff",
    "split_lines",
    "write_edifact",
    "write_x12",
]
