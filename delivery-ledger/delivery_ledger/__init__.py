"""A durable delivery ledger shared by the project's targets (DESIGN §6).

It keeps, per scope (one target, or one target instance), which records were delivered, which
were pending when a run died, content digests for skipping unchanged data, and counters that
never hand out a number twice. It stores digests of keys, never the keys themselves, so no
personal data reaches it even when a key contains a customer id.
"""

from delivery_ledger.ledger import InDoubtPolicy, Ledger, LedgerBusyError, LedgerRun

__all__ = ["InDoubtPolicy", "Ledger", "LedgerBusyError", "LedgerRun"]
