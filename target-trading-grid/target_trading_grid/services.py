"""What the sinks of one run share: the ledger run, the transports, profiles and dead letters.

Opened on the first record that needs them (so `--about` and a run without records touch
nothing) and closed once, after the last drain.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from target_trading_grid.api import GridApiClient
from target_trading_grid.dead_letters import DeadLetters
from target_trading_grid.delivery import MailboxTransport, OutboxTransport, Transport
from target_trading_grid.ledger import LedgerRun, open_ledger_run
from target_trading_grid.profiles import PartnerProfile, load_profiles

logger = logging.getLogger(__name__)

EDI_SINKS = ("demand_signals", "application_advice", "functional_acks")
# Active Community requests carry an Idempotency-Key derived from the message key, so a
# request left in doubt by a crash is sent again and the API answers it with its first answer.
ACTIVE_COMMUNITY_SINKS = ("partner_case_updates", "document_decisions")


class ConfigurationError(ValueError):
    """A setting that makes the run impossible; raised before anything is sent."""


class RunServices:
    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.profiles: dict[str, PartnerProfile] = load_profiles(config.get("partners"))
        self.allowed_personal_fields: list[str] = list(config.get("allowed_personal_fields") or [])
        self.dead_letters = DeadLetters(config.get("dead_letter_dir"))
        self._stack = ExitStack()
        self._ledger: LedgerRun | None = None
        self._transport: Transport | None = None
        self._api: GridApiClient | None = None
        self.in_doubt: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        self.skipped: dict[str, int] = {}

    # The ledger --------------------------------------------------------------------------------

    @property
    def ledger(self) -> LedgerRun:
        if self._ledger is None:
            url = self.config.get("ledger_url")
            if not url:
                msg = (
                    "ledger_url is required: the ledger owns the EDI control numbers and "
                    "remembers what was delivered (a SQLAlchemy URL such as sqlite:///ledger.sqlite)"
                )
                raise ConfigurationError(msg)
            self._ledger = self._stack.enter_context(open_ledger_run(str(url)))
            for kind in (*EDI_SINKS, *ACTIVE_COMMUNITY_SINKS):
                count = self._ledger.in_doubt(kind=kind)
                self.in_doubt[kind] = count
                if count:
                    logger.warning(
                        "%d %s record(s) were in flight when an earlier run stopped; they are "
                        "checked against the destination before anything is sent again",
                        count,
                        kind,
                    )
            for kind in ACTIVE_COMMUNITY_SINKS:
                if self.in_doubt[kind]:
                    self._ledger.resolve_in_doubt("at_least_once", kind=kind)
        return self._ledger

    # Transports --------------------------------------------------------------------------------

    @property
    def api(self) -> GridApiClient:
        if self._api is None:
            missing = [
                k for k in ("api_url", "client_id", "client_secret") if not self.config.get(k)
            ]
            if missing:
                msg = f"the Trading Grid API needs {', '.join(missing)}"
                raise ConfigurationError(msg)
            self._api = GridApiClient(
                str(self.config["api_url"]),
                str(self.config["client_id"]),
                str(self.config["client_secret"]),
                self.config.get("tenant_id"),
            )
            self._stack.callback(self._api.close)
        return self._api

    @property
    def transport(self) -> Transport:
        """The mailbox when `mailbox_url` is set, else the REST outbox."""
        if self._transport is None:
            _ = self.ledger  # the transport tidies the outbound folder: only inside our run
            if self.config.get("mailbox_url"):
                self._transport = MailboxTransport(
                    str(self.config["mailbox_url"]),
                    user=self.config.get("mailbox_user"),
                    password=self.config.get("mailbox_password"),
                    private_key=self.config.get("mailbox_private_key"),
                    host_key=self.config.get("mailbox_host_key"),
                    outbound_folder=str(self.config.get("outbound_folder") or "outbound"),
                    sent_folder=str(self.config.get("sent_folder") or "sent"),
                )
            elif self.config.get("api_url"):
                self._transport = OutboxTransport(self.api)
            else:
                msg = "EDI needs somewhere to go: set mailbox_url, or api_url for the REST outbox"
                raise ConfigurationError(msg)
            self._stack.callback(self._transport.close)
        return self._transport

    def count(self, table: dict[str, int], kind: str, number: int = 1) -> None:
        table[kind] = table.get(kind, 0) + number

    def close(self) -> None:
        try:
            for kind in sorted(set(self.sent) | set(self.skipped) | set(self.dead_letters.counts)):
                logger.info(
                    "%s: %d sent, %d already delivered, %d dead letters",
                    kind,
                    self.sent.get(kind, 0),
                    self.skipped.get(kind, 0),
                    self.dead_letters.counts.get(kind, 0),
                )
        finally:
            self.dead_letters.close()
            self._stack.close()
