"""Within-run deduplication of Currents event ids in flat memory.

Currents delivers at least once, so an event can come again in a later file, any number of files
later. Remembering every id of a run in memory would grow with the run (a Python set of a million
ids takes over 100 MB), so the ids seen are kept in a temporary SQLite table on disk instead,
whose page cache is fixed: memory stays flat however many events a run reads. Each id is stored as
its 64-bit hash; two distinct ids collide with a probability of about n² / 2^65, around 3·10⁻⁸
for a million events. Staging deduplicates across runs on the full id.
"""

from __future__ import annotations

import sqlite3


class SeenIds:
    def __init__(self) -> None:
        # "" opens a private temporary database on disk, deleted when closed.
        self._database = sqlite3.connect("")
        # Nothing here needs to survive a crash: no journal, no syncs.
        self._database.execute("pragma journal_mode = off")
        self._database.execute("pragma synchronous = off")
        self._database.execute("create table seen (digest integer primary key) without rowid")
        self._cursor = self._database.cursor()
        self._count = 0

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is offered in this run, False for a repeat."""
        # hash() of a str is SipHash, stable within one process, which is all a run needs.
        self._cursor.execute("insert or ignore into seen values (?)", (hash(event_id),))
        new = self._cursor.rowcount == 1
        self._count += new
        return new

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._database.close()
