"""A supplier played by its own mock-edi 0.9.0 instance (DESIGN §5, §9).

The instance is a seller whose interchange id is the supplier's EDI address; our company is
registered in it as its customer, with the supplier's behaviour (accept, short-ship, reject-line,
…) and dialect. Its clock is kept at the sandbox's simulated clock, so the 997/855/856/810 (or
CONTRL/ORDRSP/DESADV/INVOIC) it owes become due as scenarios move time on.
"""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from mockedi.testing import Mock

from grid_braze_sandbox.timefmt import iso

# mock-edi's version names by dialect.
MOCK_VERSIONS = {"X12": {"004010": "004010", "005010": "005010"}, "EDIFACT": {"D96A": "D:96A:UN"}}
DEFAULT_TIMING = {"ack_minutes": 0, "response_hours": 2, "despatch_hours": 24, "invoice_hours": 48}
AMPLE_STOCK = 1_000_000


class SupplierError(Exception):
    """mock-edi refused a setting; the message is mock-edi's own."""


class SupplierMock:
    def __init__(
        self,
        *,
        address: str,
        name: str,
        our_address: str,
        our_name: str,
        behaviour: str,
        dialect: str,
        version: str,
        timing: dict[str, float],
        now: datetime,
    ) -> None:
        qualifier, identifier = address.split(":", 1)
        now = now.replace(microsecond=0)  # mock-edi's clock moves in whole seconds
        self.our_qualifier, self.our_id = our_address.split(":", 1)
        self.lock = threading.Lock()
        self.mock = Mock.start(
            as2_id=identifier,
            qualifier=qualifier,
            name=name,
            start_at=iso(now),
            ack_delay_ms=int(timing["ack_minutes"] * 60_000),
            response_delay_ms=int(timing["response_hours"] * 3_600_000),
            despatch_delay_ms=int(timing["despatch_hours"] * 3_600_000),
            invoice_delay_ms=int(timing["invoice_hours"] * 3_600_000),
        )
        # mock-edi writes an answer's head and body in separate sends; with Nagle's algorithm on,
        # each answer then waits for the client's delayed ACK (about 40 ms). Accepted sockets
        # inherit TCP_NODELAY from the listening socket on Linux.
        self.mock.server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.mock_now = now
        try:
            self._expect(
                "POST",
                "/_mock/partners",
                {
                    "id": self.our_id,
                    "name": our_name,
                    "qualifier": self.our_qualifier,
                    "behaviour": behaviour,
                    "dialect": dialect,
                    "version": MOCK_VERSIONS[dialect][version],
                    "test": 0,
                },
                201,
            )
        except Exception:
            self.mock.close()
            raise

    @property
    def url(self) -> str:
        return self.mock.base

    def _expect(self, method: str, path: str, body: Any, status: int = 200) -> Any:
        reply = self.mock.request(method, path, body)
        if reply.status != status:
            raise SupplierError(f"mock-edi answered {reply.status}: {reply.body}")
        return reply.body

    def configure(self, **changes: Any) -> None:
        """Change how the supplier treats our company (behaviour, dialect, version)."""
        if "version" in changes:
            dialect = changes.get("dialect", "X12")
            changes["version"] = MOCK_VERSIONS[dialect][changes["version"]]
        with self.lock:
            self._expect("PATCH", f"/_mock/partners/{self.our_id}", changes)

    def set_timing(self, timing: dict[str, float]) -> None:
        """New delays for orders that arrive from now on. mock-edi reads its delays from its
        configuration whenever it schedules work, so the running instance's values are changed."""
        config = self.mock.server.mock.config
        with self.lock:
            config.ack_delay_ms = int(timing["ack_minutes"] * 60_000)
            config.response_delay_ms = int(timing["response_hours"] * 3_600_000)
            config.despatch_delay_ms = int(timing["despatch_hours"] * 3_600_000)
            config.invoice_delay_ms = int(timing["invoice_hours"] * 3_600_000)

    def stock(self, items: list[dict[str, Any]]) -> None:
        """Add or change catalogue rows. mock-edi has no HTTP door for its catalogue, so the
        sandbox writes the rows into the instance it runs, under the instance's own lock."""
        server = self.mock.server
        with server.mock.lock:
            connection = server.mock.conn
            for item in items:
                connection.execute(
                    "INSERT INTO catalog (sku, description, upc, price, uom, in_stock, lead_days)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sku) DO UPDATE SET"
                    " description = excluded.description, price = excluded.price,"
                    " uom = excluded.uom, in_stock = excluded.in_stock",
                    (
                        str(item["sku"]),
                        str(item.get("description") or item["sku"]),
                        str(item.get("upc") or ""),
                        _price(item.get("price")),
                        str(item.get("uom") or "EA"),
                        int(item.get("in_stock", AMPLE_STOCK)),
                        int(item.get("lead_days", 3)),
                    ),
                )
            connection.commit()

    def known_skus(self) -> set[str]:
        server = self.mock.server
        with server.mock.lock:
            return {row[0] for row in server.mock.conn.execute("SELECT sku FROM catalog")}

    def catalog(self) -> list[dict[str, Any]]:
        return self._expect("GET", "/_mock/catalog", None)

    def send(self, payload: str) -> dict[str, Any]:
        with self.lock:
            return self.mock.send(payload)

    def follow_clock(self, now: datetime) -> list[str]:
        """Move the instance's clock to `now` and collect what became due."""
        with self.lock:
            # Whole seconds only, so that the instance's clock never runs ahead of ours.
            whole = int((now - self.mock_now).total_seconds())
            if whole > 0:
                self._expect("POST", f"/_mock/advance?seconds={whole}", None)
                self.mock_now += timedelta(seconds=whole)
            return self._collect()

    def release(self, seconds: float | None = None, everything: bool = False) -> list[str]:
        with self.lock:
            if everything:
                answer = self._expect("POST", "/_mock/advance?all", None)
            else:
                answer = self._expect("POST", f"/_mock/advance?seconds={int(seconds or 0)}", None)
            clock = answer.get("clock")
            if clock:
                moved = datetime.fromisoformat(clock.replace("Z", "+00:00"))
                self.mock_now = max(self.mock_now, moved)
            return self._collect()

    def _collect(self) -> list[str]:
        rows = self._expect("GET", "/_mock/mailbox", None)
        return [row["payload"] for row in rows]

    def close(self) -> None:
        self.mock.close()


def _price(value: Any) -> str:
    try:
        return f"{Decimal(str(value if value is not None else '1.00')):.2f}"
    except InvalidOperation:
        return "1.00"
