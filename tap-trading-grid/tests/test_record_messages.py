"""What the mailbox streams emit without the SDK's type conformance and per-record loop.

The mailbox streams turn the SDK's type conformance off (`TypeConformanceLevel.NONE`) and, when
nothing would change a record (every property selected, no stream maps or flattening), write
the spooled records themselves instead of through the SDK's per-record loop. These tests show
that none of it changes what is emitted: the EDI library's records already match the stream
schemas, value types included; the messages are those the SDK's own loop writes, byte for byte
but for `time_extracted`; a deselected property is still left out, stream maps and flattening
still apply, and a record limit still stops a stream.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from jsonschema import Draft7Validator
from singer_sdk.helpers._typing import conform_record_data_types
from singer_sdk.helpers.conform import TypeConformanceLevel

from tap_trading_grid.document_streams import DOCUMENT_STREAM_CLASSES, MailboxStream
from tap_trading_grid.tap import TapTradingGrid
from tests.edi_files import PARTIAL_RECORDS, edifact_text, put_file, put_x12, x12_text
from tests.runs import SyncResult, parse_output, run_tap

if TYPE_CHECKING:
    from collections.abc import Callable

T0 = 1_790_000_000
MAILBOX_SCHEMAS = {cls.name: cls.schema for cls in DOCUMENT_STREAM_CLASSES}
EDIFACT_TYPES = ("ship_notice", "invoice", "po_acknowledgement", "functional_ack")


def every_kind_of_document(root: Path) -> None:
    """Each business document in X12, several in EDIFACT, our own 850, and unreadable files."""
    inbound = root / "inbound"
    for n, document_type in enumerate(PARTIAL_RECORDS):
        if document_type != "purchase_order":
            put_x12(inbound, document_type, "ACME", 100 + n, mtime=T0 + n)
    for n, document_type in enumerate(EDIFACT_TYPES):
        put_file(inbound, f"edifact_{n}.edi", edifact_text(document_type, "EURODIS", 200 + n), T0)
    put_x12(root / "sent", "purchase_order", "OURCO", 900, mtime=T0)
    broken = x12_text("invoice", "BADCO", 300)
    put_file(inbound, "truncated.edi", broken[: len(broken) // 2], T0)
    put_file(inbound, "not-edi.edi", b"not an interchange", T0)


def same_values_and_types(left: Any, right: Any) -> bool:
    """Equal, with the same JSON types all the way down (1 and 1.0 differ, as JSON shows)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            same_values_and_types(left[key], right[key]) for key in left
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same_values_and_types, left, right))
    return bool(left == right)


def test_every_mailbox_record_already_matches_its_schema(tmp_path: Path) -> None:
    every_kind_of_document(tmp_path)
    result = run_tap({"mailbox_url": tmp_path.as_uri()})

    emitted = {stream for stream, rows in result.records.items() if rows}
    assert set(MAILBOX_SCHEMAS) <= emitted  # every mailbox stream is exercised
    for stream, schema in MAILBOX_SCHEMAS.items():
        validator = Draft7Validator(schema)
        for record in result.records[stream]:
            assert list(validator.iter_errors(record)) == [], (stream, record)
            conformed = conform_record_data_types(
                stream_name=stream,
                record=record,
                schema=schema,
                level=TypeConformanceLevel.RECURSIVE,
                logger=logging.getLogger(__name__),
            )
            # What the SDK's strictest conformance would emit is what was emitted.
            assert same_values_and_types(conformed, record), (stream, record)


def run_with_catalog(config: dict[str, Any], catalog: dict[str, Any]) -> SyncResult:
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    tap = TapTradingGrid(config=config, catalog=catalog, parse_env_config=False)
    with redirect_stdout(buffer):
        tap.sync_all()
    buffer.flush()
    buffer.seek(0)
    return parse_output(buffer.read())


def deselect(catalog: dict[str, Any], stream: str, breadcrumb: list[str]) -> None:
    (entry,) = [entry for entry in catalog["streams"] if entry["tap_stream_id"] == stream]
    (metadata,) = [item for item in entry["metadata"] if item["breadcrumb"] == breadcrumb]
    metadata["metadata"]["selected"] = False


def test_a_deselected_property_is_still_left_out(tmp_path: Path) -> None:
    every_kind_of_document(tmp_path)
    config = {"mailbox_url": tmp_path.as_uri()}
    everything = run_tap(config)
    catalog = TapTradingGrid(config=config, parse_env_config=False).catalog_dict
    deselect(catalog, "invoices", ["properties", "total_amount"])
    deselect(catalog, "invoices_lines", ["properties", "unit_price"])

    result = run_with_catalog(config, catalog)

    assert result.records["invoices"]
    assert result.records["invoices"] == [
        {key: value for key, value in row.items() if key != "total_amount"}
        for row in everything.records["invoices"]
    ]
    assert result.records["invoices_lines"] == [
        {key: value for key, value in row.items() if key != "unit_price"}
        for row in everything.records["invoices_lines"]
    ]
    # The other streams, with nothing deselected, are emitted whole.
    assert result.records["ship_notices"] == everything.records["ship_notices"]
    assert result.records["mailbox_documents"] == everything.records["mailbox_documents"]


def singer_output(run: Callable[[TapTradingGrid], object], config: dict[str, Any]) -> str:
    """What `run(tap)` writes to stdout, each record's `time_extracted` (UTC) replaced by T."""
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    tap = TapTradingGrid(config=config, parse_env_config=False)
    with redirect_stdout(buffer):
        run(tap)
    buffer.flush()
    buffer.seek(0)
    utc_time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"
    return re.sub(f'"time_extracted":"{utc_time}"', '"time_extracted":"T"', buffer.read())


def sync_all(tap: TapTradingGrid) -> None:
    tap.sync_all()


def sync_two_records_per_stream(tap: TapTradingGrid) -> None:
    tap.run_sync_dry_run(dry_run_record_limit=2)


@pytest.mark.parametrize(
    ("run", "settings"),
    [
        (sync_all, {}),
        (sync_two_records_per_stream, {}),
        (sync_all, {"emit_activate_version_messages": True}),  # RECORDs carry a version
    ],
)
def test_the_messages_are_those_the_sdk_writes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[[TapTradingGrid], None],
    settings: dict[str, Any],
) -> None:
    every_kind_of_document(tmp_path)
    config = {"mailbox_url": tmp_path.as_uri(), **settings}
    fast_streams = set()
    sync_unchanged_records = MailboxStream._sync_unchanged_records

    def spy(stream: MailboxStream) -> Any:
        fast_streams.add(stream.name)
        return sync_unchanged_records(stream)

    monkeypatch.setattr(MailboxStream, "_sync_unchanged_records", spy)
    ours = singer_output(run, config)
    assert fast_streams == set(MAILBOX_SCHEMAS)  # every mailbox stream took the short way
    # The same run through the SDK's own per-record loop, deselection walk and stream maps.
    monkeypatch.setattr(MailboxStream, "_records_would_pass_unchanged", lambda _: False)
    the_sdks = singer_output(run, config)

    assert ours == the_sdks
    assert '"time_extracted":"T"}' in ours  # every record's time was in the same form
    if settings:
        assert '"type":"ACTIVATE_VERSION"' in ours
        assert re.search(r'"type":"RECORD","stream":"invoices","record":\{.*\},"version":\d+', ours)
    result = parse_output(ours)
    assert set(MAILBOX_SCHEMAS) <= set(result.records)
    if run is sync_two_records_per_stream:
        assert max(map(len, result.records.values())) == 2
        # A stream stopped early never commits the mailbox state.
        assert "mailbox" not in (result.state or {})["bookmarks"]["mailbox_documents"]


def test_stream_maps_and_flattening_still_apply(tmp_path: Path) -> None:
    every_kind_of_document(tmp_path)
    config: dict[str, Any] = {"mailbox_url": tmp_path.as_uri()}
    everything = run_tap(config)

    mapped = run_tap(
        config
        | {
            "stream_maps": {
                "invoices": {"total_amount": "__NULL__"},
                "ship_notices": {"__filter__": "False"},
            },
            "flattening_enabled": True,
            "flattening_max_depth": 1,
        }
    )

    assert mapped.records["invoices"]
    for row in mapped.records["invoices"]:
        assert "total_amount" not in row
        assert "envelope" not in row
        assert "envelope__standard" in row
    assert not mapped.records["ship_notices"]
    assert len(mapped.records["invoices_lines"]) == len(everything.records["invoices_lines"])
    assert mapped.records["mailbox_documents"] == everything.records["mailbox_documents"]
