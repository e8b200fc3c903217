"""The delivery ledger of a run: the shared `delivery-ledger` library, opened for this target.

The storage (SQLite or PostgreSQL, digests of keys only, the lock that keeps two runs apart) is
the library's. What is this target's own lives here:

- the scope its records are kept under, and one key space per sink kind (`kind`);
- how records an earlier run left pending are settled: each kind by its `in_doubt` policy, and
  a kind no longer configured at least once (sent again; nothing is lost);
- the ledger of a dry run, which remembers nothing, so that a dry run changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping

from delivery_ledger import InDoubtPolicy, Ledger, LedgerBusyError, LedgerRun

from target_braze.kinds import AT_LEAST_ONCE

SCOPE = "target-braze"

__all__ = ["SCOPE", "DryRunLedger", "LedgerBusyError", "LedgerRun", "open_ledger", "settle"]


def open_ledger(url: str, stack: contextlib.ExitStack) -> LedgerRun:
    """This run's ledger, held until ``stack`` closes; another run meanwhile raises
    `LedgerBusyError`."""
    return stack.enter_context(Ledger(url, SCOPE).run())


def settle(ledger: LedgerRun | DryRunLedger, policies: Mapping[str, str]) -> dict[str, int]:
    """Settle what earlier runs left pending; returns how many of each kind were in doubt."""
    return ledger.settle_in_doubt(policies, default=AT_LEAST_ONCE)  # type: ignore[arg-type]


class DryRunLedger:
    """The ledger of a dry run: remembers nothing, so a dry run changes nothing."""

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def settle_in_doubt(
        self, policies: Mapping[str, InDoubtPolicy], default: InDoubtPolicy | None = None
    ) -> dict[str, int]:
        return {}

    def delivered(self, keys: Iterable[str], kind: str | None = None) -> set[str]:
        return set()

    def mark_pending(self, keys: Iterable[str], kind: str = "") -> None:
        pass

    def mark_delivered(self, keys: Iterable[str], kind: str = "") -> None:
        pass

    def mark_unconfirmed(self, keys: Iterable[str], kind: str = "") -> None:
        pass

    def forget(self, keys: Iterable[str], kind: str | None = None) -> None:
        pass

    def remembered(self, keys: Iterable[str]) -> dict[str, str]:
        return {}

    def remember_many(self, contents: Mapping[str, str]) -> None:
        pass
