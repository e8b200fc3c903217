"""The delivery ledger, opened once per run (DESIGN §6).

The ledger itself is the shared `delivery-ledger` library (target-braze uses it too). This
module only names what this target keeps in it, so the key formats live in one place:

- every `message_key`, pending before its request and delivered after it, with the sink name
  as its `kind`;
- the control numbers of each interchange, drawn from one counter per partner under a key
  made of the interchange's rows, so a retry of an undelivered interchange gets the same
  numbers (and so the same bytes);
- for each message key sent in an interchange, a marker naming that interchange's control
  number (`remember`). The ledger keeps keys only as digests, so after a crash this marker is
  how a row left in doubt is matched with an interchange found at the destination.

Keys, digests and counters only: no personal data and no setting ever goes into the ledger.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from delivery_ledger import Ledger, LedgerBusyError, LedgerRun

SCOPE = "target-trading-grid"

__all__ = [
    "SCOPE",
    "LedgerBusyError",
    "LedgerRun",
    "attempt_marker",
    "group_counter",
    "interchange_counter",
    "interchange_key",
    "open_ledger_run",
]


def interchange_counter(partner: str) -> str:
    """ISA13 / UNB 0020 sequence of one partner: a partner sees our numbers rise, never repeat."""
    return f"interchange:{partner}"


def group_counter(partner: str) -> str:
    """GS06 sequence of one partner (X12 only; EDIFACT sends no UNG)."""
    return f"group:{partner}"


def interchange_key(sink_name: str, partner: str, document: str, message_keys: list[str]) -> str:
    """The same rows for the same partner and document always make the same key."""
    digest = hashlib.sha256("\n".join(sorted(message_keys)).encode("utf-8")).hexdigest()
    return f"interchange:{sink_name}:{partner}:{document}:{digest}"


def attempt_marker(partner: str, interchange_control_number: int) -> str:
    """What `remember` stores for a row sent in an interchange."""
    return f"sent-in:{partner}:{interchange_control_number}"


@contextmanager
def open_ledger_run(url: str) -> Iterator[LedgerRun]:
    """One exclusive run of this target's scope; a second concurrent run raises LedgerBusyError."""
    ledger = Ledger(url=url, scope=SCOPE)
    with ledger.run() as run:
        yield run
