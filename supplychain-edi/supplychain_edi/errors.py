"""The error record: what the tap's `document_errors` stream carries for an unreadable document."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import TRANSACTION_SETS
from supplychain_edi.document import RawDocument
from supplychain_edi.segments import Issue
from supplychain_edi.values import coded


def error_record(
    issue: Issue,
    document: RawDocument | None = None,
    source: str | None = None,
    dialect: str | None = None,
    ordinal: int = 0,
) -> dict[str, Any]:
    """One structured error (segment, position, element, code, message) for one document.

    Without an envelope (binary garbage, an unknown format) the id falls back to the
    file and the error's ordinal in it, so every error still has a unique key.
    """
    env: dict[str, Any] = document.envelope if document else {}
    sender = (env.get("sender") or {}).get("address")
    receiver = (env.get("receiver") or {}).get("address")
    if document is not None and document.segments:
        document_id = document.document_id
    elif document is not None:
        document_id = f"{document.document_id}:error-{ordinal}"
    else:
        document_id = f"{source or '<input>'}:error-{ordinal}"
    return {
        "document_type": "document_error",
        "document_id": document_id,
        "dialect": document.dialect if document else dialect,
        "transaction_set": coded(document.set_code, TRANSACTION_SETS) if document else None,
        "version": document.version if document else None,
        "sender": sender,
        "receiver": receiver,
        "interchange_control_number": env.get("interchange_control_number"),
        "group_control_number": env.get("group_control_number"),
        "set_control_number": env.get("set_control_number"),
        "is_test": env.get("is_test"),
        "source_file": source if source is not None else (document.source if document else None),
        "code": issue.code,
        "message": issue.message,
        "segment": issue.segment,
        "position": issue.position,
        "element": issue.element,
        "file_position": issue.file_position,
        "warnings": [w.as_dict() for w in document.warnings] if document else [],
    }
