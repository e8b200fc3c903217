"""The network's records of what went through the mailbox: transactions with their events,
inbox documents, functional-ack tracking and alerts (reference §2.5 to §2.6, emulated).

Vocabulary from OpenText's visibility events (TransactionStatus, FA status, delinquency); shapes
are the emulator's own.
"""

from __future__ import annotations

import hashlib
import heapq
from datetime import datetime, timedelta
from typing import Any

from grid_braze_sandbox.grid.addresses import address_object
from grid_braze_sandbox.grid.config import GridConfig
from grid_braze_sandbox.grid.envelopes import FileSummary
from grid_braze_sandbox.grid.store import Record, Store, format_stamp, parse_stamp

TRANSACTIONS = "transactions"
EVENTS = "transaction_events"
DOCUMENTS = "documents"
FUNCTIONAL_ACKS = "functional_acks"
ALERTS = "alerts"

CONTENT_TYPES = {"X12": "application/edi-x12", "EDIFACT": "application/edifact"}
# AK901 / AK501 codes (and CONTRL read the same way by the EDI library) → FA status.
FA_STATUS_BY_CODE = {
    "A": "ACCEPTED",
    "E": "ACCEPTED_WITH_ERRORS",
    "P": "PARTIALLY_ACCEPTED",
    "R": "REJECTED",
    "M": "REJECTED",
    "W": "REJECTED",
    "X": "REJECTED",
}


def _address_or_none(display: str) -> dict[str, str] | None:
    return address_object(display) if display and ":" in display else None


class GridLedger:
    def __init__(self, store: Store, config: GridConfig) -> None:
        self.store = store
        self.config = config
        # What is waiting for time to pass, by id, with heaps of due times so that a clock move
        # looks only at what has come due (a scenario moves the clock thousands of times over
        # inboxes of many thousands of documents).
        self._pending_fa: dict[str, datetime] = {}
        self._fa_due: list[tuple[datetime, str]] = []
        self._fa_by_key: dict[tuple[str, str], str] = {}
        self._awaiting_pickup: dict[str, datetime] = {}
        self._pickup_due: list[tuple[datetime, str]] = []
        self._sent_controls: dict[tuple[str, str], datetime] = {}
        # The latest inbound document by file name: SFTP deletes confirm by name, and a tap that
        # confirms every download must not make each one a scan of the whole inbox.
        self._inbound_by_name: dict[str, str] = {}

    # Transactions and documents ----------------------------------------------------------------

    def open_transaction(
        self,
        *,
        direction: str,
        filename: str,
        data: bytes,
        summary: FileSummary,
        protocol: str,
        status: str,
    ) -> tuple[Record, Record]:
        """A transaction and its document record for one file (one interchange, as ECGrid
        recommends: one parcel, one interchange)."""
        store = self.store
        with store.lock:
            transaction_id = store.new_id("TX")
            document_id = store.new_id("DOC")
            now = store.stamp()
            common: Record = {
                "direction": direction,
                "mailboxId": self.config.mailbox_id,
                "mailslotId": "MS-1",
                "senderAddress": _address_or_none(summary.sender),
                "receiverAddress": _address_or_none(summary.receiver),
                "standard": summary.standard,
                "version": summary.version,
                "documentType": summary.document_type,
                "functionalGroupCode": summary.functional_group_code,
                "interchangeControlNumber": summary.interchange_control_number,
                "groupControlNumber": summary.group_control_number,
                "transactionControlNumber": summary.transaction_control_number,
                "setCount": len(summary.set_codes),
                "documentTypes": sorted(set(summary.set_codes)),
                "businessKeys": summary.business_keys,
                "testProd": summary.test_prod,
                "sizeBytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "protocol": protocol,
                "filename": filename,
                "errors": summary.errors,
                "receivedAt": now,
            }
            fa_status = (
                "NOT_TRACKED" if direction == "INBOUND" or summary.is_ack_only else "PENDING"
            )
            transaction = store.insert(
                TRANSACTIONS,
                "transactionId",
                {
                    "transactionId": transaction_id,
                    "documentId": document_id,
                    "correlationId": transaction_id,
                    **common,
                    "status": status,
                    "faStatus": fa_status,
                    "ackCode": None,
                    "deliveredAt": None,
                },
            )
            document = store.insert(
                DOCUMENTS,
                "documentId",
                {
                    "documentId": document_id,
                    "transactionId": transaction_id,
                    **common,
                    "folder": "inbound" if direction == "INBOUND" else "outbound",
                    "status": status,
                    "faStatus": fa_status,
                    "downloadedAt": None,
                    "deliveredAt": None,
                },
            )
            self.event(transaction_id, "RECEIVE_COMPLETED", {"filename": filename})
            if direction == "INBOUND":
                self._await_pickup(document_id, parse_stamp(now))
                self._inbound_by_name[filename] = document_id
            return transaction, document

    def event(self, transaction_id: str, event_type: str, detail: dict[str, Any]) -> Record:
        store = self.store
        with store.lock:
            stamp = store.stamp()
            return store.insert(
                EVENTS,
                "eventId",
                {
                    "eventId": store.new_id("EV"),
                    "transactionId": transaction_id,
                    "eventType": event_type,
                    "eventTimestamp": stamp,
                    "detail": detail,
                },
            )

    def set_status(self, transaction_id: str, status: str, **fields: Any) -> Record:
        store = self.store
        with store.lock:
            transaction = store.update(TRANSACTIONS, transaction_id, {"status": status, **fields})
            document_fields = {
                k: v for k, v in fields.items() if k in ("deliveredAt", "folder", "filename")
            }
            store.update(
                DOCUMENTS, transaction["documentId"], {"status": status, **document_fields}
            )
            return transaction

    def inbound_document(self, filename: str) -> Record | None:
        with self.store.lock:
            document_id = self._inbound_by_name.get(filename)
            return self.store.get(DOCUMENTS, document_id) if document_id else None

    def confirm(self, document_id: str) -> Record:
        store = self.store
        with store.lock:
            document = store.get(DOCUMENTS, document_id)
            if document is None or document["direction"] != "INBOUND":
                raise KeyError(document_id)
            if document["status"] == "DELIVERED":
                return document
            now = store.stamp()
            self._awaiting_pickup.pop(document_id, None)
            self.event(document["transactionId"], "DELIVERY_COMPLETED", {"downloadedAt": now})
            store.update(
                TRANSACTIONS, document["transactionId"], {"status": "DELIVERED", "deliveredAt": now}
            )
            return store.update(
                DOCUMENTS,
                document_id,
                {"status": "DELIVERED", "downloadedAt": now, "deliveredAt": now},
            )

    def reset(self, document_id: str) -> Record:
        store = self.store
        with store.lock:
            document = store.get(DOCUMENTS, document_id)
            if document is None or document["direction"] != "INBOUND":
                raise KeyError(document_id)
            if document["status"] == "READY_FOR_PICKUP":
                return document
            self.event(document["transactionId"], "DELIVERY_READY_FOR_PICKUP", {"reset": True})
            store.update(TRANSACTIONS, document["transactionId"], {"status": "READY_FOR_PICKUP"})
            self._await_pickup(document_id, self.store.clock.now())
            return store.update(
                DOCUMENTS,
                document_id,
                {"status": "READY_FOR_PICKUP", "downloadedAt": None, "deliveredAt": None},
            )

    # Duplicates ------------------------------------------------------------------------------

    def seen_before(self, partner: str, interchange_control_number: str) -> bool:
        """Whether we sent this interchange control number to this partner within the window."""
        now = self.store.clock.now()
        key = (partner, interchange_control_number)
        with self.store.lock:
            seen = self._sent_controls.get(key)
            if seen is not None and now - seen <= timedelta(days=self.config.duplicate_window_days):
                return True
            self._sent_controls[key] = now
            return False

    # Functional acks -------------------------------------------------------------------------

    def track_groups(self, transaction: Record, summary: FileSummary, partner: str) -> None:
        if summary.is_ack_only:
            return
        store = self.store
        with store.lock:
            delivered = store.clock.now()
            due = delivered + timedelta(hours=self.config.fa_window_hours)
            for group in summary.groups:
                if all(code in ("997", "999", "CONTRL") for code, _ in group.sets):
                    continue
                group_id = store.new_id("FA")
                store.insert(
                    FUNCTIONAL_ACKS,
                    "groupId",
                    {
                        "groupId": group_id,
                        "transactionId": transaction["transactionId"],
                        "direction": "OUTBOUND",
                        "partnerAddress": address_object(partner),
                        "standard": summary.standard,
                        "functionalGroupCode": group.functional_id,
                        "groupControlNumber": group.key if summary.standard == "X12" else None,
                        "interchangeControlNumber": summary.interchange_control_number,
                        "documentTypes": sorted({code for code, _ in group.sets}),
                        "setControlNumbers": [control for _, control in group.sets],
                        "numOfDocs": len(group.sets),
                        "faStatus": "PENDING",
                        "ackCode": None,
                        "ackDate": None,
                        "ackTransactionId": None,
                        "deliveredAt": format_stamp(delivered),
                        "dueAt": format_stamp(due),
                        "delinquent": False,
                        "numDocAccepted": None,
                        "numDocRejected": None,
                    },
                )
                self._pending_fa[group_id] = due
                heapq.heappush(self._fa_due, (due, group_id))
                self._fa_by_key[(partner, self._match_key(summary.standard, group.key))] = group_id

    @staticmethod
    def _match_key(standard: str, key: str) -> str:
        # Control numbers are compared as numbers where they are numbers: an AK102 of "1001"
        # answers a GS06 of "1001", and a UCI of "000001001" a UNB of "1001".
        stripped = key.lstrip("0")
        return f"{standard}:{stripped if key.isdigit() else key}"

    def settle(self, ack_transaction_id: str, partner: str, ack: dict[str, Any]) -> Record | None:
        """Match a partner's 997/999/CONTRL to the group it answers, and record its verdict."""
        standard = ack.get("dialect") or "X12"
        if standard == "EDIFACT":
            key = str(ack.get("acknowledged_interchange_control_number") or "")
        else:
            key = str(ack.get("acknowledged_group_control_number") or "")
        store = self.store
        with store.lock:
            group_id = self._fa_by_key.get((partner, self._match_key(standard, key)))
            if group_id is None:
                return None
            code = _code(ack.get("group_status")) or "A"
            lines = ack.get("lines") or []
            rejected = sum(1 for line in lines if _code(line.get("status")) in ("R", "M", "W", "X"))
            accepted = ack.get("sets_accepted")
            if accepted is None:
                accepted = len(lines) - rejected
            now = store.stamp()
            self._pending_fa.pop(group_id, None)
            record = store.update(
                FUNCTIONAL_ACKS,
                group_id,
                {
                    "faStatus": FA_STATUS_BY_CODE.get(code, "ACCEPTED"),
                    "ackCode": code,
                    "ackDate": now,
                    "ackTransactionId": ack_transaction_id,
                    "delinquent": False,
                    "numDocAccepted": accepted,
                    "numDocRejected": rejected,
                },
            )
            transaction_id = record["transactionId"]
            self.event(
                transaction_id,
                "FA_RECEIVED",
                {"groupId": group_id, "ackCode": code, "ackTransactionId": ack_transaction_id},
            )
            store.update(
                TRANSACTIONS,
                transaction_id,
                {"faStatus": record["faStatus"], "ackCode": code},
            )
            transaction = store.get(TRANSACTIONS, transaction_id)
            if transaction is not None:
                store.update(
                    DOCUMENTS,
                    transaction["documentId"],
                    {"faStatus": record["faStatus"]},
                )
            return record

    def hours_to_delinquent(self, record: Record) -> float | None:
        """Computed when read: it changes with the clock, not with the record."""
        if record["faStatus"] != "PENDING":
            return None
        left = parse_stamp(record["dueAt"]) - self.store.clock.now()
        return round(max(left.total_seconds(), 0) / 3600, 2)

    # Time passing ----------------------------------------------------------------------------

    def _await_pickup(self, document_id: str, since: datetime) -> None:
        self._awaiting_pickup[document_id] = since
        due = since + timedelta(minutes=self.config.inbox_timeout_minutes)
        heapq.heappush(self._pickup_due, (due, document_id))

    def sweep(self, now: datetime) -> None:
        store = self.store
        with store.lock:
            while self._fa_due and self._fa_due[0][0] < now:
                due, group_id = heapq.heappop(self._fa_due)
                if self._pending_fa.get(group_id) != due:
                    continue  # settled meanwhile
                del self._pending_fa[group_id]
                record = store.update(
                    FUNCTIONAL_ACKS, group_id, {"faStatus": "OVERDUE", "delinquent": True}
                )
                store.update(TRANSACTIONS, record["transactionId"], {"faStatus": "OVERDUE"})
                self.event(record["transactionId"], "FA_OVERDUE", {"groupId": group_id})
                group = record["groupControlNumber"] or record["interchangeControlNumber"]
                self.alert(
                    "FA_OVERDUE",
                    f"no functional acknowledgement from {record['partnerAddress']['display']} "
                    f"for group {group}",
                    transaction_id=record["transactionId"],
                    partner=record["partnerAddress"]["display"],
                )
            timeout = timedelta(minutes=self.config.inbox_timeout_minutes)
            while self._pickup_due and self._pickup_due[0][0] < now:
                due, document_id = heapq.heappop(self._pickup_due)
                since = self._awaiting_pickup.get(document_id)
                if since is None or since + timeout != due:
                    continue  # confirmed, or reset to wait again
                del self._awaiting_pickup[document_id]
                document = store.get(DOCUMENTS, document_id)
                if document is None or document["status"] != "READY_FOR_PICKUP":
                    continue
                sender = document["senderAddress"]
                self.alert(
                    "PENDING_PICKUP",
                    f"{document['filename']} has waited in the inbox for more than "
                    f"{self.config.inbox_timeout_minutes:g} minutes",
                    transaction_id=document["transactionId"],
                    partner=sender["display"] if sender else None,
                )

    def alert(
        self,
        alert_type: str,
        message: str,
        *,
        transaction_id: str | None = None,
        partner: str | None = None,
        severity: str = "WARNING",
    ) -> Record:
        store = self.store
        with store.lock:
            return store.insert(
                ALERTS,
                "alertId",
                {
                    "alertId": store.new_id("AL"),
                    "alertType": alert_type,
                    "severity": severity,
                    "message": message,
                    "mailboxId": self.config.mailbox_id,
                    "transactionId": transaction_id,
                    "partnerAddress": _address_or_none(partner or ""),
                    "raisedAt": store.stamp(),
                },
            )


def _code(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return str(value or "")
