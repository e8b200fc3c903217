"""Streams of the EDI mailbox: document metadata, one stream per business document, lines, errors.

A file is read and parsed once per run, however many streams its documents feed. The first
mailbox stream to sync reads every new file, parses it with `supplychain_edi`, and spools each
stream's records to a temporary file; every mailbox stream then emits its own spool. Memory
therefore stays flat however large the mailbox is.

The mailbox state (names and hashes, see `mailbox.py`) is committed only after the last
selected mailbox stream has emitted all its records, so a run that fails part-way leaves the
state it started from, and the next run reads the same files again: nothing is lost, and the
warehouse's upsert on primary keys absorbs what is emitted twice.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec
from singer_sdk import Stream
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import encoder as singer_encoder
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.mapper import SameRecordTransform
from singer_sdk.singerlib.catalog import REPLICATION_FULL_TABLE
from typing_extensions import override

from supplychain_edi import DOCUMENT_STREAMS, line_schema, load_schema, parse
from tap_trading_grid.mailbox import (
    FolderState,
    Mailbox,
    confirm_downloads,
    iter_new_files,
    open_mailbox,
)
from tap_trading_grid.schema_tools import singer_schema
from tap_trading_grid.singer_writer import SingerWriter

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context

# A record as the mailbox streams hand it to the SDK: a dict, or its JSON text when the SDK
# would write it unchanged (`MailboxStream.get_records`).
SpooledRecord = dict[str, Any] | msgspec.Raw

METADATA_STREAM = "mailbox_documents"
ERRORS_STREAM = "document_errors"
STATE_KEY = "mailbox"

# In sent/ the tap reads our own purchase orders (DESIGN §3: REF*CO and N1*ST…92 link a
# partner's documents to a customer). The other documents we send come from our own marts,
# which the warehouse already holds. A document there that cannot be read is still reported:
# nothing is dropped silently.
SENT_DOCUMENT_TYPES = frozenset({"purchase_order", "document_error"})

# document_type -> the stream of its lines, for the types that have lines.
LINE_STREAMS = {
    document_type: f"{stream}_lines"
    for document_type, stream in DOCUMENT_STREAMS.items()
    if document_type != "document_error" and "lines" in load_schema(document_type)["properties"]
}
BUSINESS_DOCUMENT_TYPES = tuple(t for t in DOCUMENT_STREAMS if t != "document_error")


def _utc_iso(epoch_seconds: int) -> str:
    # time.gmtime rather than a datetime: the same text, in a quarter of the time, per file.
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_seconds))


class MailboxRun:
    """One run over the mailbox, shared by every mailbox stream of a tap."""

    def __init__(self, tap: Tap, stream_names: Iterable[str]) -> None:
        self.tap = tap
        self.logger = tap.logger
        self.stream_names = tuple(stream_names)
        self._spool_dir: Path | None = None
        self._cleanup: weakref.finalize | None = None
        self._gc_threshold: tuple[int, int, int] | None = None
        self._read_complete = False
        self._pending: set[str] = set()
        self._new_state: dict[str, Any] | None = None
        self.counts: dict[str, int] = {}

    # Reading ------------------------------------------------------------------------------

    def _selected(self) -> set[str]:
        streams = self.tap.streams
        return {name for name in self.stream_names if name in streams and streams[name].selected}

    def _state_holder(self) -> dict[str, Any]:
        # The mailbox state lives in mailbox_documents' bookmark, whether or not that stream is
        # selected: the SDK writes every stream's bookmark in each STATE message.
        return self.tap.streams[METADATA_STREAM].stream_state

    def _ensure_read(self) -> None:
        if self._spool_dir is not None:
            if not self._read_complete:
                msg = "the mailbox could not be read completely earlier in this run"
                raise RuntimeError(msg)
            return
        self._spool_dir = Path(tempfile.mkdtemp(prefix="tap-trading-grid-"))
        # A run that fails part-way leaves its spool to this finaliser (at exit at the latest).
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._spool_dir, ignore_errors=True)
        self._pending = self._selected()
        config = self.tap.config
        if not config.get("mailbox_url"):
            self.logger.warning("mailbox_url is not set: the mailbox streams have no records")
            self._pending = set()
            self._read_complete = True
            return
        saved = self._state_holder().get(STATE_KEY) or {}
        folders = {
            "inbound": config.get("inbound_folder", "inbound"),
            "sent": config.get("sent_folder", "sent"),
        }
        mailbox = open_mailbox(config, self.logger)
        # Parsed documents are trees without cycles, created and dropped by the hundred
        # thousand: the cyclic collector would only rescan them. It runs rarely until the run
        # commits (the EDI library pauses it entirely while it parses).
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(50_000, 20, 100)
        writers = {name: SpoolWriter(self._spool_dir / f"{name}.jsonl") for name in self._pending}
        new_state: dict[str, Any] = {}
        try:
            for role, folder in folders.items():
                persisted = FolderState.from_state(saved.get(role))
                if config.get("confirm_downloads"):
                    confirm_downloads(mailbox, folder, persisted, self.logger)
                working = FolderState.from_state(saved.get(role))
                self._read_folder(mailbox, role, folder, working, writers)
                new_state[role] = working.to_state()
        finally:
            mailbox.close()
            for handle in writers.values():
                handle.close()
        self.counts = {name: writer.count for name, writer in writers.items()}
        self._new_state = new_state
        self._read_complete = True
        self.logger.info(
            "Mailbox read: %s", ", ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))
        )

    def _read_folder(
        self,
        mailbox: Mailbox,
        role: str,
        folder: str,
        state: FolderState,
        writers: dict[str, SpoolWriter],
    ) -> None:
        skipped = 0
        lookback_days = int(self.tap.config.get("lookback_days", 30))
        for file, data, digest in iter_new_files(
            mailbox, folder, state, lookback_days, self.logger
        ):
            source = f"{folder}/{file.name}"
            file_fields = {
                "folder": role,
                "file_name": source,
                "sha256": digest,
                "file_size": file.size,
                "received_at": _utc_iso(file.mtime),
            }
            for record in self._parse(data, source):
                document_type = record["document_type"]
                if role == "sent" and document_type not in SENT_DOCUMENT_TYPES:
                    skipped += 1
                    continue
                self._route(record, file_fields, writers)
        if skipped:
            self.logger.info(
                "Skipped %d documents in %s that are not purchase orders", skipped, folder
            )

    def _parse(self, data: bytes, source: str) -> list[dict[str, Any]]:
        try:
            return parse(data, source=source)
        except Exception as error:  # no bad input may stop a run (DESIGN §6)
            return [_reader_failure(source, error)]

    def _route(
        self,
        record: dict[str, Any],
        file_fields: dict[str, Any],
        writers: dict[str, SpoolWriter],
    ) -> None:
        """Spool the record to its streams (only the selected streams have writers)."""
        document_type = record["document_type"]
        if (metadata := writers.get(METADATA_STREAM)) is not None:
            metadata.add(_metadata(record, file_fields))
        if document_type == "document_error":
            if (errors := writers.get(ERRORS_STREAM)) is not None:
                errors.add(record)
            return
        # The record is this run's own and is encoded as soon as it is spooled, so its lines
        # are taken out of it in place: the same records as `split_lines` makes, without the
        # copy of the document it makes.
        lines = record.pop("lines", None) or ()
        if (documents := writers.get(DOCUMENT_STREAMS[document_type])) is not None:
            documents.add(record)
        line_stream = LINE_STREAMS.get(document_type, "")
        if lines and (line_writer := writers.get(line_stream)) is not None:
            document_id = record["document_id"]
            for line in lines:
                line_writer.add({"document_id": document_id, **line})

    # Emitting -----------------------------------------------------------------------------

    def records(self, stream_name: str) -> Iterator[bytes]:
        """The stream's records from this run's spool, one JSON line each.

        The last stream to finish commits the mailbox state.
        """
        self._ensure_read()
        assert self._spool_dir is not None
        path = self._spool_dir / f"{stream_name}.jsonl"
        if path.exists():
            with path.open("rb") as handle:
                yield from handle
        # Reached only when every record was emitted: a stream stopped early (an error, a
        # record limit) never commits.
        self._finished(stream_name)

    def _finished(self, stream_name: str) -> None:
        self._pending.discard(stream_name)
        if self._pending or self._new_state is None:
            return
        # Every selected mailbox stream has emitted everything it read: the state may now
        # cover these files. The STATE message follows at the end of this stream's sync.
        self._state_holder()[STATE_KEY] = self._new_state
        self._new_state = None
        if self._cleanup is not None:
            self._cleanup()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)


class SpoolWriter:
    """Appends records to a stream's spool file, one JSON line each.

    The records are encoded with the SDK's own msgspec encoder, so each line is exactly the
    `record` of the RECORD message the SDK would write: a stream whose records pass unchanged
    writes the line as it is, without decoding it and encoding it again (see
    `MailboxStream`). Each record is encoded as it is added, into a buffer written out every
    64 KiB, so no parsed document outlives its file.
    """

    BUFFER_BYTES = 1 << 16

    def __init__(self, path: Path) -> None:
        self.handle = path.open("wb")
        self.buffer = bytearray()
        self.count = 0  # records added

    def add(self, record: dict[str, Any]) -> None:
        singer_encoder.encode_into(record, self.buffer, -1)  # -1: append
        self.buffer += b"\n"
        self.count += 1
        if len(self.buffer) >= self.BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        self.handle.write(self.buffer)
        self.buffer.clear()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.handle.close()


def _metadata(record: dict[str, Any], file_fields: dict[str, Any]) -> dict[str, Any]:
    get = record.get
    document_type = record["document_type"]
    # One dict display, in the schema's order: a row per document, built in one go.
    return {
        "document_id": record["document_id"],
        "document_type": document_type,
        "dialect": get("dialect"),
        "transaction_set": (get("transaction_set") or {}).get("code"),
        "version": get("version"),
        "sender": get("sender"),
        "receiver": get("receiver"),
        "interchange_control_number": get("interchange_control_number"),
        "group_control_number": get("group_control_number"),
        "set_control_number": get("set_control_number"),
        "is_test": get("is_test"),
        "po_number": get("po_number"),
        "asn_number": get("asn_number"),
        "invoice_number": get("invoice_number"),
        "bol_number": get("bol_number"),
        "pro_number": get("pro_number"),
        "rma_number": get("rma_number"),
        **file_fields,
        "line_count": len(get("lines") or ()),
        "warning_count": len(get("warnings") or ()),
        "error_code": get("code") if document_type == "document_error" else None,
    }


def _reader_failure(source: str, error: Exception) -> dict[str, Any]:
    """A document_error for a file the library failed on (it should not: it never raises)."""
    return {
        "document_type": "document_error",
        "document_id": f"{source}:error-tap",
        "dialect": None,
        "transaction_set": None,
        "version": None,
        "sender": None,
        "receiver": None,
        "interchange_control_number": None,
        "group_control_number": None,
        "set_control_number": None,
        "is_test": None,
        "source_file": source,
        "code": "reader_failure",
        "message": f"the EDI reader failed: {type(error).__name__}",
        "segment": None,
        "position": None,
        "element": None,
        "file_position": None,
        "warnings": [],
    }


class MailboxStream(Stream):
    """A stream fed from the shared mailbox run.

    The mailbox's own state (names and hashes over the lookback window) is the bookmark, so
    these streams carry no replication key; each run emits only new or changed files.
    """

    # The EDI library's records are plain JSON values already checked against these schemas by
    # its tests, so the SDK's recursive type conforming would only cost time.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE

    def __init__(self, tap: Tap, run: MailboxRun) -> None:
        self.run = run
        # Decided at the start of each sync, from the selection and settings then in force.
        self._records_pass_unchanged = False
        super().__init__(tap)

    @override
    def get_records(self, context: Context | None) -> Iterable[SpooledRecord]:
        lines = self.run.records(self.name)
        if self._records_pass_unchanged:
            # Each record as its spooled JSON text, copied into its RECORD message as it is.
            # A JSON text ends with `}`: stripping the line takes its newline only.
            yield from map(msgspec.Raw, map(bytes.rstrip, lines))
        else:
            yield from map(msgspec.json.Decoder().decode, lines)

    @override
    def generate_child_contexts(
        self, record: dict[str, Any], context: Context | None
    ) -> Iterable[Context | None]:
        # No SDK child streams hang below a mailbox stream; the lines streams read their own
        # spool. Yielding nothing spares the SDK a context per record.
        return ()

    @override
    def _sync_records(
        self, context: Context | None = None, *, write_messages: bool = True
    ) -> Iterator[SpooledRecord]:
        # For each record, the SDK's loop walks it, nested objects included, to pop deselected
        # properties, conforms it, passes it through the stream maps, builds a RECORD message
        # object and writes its dict: several times what writing a spooled record costs. When
        # none of that would change a record, `_sync_unchanged_records` writes the spooled
        # record as it is. The hook is private in the SDK, hence this one branch and nothing
        # more: anything deselected, mapped, flattened or batched goes through the SDK's code.
        self._records_pass_unchanged = (
            write_messages and context is None and self._records_would_pass_unchanged()
        )
        if self._records_pass_unchanged:
            yield from self._sync_unchanged_records()
        else:
            yield from super()._sync_records(context, write_messages=write_messages)

    def _sync_unchanged_records(self) -> Iterator[SpooledRecord]:
        """What the SDK's `_sync_records` does for a stream whose records pass unchanged.

        Such a stream has no partitions, no child streams and no replication key, and does
        not post-process its records, so the SDK's loop only checks the record limit, writes
        each record, counts it and writes a STATE message every `STATE_MSG_FREQUENCY` records;
        so does this one, with the same messages.
        """
        writer = self._tap.message_writer
        assert isinstance(writer, SingerWriter)
        state_manager = self.state_manager
        record_counter = self.get_record_counter()
        timer = self.get_sync_timer()
        with record_counter, timer:
            record_counter.with_context({})
            timer.with_context({})
            self._write_starting_replication_value(None)
            for index, record in enumerate(self.get_records(None)):
                self._check_max_record_limit(current_record_index=index)
                writer.write_record(self.name, record, self._stream_version)
                state_manager.is_flushed = False
                if (index + 1) % self.STATE_MSG_FREQUENCY == 0:
                    self._write_state_message()
                record_counter.increment()
                yield record
            self._finalize_state(self.stream_state)
        self._write_state_message()

    def _records_would_pass_unchanged(self) -> bool:
        """True when the SDK would write every record as it is, each in one RECORD message.

        That is: a selected stream without partitions or replication key; nothing to
        deselect, no type conformance, only the SDK's default stream map (no `stream_maps`,
        no flattening); RECORD messages rather than BATCH files, written by the tap's writer.
        """
        # A property missing from the mask inherits its parent's selection, so when every
        # entry is selected, so is every property of every record.
        every_property_selected = all(self.mask.values())
        primary, *others = self.stream_maps
        default_map_only = (
            not others
            and type(primary) is SameRecordTransform
            and not primary.flattening_enabled
            and primary.stream_alias == self.name
        )
        return (
            self.selected
            and not self.partitions
            and self.replication_method == REPLICATION_FULL_TABLE
            and every_property_selected
            and default_map_only
            and self.TYPE_CONFORMANCE_LEVEL is TypeConformanceLevel.NONE
            and not self.get_batch_config(self.config)
            and isinstance(self._tap.message_writer, SingerWriter)
        )


class MailboxDocumentsStream(MailboxStream):
    """One row per document found in the mailbox, readable or not."""

    name = METADATA_STREAM
    primary_keys: ClassVar[tuple[str, ...]] = ("document_id",)
    schema: ClassVar[dict[str, Any]] = th.PropertiesList(
        th.Property(
            "document_id",
            th.StringType(),
            required=True,
            description="sender:interchange:group:set",
        ),
        th.Property("document_type", th.StringType(), required=True),
        th.Property("dialect", th.StringType(nullable=True)),
        th.Property("transaction_set", th.StringType(nullable=True), description="856, DESADV, …"),
        th.Property("version", th.StringType(nullable=True)),
        th.Property("sender", th.StringType(nullable=True), description="EDI address QUAL:ID"),
        th.Property("receiver", th.StringType(nullable=True)),
        th.Property("interchange_control_number", th.StringType(nullable=True)),
        th.Property("group_control_number", th.StringType(nullable=True)),
        th.Property("set_control_number", th.StringType(nullable=True)),
        th.Property("is_test", th.BooleanType(nullable=True)),
        th.Property("po_number", th.StringType(nullable=True)),
        th.Property("asn_number", th.StringType(nullable=True)),
        th.Property("invoice_number", th.StringType(nullable=True)),
        th.Property("bol_number", th.StringType(nullable=True)),
        th.Property("pro_number", th.StringType(nullable=True)),
        th.Property("rma_number", th.StringType(nullable=True)),
        th.Property("folder", th.StringType(), required=True, description="inbound or sent"),
        th.Property("file_name", th.StringType(), required=True, description="folder/file"),
        th.Property("sha256", th.StringType(), required=True, description="of the whole file"),
        th.Property("file_size", th.IntegerType(), required=True),
        th.Property(
            "received_at", th.DateTimeType(), required=True, description="the file's mtime"
        ),
        th.Property("line_count", th.IntegerType(), required=True),
        th.Property("warning_count", th.IntegerType(), required=True),
        th.Property(
            "error_code", th.StringType(nullable=True), description="for unreadable documents"
        ),
    ).to_dict()


def _document_stream_class(document_type: str, stream_name: str) -> type[MailboxStream]:
    schema = singer_schema(load_schema(document_type))
    schema["properties"].pop("lines", None)
    schema["required"] = [name for name in schema.get("required", []) if name != "lines"]
    class_name = "".join(part.title() for part in stream_name.split("_")) + "Stream"
    return type(
        class_name,
        (MailboxStream,),
        {
            "name": stream_name,
            "primary_keys": ("document_id",),
            "schema": schema,
            "__doc__": f"{document_type} documents from the mailbox, without their lines.",
        },
    )


def _line_stream_class(document_type: str, stream_name: str) -> type[MailboxStream]:
    class_name = "".join(part.title() for part in stream_name.split("_")) + "Stream"
    return type(
        class_name,
        (MailboxStream,),
        {
            "name": stream_name,
            "primary_keys": ("document_id", "line_index"),
            "schema": singer_schema(line_schema(document_type)),
            "__doc__": f"The lines of {document_type} documents, keyed by document and line.",
        },
    )


def _errors_stream_class() -> type[MailboxStream]:
    return type(
        "DocumentErrorsStream",
        (MailboxStream,),
        {
            "name": ERRORS_STREAM,
            "primary_keys": ("document_id",),
            "schema": singer_schema(load_schema("document_error")),
            "__doc__": "Documents that could not be read, with where and why.",
        },
    )


DOCUMENT_STREAM_CLASSES: tuple[type[MailboxStream], ...] = (
    MailboxDocumentsStream,
    *(_document_stream_class(t, DOCUMENT_STREAMS[t]) for t in BUSINESS_DOCUMENT_TYPES),
    *(_line_stream_class(t, LINE_STREAMS[t]) for t in BUSINESS_DOCUMENT_TYPES if t in LINE_STREAMS),
    _errors_stream_class(),
)


def mailbox_streams(tap: Tap) -> list[Stream]:
    run = MailboxRun(tap, [cls.name for cls in DOCUMENT_STREAM_CLASSES])
    return [cls(tap, run) for cls in DOCUMENT_STREAM_CLASSES]
