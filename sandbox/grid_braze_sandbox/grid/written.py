"""Documents the sandbox writes as a partner, through the EDI library: the 846, 870, 214, 824 and
180 (and EDIFACT peers) mock-edi does not write, any other set a scenario needs with exact content,
and the sandbox's own 997/CONTRL answers to what we send. Also the damage the malformed-document
fault does on purpose."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from grid_braze_sandbox.grid.envelopes import FileSummary
from grid_braze_sandbox.grid.problems import GridError
from supplychain_edi import EdifactEnvelope, EdiWriteError, X12Envelope, write_edifact, write_x12

# AK502 codes for the envelope findings that make a set untrustworthy: 4 "number of included
# segments does not match actual count", 3 "transaction set control number in header and trailer
# do not match".
SET_ERROR_BY_WARNING = {"segment_count_mismatch": "4", "set_control_number_mismatch": "3"}
EDIFACT_DIRECTORIES = {"D96A": "D:96A:UN", "D01B": "D:01B:UN"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _normalise_dates(value: Any, key: str = "") -> Any:
    """Plain ISO dates become `{"date": ...}` date records before writing.

    The library's X12 writer copies a plain 'YYYY-MM-DD' string into the DTM time element as
    well (reported upstream); a date record is written correctly by every writer.
    """
    if isinstance(value, dict):
        return {k: _normalise_dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_dates(v, key) for v in value]
    if (
        isinstance(value, str)
        and _ISO_DATE.match(value)
        and (key.endswith("date") or key.isdigit())
    ):
        return {"date": value}
    return value


def render(
    records: list[dict[str, Any]],
    *,
    sender: str,
    receiver: str,
    dialect: str,
    version: str,
    control_number: int,
    timestamp: datetime,
) -> bytes:
    sender_qualifier, sender_id = sender.split(":", 1)
    receiver_qualifier, receiver_id = receiver.split(":", 1)
    prepared = [_normalise_dates(dict(r)) for r in records]
    try:
        if dialect == "EDIFACT":
            text = write_edifact(
                prepared,
                EdifactEnvelope(
                    sender_qualifier=sender_qualifier,
                    sender_id=sender_id,
                    receiver_qualifier=receiver_qualifier,
                    receiver_id=receiver_id,
                    interchange_control_number=control_number,
                    timestamp=timestamp,
                    directory=EDIFACT_DIRECTORIES.get(version, "D:96A:UN"),
                ),
            )
        else:
            text = write_x12(
                prepared,
                X12Envelope(
                    sender_qualifier=sender_qualifier,
                    sender_id=sender_id,
                    receiver_qualifier=receiver_qualifier,
                    receiver_id=receiver_id,
                    interchange_control_number=control_number,
                    group_control_number=control_number,
                    timestamp=timestamp,
                    version=version if version in ("004010", "005010") else "004010",
                ),
            )
    except (EdiWriteError, KeyError, TypeError, ValueError) as error:
        raise GridError(
            400, "unwritable_document", f"the EDI library refused it: {error}"
        ) from error
    return text.encode("utf-8")


def acknowledgement_records(
    summary: FileSummary, *, our_address: str, reject: bool
) -> list[dict[str, Any]]:
    """The 997s (one per group) or the CONTRL that answers one of our interchanges.

    Sets the EDI library could not read are rejected with the segment it stopped at; `reject`
    rejects everything, as a misconfigured partner translator would.
    """
    failed: dict[str, dict[str, Any]] = {}
    flawed: dict[str, list[str]] = {}
    for record in summary.records:
        control = str(record.get("set_control_number") or "")
        if record.get("document_type") == "document_error" and control:
            failed[control] = record
        for warning in record.get("warnings") or []:
            flawed.setdefault(control, []).append(str(warning.get("code")))
    out: list[dict[str, Any]] = []
    for group in summary.groups:
        lines = []
        for set_code, control in group.sets:
            error = failed.get(control)
            codes = [
                SET_ERROR_BY_WARNING[w]
                for w in flawed.get(control, [])
                if w in SET_ERROR_BY_WARNING
            ]
            rejected = reject or error is not None or bool(codes)
            line: dict[str, Any] = {
                "set_code": set_code,
                "set_control_number": control,
                "status": "R" if rejected else "A",
                "set_errors": (codes or ["5"]) if rejected else [],
            }
            if error is not None and error.get("segment"):
                line["segment_errors"] = [
                    {
                        "segment": error["segment"],
                        "position": error.get("position") or 1,
                        "code": "8",
                    }
                ]
            lines.append(line)
        accepted = sum(1 for line in lines if line["status"] == "A")
        status = "A" if accepted == len(lines) else ("R" if accepted == 0 else "P")
        if summary.standard == "EDIFACT":
            out.append(
                {
                    "document_type": "functional_ack",
                    "transaction_set": "CONTRL",
                    "acknowledged_interchange_control_number": group.key,
                    "acknowledged_sender": our_address,
                    "acknowledged_receiver": summary.receiver,
                    "group_status": status,
                    "lines": lines,
                }
            )
        else:
            out.append(
                {
                    "document_type": "functional_ack",
                    "transaction_set": "997",
                    "acknowledged_functional_id": group.functional_id,
                    "acknowledged_group_control_number": group.key,
                    "group_status": status,
                    "sets_accepted": accepted,
                    "lines": lines,
                }
            )
    return out


def damage(data: bytes, kind: str) -> bytes:
    """Break a document the way partners' translators do (issue 5 item 5)."""
    text = data.decode("utf-8", errors="replace")
    if kind == "truncated":
        return data[: max(1, len(data) * 2 // 3)]
    if kind == "wrong_segment_count":
        # SE01 / UNT one too high: the set is intact but its trailer miscounts it.
        def bump(match: re.Match[str]) -> str:
            return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"

        text = re.sub(r"((?:^|\n|~)SE\*)(\d+)(\*)", bump, text, count=1)
        text = re.sub(r"((?:^|\n|')UNT\+)(\d+)(\+)", bump, text, count=1)
        return text.encode("utf-8")
    if kind == "bad_separators":
        # The segment terminator after the header swapped for another character, as a
        # translator with the wrong delimiters writes it.
        if text.startswith("ISA") and len(text) > 106:
            terminator = text[105]
            return (text[:106] + text[106:].replace(terminator, "|")).encode("utf-8")
        return text.replace("'", "|").encode("utf-8")
    raise ValueError(kind)
