"""The two small interfaces the phase runner drives."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class BrazeTarget(Protocol):
    def create_messages(self, campaigns: list[str], canvases: list[str]) -> None:
        """The DESIGN §10 campaigns and Canvases, whose sandbox ids are their names."""

    def track(
        self,
        attributes: list[dict[str, Any]],
        events: list[dict[str, Any]],
        purchases: list[dict[str, Any]],
    ) -> None:
        """One `/users/track` request (at most 75 objects per array)."""

    def survey_event_ids(self) -> dict[tuple[str, str, str], str]:
        """(external_id, time, order_id) → Currents event id of every survey_response so far."""


class GridTarget(Protocol):
    def now(self) -> datetime: ...

    def move_clock(self, moment: datetime) -> None:
        """Move the shared simulated clock forward (suppliers release what became due)."""

    def register_partners(self, partners: list[dict[str, Any]]) -> None: ...

    def set_behaviour(self, address: str, behaviour: str) -> None: ...

    def upload_outbound(self, filename: str, content: str) -> None:
        """Put one interchange of ours into `outbound/` (routed when the file is closed)."""

    def partner_document(self, body: dict[str, Any]) -> None:
        """A document from a partner into `inbound/` (`POST /_sandbox/grid/documents`)."""

    def community(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Active Community as a partner or the network (`/_sandbox/grid/ac/...`), or as us
        (`/ac/v1/...`) for hub comments. Answers the object created or changed."""
