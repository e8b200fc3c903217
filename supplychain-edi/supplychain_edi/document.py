"""A transaction set or message cut out of its envelope, before a reader maps it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supplychain_edi.segments import Issue, Segment
from supplychain_edi.values import SharedCodes


@dataclass(slots=True)
class RawDocument:
    """One ST..SE set or UNH..UNT message, with its envelope and what the envelope check found.

    `fatal` is set when the envelope alone makes the document unreadable (a missing
    trailer, a set cut off by the end of the file); the reader is then not run.
    """

    dialect: str  # "X12" or "EDIFACT"
    set_code: str  # ST01, or the UNH S009 message type
    version: str  # GS08 (004010), or the UNH directory (D96A)
    envelope: dict[str, Any]
    segments: list[Segment]
    warnings: list[Issue] = field(default_factory=list)
    fatal: Issue | None = None
    source: str | None = None
    # Shared by every document of one interchange (see SharedCodes).
    codes: SharedCodes = field(default_factory=SharedCodes)

    @property
    def sender(self) -> str | None:
        return self.envelope.get("sender", {}).get("address")

    @property
    def document_id(self) -> str:
        # Unique per partner and interchange: the same set control number recurs
        # across interchanges, and interchange numbers recur across partners.
        env = self.envelope
        # One f-string rather than a join over a generator: asked once per document.
        return (
            f"{self.sender or ''}:{env.get('interchange_control_number') or ''}:"
            f"{env.get('group_control_number') or ''}:{env.get('set_control_number') or ''}"
        )
