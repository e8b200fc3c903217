"""The network's routing of what we send (issue 5 item 1, reference §2.6 "Outbound transaction").

A file in `outbound/` is read with the EDI library, checked, handed to its receiver (the
supplier's mock-edi, or the sandbox's own acknowledging partner), moved to `sent/` and tracked
until its functional acknowledgement arrives or runs late.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mockedi.testing import MockError

from grid_braze_sandbox.grid.envelopes import FileSummary, summarise
from grid_braze_sandbox.grid.store import Record
from grid_braze_sandbox.grid.suppliers import SupplierMock

if TYPE_CHECKING:
    from grid_braze_sandbox.grid.service import GridService

# What mock-edi reads as a seller: orders and changes, remittances, and acknowledgements of the
# documents it sent.
MOCK_SETS = frozenset({"850", "860", "820", "997", "999", "ORDERS", "ORDCHG", "REMADV", "CONTRL"})


class OutboundRouter:
    def __init__(self, service: GridService) -> None:
        self.service = service

    def route_file(self, path: Path, protocol: str = "SFTP") -> Record | None:
        """Route one file of `outbound/`; None when it vanished before it could be read."""
        service = self.service
        with service.network_lock:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                return None
            return self._route(path, data, protocol)

    def route_bytes(self, name: str, data: bytes, protocol: str) -> Record:
        """Route a body given to `POST /tg/v1/mailboxes/{id}/outbox`: it is placed in
        `outbound/` first, so that it leaves the same trace as a file."""
        service = self.service
        with service.network_lock:
            path = service.folders.place("outbound", name, data)
            return self._route(path, data, protocol)

    def _route(self, path: Path, data: bytes, protocol: str) -> Record:
        service = self.service
        ledger = service.ledger
        summary = summarise(data, source=path.name)
        transaction, _document = ledger.open_transaction(
            direction="OUTBOUND",
            filename=path.name,
            data=data,
            summary=summary,
            protocol=protocol,
            status="PROCESSING",
        )
        transaction_id = transaction["transactionId"]
        service.log.add(
            "mailbox",
            action="picked_up",
            folder="outbound",
            filename=path.name,
            transactionId=transaction_id,
        )
        refusal = self._refusal(summary)
        if refusal is not None:
            status, event_type, message = refusal
            return self._refuse(path, transaction_id, summary, status, event_type, message)
        ledger.event(transaction_id, "TASK_COMPLETED", {"task": "VALIDATE"})
        partner = service.partners.get(summary.receiver)
        if partner is None:
            return self._refuse(
                path,
                transaction_id,
                summary,
                "DELIVERY_ERROR",
                "DELIVERY_ERROR",
                f"no trading partnership with {summary.receiver or 'an unnamed receiver'}",
            )
        if ledger.seen_before(partner.address, summary.interchange_control_number):
            return self._refuse(
                path,
                transaction_id,
                summary,
                "DUPLICATED",
                "TASK_ERROR",
                f"interchange {summary.interchange_control_number} was already sent to "
                f"{partner.address}",
            )
        ledger.event(
            transaction_id, "TASK_COMPLETED", {"task": "ROUTE", "partner": partner.address}
        )
        ledger.set_status(transaction_id, "DELIVERY_IN_PROGRESS")
        sent = service.folders.move(path, "sent")
        now = service.store.stamp()
        transaction = ledger.set_status(
            transaction_id, "DELIVERED", deliveredAt=now, folder="sent", filename=sent.name
        )
        ledger.event(transaction_id, "DELIVERY_COMPLETED", {"partner": partner.address})
        ledger.track_groups(transaction, summary, partner.address)
        service.log.add(
            "mailbox",
            action="routed",
            folder="sent",
            filename=sent.name,
            transactionId=transaction_id,
            partner=partner.address,
            documentTypes=summary.set_codes,
        )
        # The receiver answers after the routing is recorded, so an ack that comes back at once
        # finds the group it settles.
        if (
            partner.mock is not None
            and summary.set_codes
            and all(code in MOCK_SETS for code in summary.set_codes)
        ):
            self._stock_unknown_items(partner.mock, summary)
            try:
                partner.mock.send(data.decode("utf-8", errors="replace"))
            except (MockError, OSError) as error:
                # The supplier's translator refused the interchange outright (mock-edi answers
                # with an error rather than an ack): a delivery error the sender must see.
                message = f"{partner.address} refused the interchange: {error}"
                ledger.event(transaction_id, "DELIVERY_ERROR", {"message": message})
                ledger.set_status(transaction_id, "DELIVERY_ERROR")
                ledger.alert(
                    "OUTBOUND_ERROR",
                    message,
                    transaction_id=transaction_id,
                    partner=partner.address,
                    severity="ERROR",
                )
            service.collect_from(partner)
        elif not summary.is_ack_only:
            service.acknowledge(partner, summary)
        return service.store.get("transactions", transaction_id) or transaction

    @staticmethod
    def _stock_unknown_items(mock: SupplierMock, summary: FileSummary) -> None:
        """mock-edi rejects a line for an item it does not sell; a scenario's skus are added with
        ample stock at the ordered price unless the scenario listed them itself."""
        known = mock.known_skus()
        missing: dict[str, dict[str, object]] = {}
        for record in summary.records:
            if record.get("document_type") != "purchase_order":
                continue
            for line in record.get("lines") or []:
                sku = line.get("sku") or line.get("vendor_item") or line.get("buyer_item")
                if sku and sku not in known and sku not in missing:
                    missing[sku] = {
                        "sku": sku,
                        "price": line.get("unit_price") or "1.00",
                        "description": line.get("description") or sku,
                    }
        if missing:
            mock.stock(list(missing.values()))

    def _refusal(self, summary: FileSummary) -> tuple[str, str, str] | None:
        if not summary.groups:
            detail = "; ".join(str(e.get("message")) for e in summary.errors) or "unreadable"
            return "VALIDATION_ERROR", "CONTENT_ERROR", f"the envelope cannot be read: {detail}"
        ours = self.service.config.our_address
        if summary.sender != ours:
            return (
                "VALIDATION_ERROR",
                "TASK_ERROR",
                f"the sender {summary.sender} is not an address of this mailbox ({ours})",
            )
        return None

    def _refuse(
        self,
        path: Path,
        transaction_id: str,
        summary: FileSummary,
        status: str,
        event_type: str,
        message: str,
    ) -> Record:
        service = self.service
        failed = service.folders.move(path, "failed")
        service.ledger.event(transaction_id, event_type, {"message": message})
        transaction = service.ledger.set_status(
            transaction_id,
            status,
            folder="failed",
            filename=failed.name,
            errors=[*summary.errors, {"code": status.lower(), "message": message}],
        )
        service.ledger.alert(
            "OUTBOUND_ERROR",
            message,
            transaction_id=transaction_id,
            partner=summary.receiver or None,
            severity="ERROR",
        )
        service.log.add(
            "mailbox",
            action="refused",
            folder="failed",
            filename=failed.name,
            transactionId=transaction_id,
            status=status,
            message=message,
        )
        return transaction
