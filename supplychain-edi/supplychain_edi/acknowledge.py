"""Functional acknowledgements for what a partner sent: one 997 / CONTRL record per group.

DESIGN §10: every functional group a partner sends is answered with a 997 (or a CONTRL):
accepted when it read cleanly, accepted with errors or rejected, with segment detail,
when not. This builds those records from the records `parse` returned, in the same shape
the readers give a partner's acknowledgement, so `write_x12` / `write_edifact` write them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from supplychain_edi.codes import (
    FUNCTIONAL_ID_MEANINGS,
    GROUP_ERRORS,
    SEGMENT_ERRORS,
    SET_ACK_CODES,
    SET_ERRORS,
    TRANSACTION_SETS,
)
from supplychain_edi.values import coded

# Warning and error codes of this library -> X12 AK502 set error codes.
SET_ERROR_BY_ISSUE = {
    "unsupported_set": "1",
    "set_trailer_missing": "2",
    "message_trailer_missing": "2",
    "set_control_number_mismatch": "3",
    "message_reference_mismatch": "3",
    "segment_count_mismatch": "4",
}
# ... -> AK304 segment error codes, for issues that name a segment in the set.
SEGMENT_ERROR_BY_ISSUE = {
    "unexpected_segment": "2",
    "segment_missing": "3",
    "unexpected_hl_level": "8",
    "hl_parent_missing": "8",
}
# ... -> AK905 group error codes.
GROUP_ERROR_BY_ISSUE = {
    "group_trailer_missing": "3",
    "group_control_number_mismatch": "4",
    "set_count_mismatch": "5",
    "message_count_mismatch": "5",
}


def _group_key(record: dict[str, Any]) -> tuple[str, str, str]:
    return (
        record.get("sender") or "",
        record.get("interchange_control_number") or "",
        record.get("group_control_number") or "",
    )


def _set_line(record: dict[str, Any], number: int) -> tuple[dict[str, Any], list[str]]:
    """One AK2 loop, and the group-level error codes this record's issues imply."""
    issues = list(record.get("warnings") or [])
    failed = record["document_type"] == "document_error"
    if failed:
        issues.append(record)
    set_errors: list[str] = []
    segment_errors: list[dict[str, Any]] = []
    group_errors: list[str] = []
    for issue in issues:
        code = issue["code"]
        if code in SET_ERROR_BY_ISSUE and SET_ERROR_BY_ISSUE[code] not in set_errors:
            set_errors.append(SET_ERROR_BY_ISSUE[code])
        elif code in SEGMENT_ERROR_BY_ISSUE and issue.get("segment"):
            segment_errors.append(
                {
                    "segment": issue["segment"],
                    "position": issue.get("position"),
                    "loop": None,
                    "code": coded(SEGMENT_ERROR_BY_ISSUE[code], SEGMENT_ERRORS),
                    "element_errors": [],
                }
            )
        elif code in GROUP_ERROR_BY_ISSUE:
            group_errors.append(GROUP_ERROR_BY_ISSUE[code])
    if segment_errors and "5" not in set_errors:
        set_errors.append("5")  # one or more segments in error
    if failed and not set_errors:
        set_errors.append("5")
    status = "R" if failed else ("E" if set_errors else "A")
    set_code = (record.get("transaction_set") or {}).get("code") or ""
    line = {
        "line_number": str(number),
        "set_code": coded(set_code, TRANSACTION_SETS),
        "set_control_number": record.get("set_control_number"),
        "status": coded(status, SET_ACK_CODES),
        "set_errors": [coded(c, SET_ERRORS) for c in set_errors[:5]],
        "segment_errors": segment_errors,
    }
    return line, group_errors


def acknowledgements_for(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One functional_ack record per functional group (or EDIFACT interchange) in `records`.

    Sets read cleanly are A; read with deviations E (with AK3 / AK5 detail); unreadable
    R. The group is A when every set is A, R when none was accepted, P when some were
    rejected, and E otherwise or when the group's own trailer was wrong.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for record in records:
        if not record.get("interchange_control_number"):
            continue  # garbage with no envelope: there is no group to acknowledge
        groups.setdefault(_group_key(record), []).append(record)
    acks: list[dict[str, Any]] = []
    for (_sender, interchange, group_control), members in groups.items():
        first = members[0]
        envelope = first.get("envelope") or {}
        group = envelope.get("group") or {}
        lines: list[dict[str, Any]] = []
        group_errors: list[str] = []
        for number, record in enumerate(members, 1):
            line, errors = _set_line(record, number)
            lines.append(line)
            group_errors += [e for e in errors if e not in group_errors]
        statuses = [line["status"]["code"] for line in lines]
        accepted = sum(1 for s in statuses if s in ("A", "E"))
        if accepted == 0:
            status = "R"
        elif "R" in statuses:
            status = "P"
        elif "E" in statuses or group_errors:
            status = "E"
        else:
            status = "A"
        functional_id = (group.get("functional_id") or {}).get("code")
        acks.append(
            {
                "document_type": "functional_ack",
                "transaction_set": coded(
                    "997" if first.get("dialect") == "X12" else "CONTRL", TRANSACTION_SETS
                ),
                "acknowledged_functional_id": coded(functional_id or "", FUNCTIONAL_ID_MEANINGS),
                "acknowledged_group_control_number": group_control or None,
                "acknowledged_interchange_control_number": interchange,
                "acknowledged_version": group.get("version") or first.get("version"),
                "acknowledged_sender": first.get("sender"),
                "acknowledged_receiver": first.get("receiver"),
                "interchange_action": None,
                "group_status": coded(status, SET_ACK_CODES),
                "sets_included": len(lines),
                "sets_received": len(lines),
                "sets_accepted": accepted,
                "group_errors": [coded(c, GROUP_ERRORS) for c in group_errors[:5]],
                "lines": lines,
            }
        )
    return acks
