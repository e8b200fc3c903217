"""The mailbox's folders on disk (DESIGN §11): `inbound/` for partners' documents to us,
`outbound/` for ours, `sent/` for ours after routing, and `failed/` for ours the network refused.

Files appear whole: they are written under a dotfile name and renamed, so an SFTP client listing a
folder never reads half a document (reference §2.8).
"""

from __future__ import annotations

import itertools
from pathlib import Path

FOLDERS = ("inbound", "outbound", "sent", "failed")
# Names a writer uses while a file is still being written; the router leaves them alone.
IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".filepart")


def is_settled_name(name: str) -> bool:
    return not name.startswith(".") and not name.endswith(IN_PROGRESS_SUFFIXES)


class MailboxFolders:
    def __init__(self, root: Path) -> None:
        self.root = root
        for folder in FOLDERS:
            (root / folder).mkdir(parents=True, exist_ok=True)

    def folder(self, name: str) -> Path:
        return self.root / name

    def unique_path(self, folder: str, name: str) -> Path:
        directory = self.folder(folder)
        candidate = directory / name
        if not candidate.exists():
            return candidate
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        for n in itertools.count(1):
            candidate = directory / (f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}")
            if not candidate.exists():
                return candidate
        raise AssertionError("unreachable")

    def place(self, folder: str, name: str, data: bytes) -> Path:
        target = self.unique_path(folder, name)
        hidden = target.with_name(f".{target.name}.writing")
        hidden.write_bytes(data)
        hidden.replace(target)
        return target

    def move(self, path: Path, folder: str) -> Path:
        target = self.unique_path(folder, path.name)
        path.replace(target)
        return target

    def waiting_outbound(self) -> list[Path]:
        folder = self.folder("outbound")
        return sorted(p for p in folder.iterdir() if p.is_file() and is_settled_name(p.name))

    def listing(self) -> dict[str, list[dict[str, object]]]:
        out: dict[str, list[dict[str, object]]] = {}
        for folder in FOLDERS:
            out[folder] = [
                {"name": p.name, "size": p.stat().st_size}
                for p in sorted(self.folder(folder).iterdir())
                if p.is_file() and not p.name.startswith(".")
            ]
        return out
