"""Read a file of EDI into records: one per business document, one error record per failure.

Nothing raises out of here for bad input. Every document is read on its own, so one
broken set never hides the good ones beside it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from supplychain_edi.document import RawDocument
from supplychain_edi.errors import error_record
from supplychain_edi.known_segments import known_tags
from supplychain_edi.segments import DocumentUnreadableError, Issue, Warnings

Record = dict[str, Any]
_tag_of = attrgetter("tag")


def decode(data: bytes | str) -> str:
    """Text from bytes: UTF-8 when it is, else Latin-1 (which reads any byte, so never fails)."""
    if isinstance(data, str):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff(text: str) -> str | None:
    """'X12', 'EDIFACT', or None, from the first envelope header in the text."""
    head = text.lstrip(" \t\r\n\x00\ufeff")[:3]
    if head == "ISA":
        return "X12"
    if head in ("UNA", "UNB"):
        return "EDIFACT"
    return None


def _raw_documents(text: str, dialect: str, source: str | None) -> Iterator[RawDocument]:
    # Imported on first use: a process that only ever reads X12 never loads pydifact.
    if dialect == "X12":
        from supplychain_edi.x12.envelope import read_x12

        return read_x12(text, source)
    from supplychain_edi.edifact.envelope import read_edifact

    return read_edifact(text, source)


# Cached: a `from ... import` of a package runs importlib's Python-level fromlist
# handling on every call, and this is asked once per document.
@cache
def _readers(dialect: str) -> dict[str, Callable[[RawDocument, Warnings], Record]]:
    if dialect == "X12":
        from supplychain_edi.x12.readers import READERS

        return READERS
    from supplychain_edi.edifact.readers import READERS as EDIFACT_READERS

    return EDIFACT_READERS


def read_document(document: RawDocument, ordinal: int = 0) -> Record:
    """One raw document to its record, or to an error record; never raises."""
    if document.fatal is not None:
        return error_record(document.fatal, document, ordinal=ordinal)
    reader = _readers(document.dialect).get(document.set_code)
    if reader is None:
        first = document.segments[0] if document.segments else None
        issue = Issue(
            code="unsupported_set",
            message=f"{document.dialect} {document.set_code or '(blank)'} is not a set this "
            "library reads",
            segment=first.tag if first else None,
            position=1 if first else None,
            element="ST01" if document.dialect == "X12" else "UNH02",
            file_position=first.file_position if first else None,
        )
        return error_record(issue, document, ordinal=ordinal)
    segments = document.segments
    warnings = Warnings(list(document.warnings), segments[0].file_position - 1 if segments else 0)
    _flag_unexpected_segments(document, warnings)
    try:
        record = reader(document, warnings)
    except DocumentUnreadableError as unreadable:
        return error_record(unreadable.issue, document, ordinal=ordinal)
    except Exception as exc:  # a reader bug must not lose the other documents in the file
        issue = Issue(code="reader_failure", message=f"{type(exc).__name__}: {exc}")
        return error_record(issue, document, ordinal=ordinal)
    items = warnings.items
    record["warnings"] = [w.as_dict() for w in items] if items else []
    # line_number is the partner's and may repeat (an 856 covering two orders numbers
    # each from 1); line_index is the line's position, unique within the document.
    for index, line in enumerate(record.get("lines") or (), 1):
        line["line_index"] = index
    return record


def _flag_unexpected_segments(document: RawDocument, warnings: Warnings) -> None:
    """One warning per segment tag the set's definition does not place in the set."""
    known = known_tags(document.dialect, document.set_code)
    # Nearly every set holds only known tags: one superset test (map() keeps the walk over
    # the segments in C) settles that before the ordered walk that places the warnings.
    if known.issuperset(map(_tag_of, document.segments)):
        return
    flagged: set[str] = set()
    for segment in document.segments:
        if segment.tag not in known and segment.tag not in flagged:
            flagged.add(segment.tag)
            warnings.add(
                "unexpected_segment",
                f"{segment.tag} is not a segment of {document.set_code}; it was skipped",
                segment,
            )


def read_text(text: str, source: str | None = None) -> Iterator[Record]:
    """Every record in one file's text."""
    dialect = sniff(text)
    if dialect is None:
        preview = text.lstrip()[:20]
        yield error_record(
            Issue(
                code="unrecognised_format",
                message=f"no ISA, UNA or UNB header at the start of the file ({preview!r})",
                file_position=1,
            ),
            source=source,
        )
        return
    try:
        for ordinal, document in enumerate(_raw_documents(text, dialect, source)):
            yield read_document(document, ordinal)
    except Exception as exc:  # an envelope bug still yields a record, never a traceback
        yield error_record(
            Issue(code="envelope_failure", message=f"{type(exc).__name__}: {exc}"),
            source=source,
            dialect=dialect,
        )


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read.

    Reading allocates hundreds of thousands of small lists and dicts that form trees,
    never cycles, so the collector's passes over them find nothing; pausing it roughly
    doubles throughput (README, "Performance"). Reference counting still frees
    everything, and the collector's previous state is restored on the way out.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse(data: bytes | str, source: str | None = None) -> list[Record]:
    """All records in `data` (one file's content)."""
    with cyclic_gc_paused():
        return list(read_text(decode(data), source))


def parse_file(path: str | Path) -> list[Record]:
    """All records in the file at `path`; an unreadable file gives one error record."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [
            error_record(
                Issue(code="file_unreadable", message=f"{type(exc).__name__}: {exc}"),
                source=name,
            )
        ]
    return parse(data, source=name)
