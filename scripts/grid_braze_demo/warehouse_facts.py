"""What the report reads from the demo's warehouse: partner rejections and case event times.

Rejections are shown as the tap loaded them into the raw tables (DESIGN §11): 997s whose group
(AK9) or a set (AK5) is R or E, and every 824 application advice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

RAW = "tap_trading_grid"
REJECTING_CODES = ("R", "E")


@dataclass(frozen=True)
class Rejection:
    kind: str  # "997" or "824"
    partner: str
    document_id: str
    acknowledges: str  # what the partner rejected: functional id and group control, or reference
    status: str
    detail: str
    source_file: str


def _code(value: Any) -> str:
    # Coded elements arrive as {"code", "meaning"} objects (JSON text in DuckDB).
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return "" if value is None else str(value)


def _meaning(value: Any) -> str:
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    if isinstance(value, dict):
        return f"{value.get('code')} ({value.get('meaning')})" if value.get("meaning") else ""
    return "" if value is None else str(value)


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        name
        for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = ?", [RAW]
        ).fetchall()
    }


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def partner_rejections(warehouse: Path) -> list[Rejection]:
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = _tables(connection)
        rejections = []
        if {"functional_acks", "functional_acks_lines"} <= tables:
            rejections += _rejected_997s(connection)
        if "application_advice" in tables:
            rejections += _application_advice(connection, "application_advice_lines" in tables)
    return rejections


def _rejected_997s(connection: duckdb.DuckDBPyConnection) -> list[Rejection]:
    acks = _rows(connection, f"select * from {RAW}.functional_acks order by document_id")
    lines: dict[str, list[dict]] = {}
    for line in _rows(
        connection, f"select * from {RAW}.functional_acks_lines order by document_id, line_index"
    ):
        lines.setdefault(line["document_id"], []).append(line)
    rejections = []
    for ack in acks:
        own_lines = lines.get(ack["document_id"], [])
        rejected_sets = [line for line in own_lines if _code(line["status"]) in REJECTING_CODES]
        if _code(ack["group_status"]) not in REJECTING_CODES and not rejected_sets:
            continue
        detail = "; ".join(
            f"set {_code(line['set_code'])} {line['set_control_number']}: "
            f"AK5 {_code(line['status'])} "
            f"{_errors([line.get('set_errors'), line.get('segment_errors')])}".strip()
            for line in rejected_sets
        ) or _errors(ack.get("group_errors"))
        rejections.append(
            Rejection(
                "997" if ack.get("dialect") != "EDIFACT" else "CONTRL",
                ack["sender"],
                ack["document_id"],
                f"{_code(ack['acknowledged_functional_id'])} group "
                f"{ack['acknowledged_group_control_number']}"
                if ack.get("acknowledged_group_control_number")
                else f"interchange {ack.get('acknowledged_interchange_control_number')}",
                f"AK9 {_meaning(ack['group_status'])}",
                detail,
                ack.get("source_file") or "",
            )
        )
    return rejections


def _application_advice(connection: duckdb.DuckDBPyConnection, with_lines: bool) -> list[Rejection]:
    advices = _rows(connection, f"select * from {RAW}.application_advice order by document_id")
    lines: dict[str, list[dict]] = {}
    if with_lines:
        for line in _rows(connection, f"select * from {RAW}.application_advice_lines"):
            lines.setdefault(line["document_id"], []).append(line)
    return [
        Rejection(
            "824",
            advice["sender"],
            advice["document_id"],
            "; ".join(
                f"{_code(line.get('original_set_code'))} {line.get('reference') or ''}".strip()
                for line in lines.get(advice["document_id"], [])
            )
            or str(advice.get("reference") or ""),
            _meaning(advice.get("status")) or _meaning(advice.get("purpose")),
            "; ".join(
                f"{_code(line.get('status'))} {_errors(line.get('errors'))}".strip()
                for line in lines.get(advice["document_id"], [])
            ),
            advice.get("source_file") or "",
        )
        for advice in advices
    ]


def _errors(value: Any) -> str:
    """The distinct error codes in an error structure, with their meanings, briefly."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str) and item[:1] in ("[", "{"):
            item = json.loads(item)
        if isinstance(item, dict):
            if isinstance(item.get("code"), str) and item.get("meaning"):
                text = f"{item['code']} {item['meaning']}"
                if text not in found:
                    found.append(text)
            for child in item.values():
                walk(child)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(value)
    return f"({', '.join(found[:4])})" if found else ""


def case_status_times(warehouse: Path) -> dict[tuple[str, str], str]:
    """(case id, status) → when the case first entered that status (partner_case_events)."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if "partner_case_events" not in _tables(connection):
            return {}
        rows = connection.execute(
            f'select "caseId", "toStatus", min("occurredAt") from {RAW}.partner_case_events'
            " group by 1, 2"
        ).fetchall()
    return {
        (case, status): moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        for case, status, moment in rows
        if moment is not None
    }
