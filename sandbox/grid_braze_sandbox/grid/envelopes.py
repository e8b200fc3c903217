"""What the network learns from a file's envelopes: parties, control numbers, set types, business
keys and errors, read with the EDI library (VANs route on envelopes, reference §5.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supplychain_edi import parse
from supplychain_edi.codes import FUNCTIONAL_IDS

ACK_SETS = frozenset({"997", "999", "CONTRL"})
BUSINESS_KEY_NAMES = {
    "po_number": "PO_NUMBER",
    "asn_number": "ASN_NUMBER",
    "invoice_number": "INVOICE_NUMBER",
    "bol_number": "BOL",
    "pro_number": "PRO_NUMBER",
    "rma_number": "RMA_NUMBER",
}


@dataclass
class FunctionalGroup:
    """One X12 group, or one EDIFACT interchange (which has no group to speak of)."""

    key: str  # the GS06 group control number, or the UNB interchange reference
    functional_id: str
    sets: list[tuple[str, str]] = field(default_factory=list)  # (set code, control number)


@dataclass
class FileSummary:
    records: list[dict[str, Any]]
    sender: str = ""
    receiver: str = ""
    standard: str = "OTHER"
    version: str = ""
    document_type: str = ""
    functional_group_code: str = ""
    interchange_control_number: str = ""
    group_control_number: str = ""
    transaction_control_number: str = ""
    test_prod: str = "P"
    business_keys: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    groups: list[FunctionalGroup] = field(default_factory=list)
    set_codes: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return bool(self.set_codes) and not self.errors

    @property
    def is_ack_only(self) -> bool:
        return bool(self.set_codes) and all(code in ACK_SETS for code in self.set_codes)

    def acks(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r.get("document_type") == "functional_ack"]


def _code(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return str(value or "")


def summarise(data: bytes, source: str | None = None) -> FileSummary:
    records = parse(data, source=source)
    summary = FileSummary(records=records)
    documents = [r for r in records if r.get("document_type") != "document_error"]
    first = documents[0] if documents else (records[0] if records else {})
    summary.sender = first.get("sender") or ""
    summary.receiver = first.get("receiver") or ""
    summary.standard = first.get("dialect") or "OTHER"
    summary.version = first.get("version") or ""
    summary.document_type = _code(first.get("transaction_set"))
    envelope = first.get("envelope") or {}
    group = envelope.get("group") or {}
    summary.functional_group_code = _code(group.get("functional_id"))
    summary.interchange_control_number = first.get("interchange_control_number") or ""
    summary.group_control_number = first.get("group_control_number") or ""
    summary.transaction_control_number = first.get("set_control_number") or ""
    summary.test_prod = "T" if first.get("is_test") else "P"
    seen_keys: set[tuple[str, str]] = set()
    groups: dict[str, FunctionalGroup] = {}
    for record in records:
        set_code = _code(record.get("transaction_set"))
        if record.get("document_type") == "document_error":
            # A set the library could not read still belongs to its group, where the partner's
            # acknowledgement must reject it; an error outside any set has no group.
            if not (set_code and record.get("set_control_number")):
                continue
        else:
            summary.set_codes.append(set_code)
        for field_name, key_name in BUSINESS_KEY_NAMES.items():
            value = record.get(field_name)
            if value and (key_name, value) not in seen_keys:
                seen_keys.add((key_name, value))
                summary.business_keys.append({"name": key_name, "value": str(value)})
        if record.get("dialect") == "EDIFACT":
            key = record.get("interchange_control_number") or ""
            functional_id = set_code
        else:
            key = record.get("group_control_number") or ""
            record_group = (record.get("envelope") or {}).get("group") or {}
            functional_id = _code(record_group.get("functional_id")) or FUNCTIONAL_IDS.get(
                set_code, ""
            )
        found = groups.setdefault(key, FunctionalGroup(key, functional_id))
        found.sets.append((set_code, record.get("set_control_number") or ""))
    summary.groups = list(groups.values())
    for record in records:
        if record.get("document_type") == "document_error":
            summary.errors.append(
                {
                    "code": record.get("code"),
                    "message": record.get("message"),
                    "segment": record.get("segment"),
                    "position": record.get("position"),
                    "element": record.get("element"),
                }
            )
    if not records:
        summary.errors.append({"code": "empty_file", "message": "the file holds no interchange"})
    return summary
