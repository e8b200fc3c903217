"""The Grid emulator's state and behaviour, shared by the REST app, the admin API and SFTP."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from grid_braze_sandbox.clock import SimulatedClock
from grid_braze_sandbox.grid.community import Community
from grid_braze_sandbox.grid.config import GridConfig
from grid_braze_sandbox.grid.envelopes import FileSummary, summarise
from grid_braze_sandbox.grid.faults import GridFaults
from grid_braze_sandbox.grid.idempotency import IdempotencyCache
from grid_braze_sandbox.grid.mailbox import MailboxFolders
from grid_braze_sandbox.grid.oauth import TokenIssuer
from grid_braze_sandbox.grid.partners import Partner, PartnerRegistry
from grid_braze_sandbox.grid.ratelimit import TokenBucketLimiter
from grid_braze_sandbox.grid.requestlog import RequestLog
from grid_braze_sandbox.grid.routing import OutboundRouter
from grid_braze_sandbox.grid.store import Record, Store
from grid_braze_sandbox.grid.tracking import GridLedger
from grid_braze_sandbox.grid.written import acknowledgement_records, damage, render

SETTLE_SECONDS = 0.25  # a file touched more recently may still be being written by a local writer


@dataclass
class LateAck:
    due: datetime
    partner: Partner
    data: bytes


class GridService:
    def __init__(self, root: Path, clock: SimulatedClock, config: GridConfig | None = None) -> None:
        self.root = root
        self.clock = clock
        self.config = config or GridConfig()
        self.store = Store(clock)
        self.folders = MailboxFolders(root / "mailbox")
        self.ledger = GridLedger(self.store, self.config)
        self.partners = PartnerRegistry(self.store)
        self.community = Community(self.store)
        self.faults = GridFaults()
        self.tokens = TokenIssuer(self.config)
        self.limiter = TokenBucketLimiter(
            self.config.rate_limit_per_second, self.config.rate_limit_burst
        )
        self.idempotency = IdempotencyCache(self.config.idempotency_hours)
        self.log = RequestLog(clock, self.config.request_log_limit)
        self.router = OutboundRouter(self)
        self.authorized_keys: list[str] = list(self.config.authorized_keys)
        # Routing, inbound placement and following the clock happen one at a time, as a
        # store-and-forward network processes a mailbox.
        self.network_lock = threading.RLock()
        self.files_being_written: set[str] = set()
        self._late_acks: list[LateAck] = []
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, name="grid-outbound", daemon=True)
        self.community.seed_our_company(self.config)
        clock.on_change(self.follow_clock)

    def start(self) -> GridService:
        self._poller.start()
        return self

    # Inbound: documents for us -----------------------------------------------------------------

    def deliver_inbound(
        self,
        data: bytes,
        *,
        origin: str,
        filename: str | None = None,
        faults_apply: bool = True,
    ) -> Record:
        """Place one interchange from a partner in `inbound/` and register it in the inbox.

        `origin` says who produced it (`mock-edi`, `sandbox`, `sftp`) for the request log.
        """
        with self.network_lock:
            kind = self.faults.malformation() if faults_apply else None
            if kind is not None:
                data = damage(data, kind)
            summary = summarise(data)
            name = filename or self._inbound_name(summary)
            path = self.folders.place("inbound", name, data)
            document = self.register_inbound(path.name, data, summary, origin, malformed=kind)
            if faults_apply and self.faults.duplicate_delivery():
                copy = self.folders.place("inbound", name, data)
                self.register_inbound(copy.name, data, summary, origin, duplicate_of=path.name)
            return document

    def register_inbound(
        self,
        name: str,
        data: bytes,
        summary: FileSummary | None,
        origin: str,
        **note: Any,
    ) -> Record:
        summary = summary or summarise(data, source=name)
        ledger = self.ledger
        transaction, document = ledger.open_transaction(
            direction="INBOUND",
            filename=name,
            data=data,
            summary=summary,
            protocol="SFTP" if origin == "sftp" else "TGMS",
            status="PROCESSING",
        )
        transaction_id = transaction["transactionId"]
        ledger.event(transaction_id, "TASK_COMPLETED", {"task": "VALIDATE"})
        ledger.event(transaction_id, "DELIVERY_READY_FOR_PICKUP", {"folder": "inbound"})
        document = ledger.set_status(transaction_id, "READY_FOR_PICKUP")
        self.log.add(
            "mailbox",
            action="delivered",
            folder="inbound",
            filename=name,
            origin=origin,
            transactionId=transaction_id,
            documentTypes=summary.set_codes,
            **{k: v for k, v in note.items() if v},
        )
        for ack in summary.acks():
            ledger.settle(transaction_id, summary.sender, ack)
        return self.store.get("documents", transaction["documentId"]) or document

    def _inbound_name(self, summary: FileSummary) -> str:
        # Reference §2.8 names files by type, party, UTC time and control number.
        set_code = summary.document_type or "unknown"
        sender = summary.sender.split(":", 1)[-1] if summary.sender else "unknown"
        stamp = self.clock.now().strftime("%Y%m%d%H%M%S")
        control = summary.interchange_control_number.lstrip("0") or "0"
        return f"{set_code}_{sender}_{stamp}_{control}.edi"

    # Suppliers and acks ------------------------------------------------------------------------

    def collect_from(self, partner: Partner) -> list[Record]:
        if partner.mock is None:
            return []
        payloads = partner.mock.follow_clock(self.clock.now())
        return [self.deliver_inbound(p.encode("utf-8"), origin="mock-edi") for p in payloads]

    def release_from(
        self, partner: Partner, seconds: float | None, everything: bool
    ) -> list[Record]:
        if partner.mock is None:
            return []
        with self.network_lock:
            payloads = partner.mock.release(seconds, everything)
            return [self.deliver_inbound(p.encode("utf-8"), origin="mock-edi") for p in payloads]

    def acknowledge(self, partner: Partner, summary: FileSummary) -> None:
        """The sandbox's own 997/CONTRL for what mock-edi does not read (852, 830, 824, …)."""
        mode, delay = partner.acks["mode"], float(partner.acks.get("delay_hours") or 0)
        override = self.faults.ack_override()
        if override is not None:
            mode, delay = override[0], override[1] or delay
        if mode == "missing":
            self.log.add(
                "mailbox",
                action="ack_withheld",
                partner=partner.address,
                interchange=summary.interchange_control_number,
            )
            return
        records = acknowledgement_records(
            summary, our_address=self.config.our_address, reject=mode == "reject"
        )
        if not records:
            return
        data = render(
            records,
            sender=partner.address,
            receiver=self.config.our_address,
            dialect=summary.standard if summary.standard in ("X12", "EDIFACT") else "X12",
            version=summary.version if summary.standard == "X12" else partner.version,
            control_number=partner.take_control_number(),
            timestamp=self.clock.now(),
        )
        if mode == "late" and delay > 0:
            due = self.clock.now() + timedelta(hours=delay)
            self._late_acks.append(LateAck(due, partner, data))
            return
        self.deliver_inbound(data, origin="sandbox")

    # Time ------------------------------------------------------------------------------------

    def follow_clock(self, now: datetime) -> None:
        """Called after every move of the simulated clock."""
        with self.network_lock:
            for partner in self.partners.all():
                try:
                    self.collect_from(partner)
                except Exception as error:  # one broken supplier must not stop the clock
                    self.log.add(
                        "mailbox",
                        action="supplier_error",
                        partner=partner.address,
                        message=repr(error),
                    )
            due = [late for late in self._late_acks if late.due <= now]
            self._late_acks = [late for late in self._late_acks if late.due > now]
            for late in due:
                self.deliver_inbound(late.data, origin="sandbox")
            self.ledger.sweep(now)

    def scan_outbound(self, settle: bool = False) -> list[Record]:
        routed = []
        with self.network_lock:
            for path in self.folders.waiting_outbound():
                if path.name in self.files_being_written:
                    continue
                if settle:
                    try:
                        age = time.time() - path.stat().st_mtime
                    except FileNotFoundError:
                        continue
                    if age < SETTLE_SECONDS:
                        continue
                result = self.router.route_file(path, protocol="SFTP")
                if result is not None:
                    routed.append(result)
        return routed

    def _poll(self) -> None:
        while not self._stop.wait(self.config.outbound_poll_seconds):
            try:
                self.scan_outbound(settle=True)
            except Exception as error:  # the poller must outlive one bad file
                self.log.add("mailbox", action="poller_error", message=repr(error))

    def close(self) -> None:
        self._stop.set()
        if self._poller.is_alive():
            self._poller.join(timeout=5)
        self.partners.close()
