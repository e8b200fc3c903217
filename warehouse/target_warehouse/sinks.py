"""WarehouseSink: one DuckDB table per stream, loaded in bulk and upserted on the stream's keys."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from singer_sdk import BatchSink
from singer_sdk.exceptions import InvalidRecord
from typing_extensions import override

from target_warehouse import columns
from warehouse_core.connection import open_warehouse, quote_identifier

# A record that fails validation or does not fit its column carries the reason here, and goes
# to the rejected-records table instead of stopping the run.
REJECTION_FIELD = "__target_warehouse_rejection__"
REJECTED_TABLE = "_sdc_rejected_records"
_SEQUENCE = "__seq"


class WarehouseSink(BatchSink):
    """Upserts a stream's records into ``<schema>.<stream>``."""

    @property
    @override
    def include_sdc_metadata_properties(self) -> bool:
        # _sdc_extracted_at and _sdc_batched_at are part of the warehouse contract, so the
        # metadata columns are on unless a user turns them off.
        return bool(self.config.get("add_record_metadata", True))

    @property
    def schema_name(self) -> str:
        """The target schema: the setting, else the extractor's load schema, else ``main``."""
        return (
            self.config.get("default_target_schema")
            or os.environ.get("MELTANO_EXTRACT__LOAD_SCHEMA")
            or "main"
        )

    @property
    def table_name(self) -> str:
        """The stream name, with the characters Meltano and SQL treat specially replaced."""
        return self.stream_name.replace("-", "_").replace(".", "_")

    @property
    def qualified_table(self) -> str:
        """``"schema"."table"``."""
        return f"{quote_identifier(self.schema_name)}.{quote_identifier(self.table_name)}"

    @override
    def setup(self) -> None:
        """Create the schema and table, or add the columns a grown schema brings."""
        if not hasattr(self, "connection"):
            self.connection = open_warehouse(self.config["path"], read_only=False)
        schema = quote_identifier(self.schema_name)
        self.connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        wanted = {
            name: columns.column_type(prop)
            for name, prop in self.schema.get("properties", {}).items()
        }
        existing = self._table_columns()
        if not existing:
            definition = ", ".join(
                f"{quote_identifier(name)} {sql_type}" for name, sql_type in wanted.items()
            )
            # A stream with no properties still gets a table, so that its rows can be counted.
            definition = definition or f"{quote_identifier('_sdc_empty')} BOOLEAN"
            self.connection.execute(f"CREATE TABLE {self.qualified_table} ({definition})")
        else:
            self.column_types = existing
            self._evolve(existing, wanted)
        self.column_types = self._table_columns()

    def _table_columns(self) -> dict[str, str]:
        rows = self.connection.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
            [self.schema_name, self.table_name],
        ).fetchall()
        return dict(rows)

    def _evolve(self, existing: dict[str, str], wanted: dict[str, str]) -> None:
        for name, sql_type in wanted.items():
            current = existing.get(name)
            if current is None:
                self.connection.execute(
                    f"ALTER TABLE {self.qualified_table} "
                    f"ADD COLUMN {quote_identifier(name)} {sql_type}"
                )
            elif current != sql_type and not _compatible(current, sql_type):
                # The stream changed a column's type. Text holds every old and new value
                # exactly, so the column becomes VARCHAR rather than losing either.
                self._alter_type(name, columns.VARCHAR)

    def _alter_type(self, name: str, sql_type: str) -> None:
        self.connection.execute(
            f"ALTER TABLE {self.qualified_table} ALTER {quote_identifier(name)} TYPE {sql_type}"
        )
        self.column_types[name] = sql_type

    @override
    def _validate_and_parse(self, record: dict) -> dict:
        # The SDK stops the run on an invalid record. Here the record is kept with its reason
        # and lands in the rejected-records table, so nothing is lost and the run goes on.
        # The SDK's own version also logs the record's values, which may be personal data.
        try:
            if self._validator is not None:
                self._validator.validate(record)
            self._parse_timestamps_in_record(
                record=record, schema=self.schema, treatment=self.datetime_error_treatment
            )
        except (InvalidRecord, ValueError) as exc:
            record[REJECTION_FIELD] = str(exc)
        return record

    @override
    def process_batch(self, context: dict) -> None:
        """Stage the batch as text in one bulk read, then upsert it in one transaction."""
        rows: list[dict[str, Any]] = []
        rejected: list[tuple[dict, str]] = []
        for record in context.get("records", []):
            reason = record.pop(REJECTION_FIELD, None)
            staged = None if reason else self._stage(record)
            if isinstance(staged, str):
                reason = staged
            if reason:
                rejected.append((record, reason))
            else:
                staged[_SEQUENCE] = str(len(rows))
                rows.append(staged)
        if rows:
            self._widen_integers(rows)
            self._upsert(rows)
        if rejected:
            self._reject(rejected)
        context["records"] = []

    def _stage(self, record: dict) -> dict[str, str | None] | str:
        """The record as text per column, or the reason it does not fit."""
        staged: dict[str, str | None] = {}
        for name, sql_type in self.column_types.items():
            try:
                staged[name] = columns.staging_text(record.get(name), sql_type)
            except (TypeError, ValueError, ArithmeticError) as exc:
                return f"field {name!r} does not fit column type {sql_type}: {exc}"
        return staged

    def _widen_integers(self, rows: list[dict[str, str | None]]) -> None:
        for name, sql_type in list(self.column_types.items()):
            if sql_type not in columns.INTEGER_WIDTHS[:2]:
                continue
            needed = sql_type
            for row in rows:
                if row[name] is not None:
                    needed = columns.widest(needed, columns.integer_width(int(row[name])))
            if needed != sql_type:
                self.logger.info("Widening %s.%s to %s", self.table_name, name, needed)
                self._alter_type(name, needed)

    def _upsert(self, rows: list[dict[str, str | None]]) -> None:
        names = list(self.column_types)
        positional = {name: f"c{i}" for i, name in enumerate(names)}
        with tempfile.TemporaryDirectory(prefix="target-warehouse-") as folder:
            staging_file = Path(folder) / "batch.ndjson"
            with staging_file.open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(columns.json_text(_positional(row, positional)) + "\n")
            spec = ", ".join(f"'{c}': 'VARCHAR'" for c in [*positional.values(), _SEQUENCE])
            cursor = self.connection.cursor()
            cursor.execute(
                "CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM read_json(?, "
                f"format = 'newline_delimited', columns = {{{spec}}}, "
                "maximum_object_size = 1073741824)",
                [str(staging_file)],
            )
        casts = ", ".join(
            f"CAST({positional[n]} AS {self.column_types[n]}) AS {quote_identifier(n)}"
            for n in names
        )
        target_columns = ", ".join(quote_identifier(n) for n in names)
        keys = [k for k in self.key_properties if k in positional]
        cursor.execute("BEGIN TRANSACTION")
        try:
            if keys:
                # Keep the last record of each key in the batch, and replace the stored one.
                partition = ", ".join(positional[k] for k in keys)
                cursor.execute(
                    "CREATE OR REPLACE TEMP TABLE stage_latest AS SELECT * FROM stage QUALIFY "
                    f"row_number() OVER (PARTITION BY {partition} "
                    f"ORDER BY CAST({_SEQUENCE} AS BIGINT) DESC) = 1"
                )
                matches = " AND ".join(
                    f"{self.qualified_table}.{quote_identifier(k)} IS NOT DISTINCT FROM "
                    f"CAST(stage_latest.{positional[k]} AS {self.column_types[k]})"
                    for k in keys
                )
                cursor.execute(
                    f"DELETE FROM {self.qualified_table} USING stage_latest WHERE {matches}"
                )
                source = "stage_latest"
            else:
                source = "stage"
            cursor.execute(
                f"INSERT INTO {self.qualified_table} ({target_columns}) "
                f"SELECT {casts} FROM {source} ORDER BY CAST({_SEQUENCE} AS BIGINT)"
            )
            cursor.execute("COMMIT")
        except Exception:
            cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.close()

    def _reject(self, rejected: list[tuple[dict, str]]) -> None:
        table = f"{quote_identifier(self.schema_name)}.{quote_identifier(REJECTED_TABLE)}"
        self.connection.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (stream VARCHAR, record JSON, "
            "reason VARCHAR, rejected_at TIMESTAMP WITH TIME ZONE)"
        )
        now = dt.datetime.now(dt.UTC)
        self.connection.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
            [(self.stream_name, columns.json_text(r), why, now) for r, why in rejected],
        )
        # Counts only: the values may be personal data and belong in the table, not the log.
        self.logger.warning(
            "%d record(s) of stream %s did not fit and were written to %s with the reason",
            len(rejected),
            self.stream_name,
            table,
        )

    @override
    def clean_up(self) -> None:
        if hasattr(self, "connection"):
            self.connection.close()
            del self.connection
        super().clean_up()


def _positional(row: dict[str, str | None], positional: dict[str, str]) -> dict[str, str | None]:
    staged = {positional[name]: value for name, value in row.items() if name in positional}
    staged[_SEQUENCE] = row[_SEQUENCE]
    return staged


def _compatible(current: str, wanted: str) -> bool:
    """Whether values of the ``wanted`` type load into a ``current`` column as they are."""
    if current in columns.INTEGER_WIDTHS and wanted == columns.BIGINT:
        return True  # a column already widened for big integers
    return current == columns.VARCHAR  # text takes every value, exactly
