"""The EDI mailbox: opening it, listing its folders, and remembering what was read.

The mailbox is any fsspec URL. SFTP is the transport customers really use, so it gets the care:
the server's host key is pinned (a key that differs from `mailbox_host_key` refuses the
connection), and key authentication works beside passwords (both in `sftp.py`, imported only for
an SFTP mailbox). `file://` and `s3://` serve local runs, tests and benchmarks.

What was read is remembered per folder as file names with their sha256 and (size, mtime), over a
window of `lookback_days` behind the newest file seen. SFTP times are whole seconds and a file
can arrive with an old mtime, so an mtime watermark alone would miss files; names and hashes
inside the window catch them, and the window keeps the state bounded however large the mailbox
grows. A file whose size, mtime or content changes is read again.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import fsspec
from fsspec.implementations.local import LocalFileSystem

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from fsspec import AbstractFileSystem

SECONDS_PER_DAY = 86_400
READ_MORE_BYTES = 1 << 16


class MailboxConfigError(ValueError):
    """The mailbox settings cannot work: a missing host key, an unsupported URL."""


@dataclass(frozen=True, slots=True)
class MailboxFile:
    """One file in a mailbox folder, as listed (nothing is read yet).

    Slotted and without its full path: a first run lists every file of the folder.
    """

    folder: str
    name: str
    size: int
    mtime: int  # whole seconds since the epoch, UTC: what SFTP gives


@dataclass(frozen=True)
class FileEntry:
    """What the state remembers about a file that was read."""

    sha256: str
    size: int
    mtime: int

    def to_state(self) -> list[Any]:
        # A list rather than an object: the state holds one entry per file in the window.
        return [self.sha256, self.size, self.mtime]

    @classmethod
    def from_state(cls, value: list[Any]) -> FileEntry:
        sha256, size, mtime = value
        return cls(str(sha256), int(size), int(mtime))


@dataclass
class FolderState:
    """The names and hashes read from one folder, inside the lookback window.

    `horizon` is the oldest mtime the window covers: the newest mtime seen minus
    `lookback_days`. Files older than the horizon were read before (or are older than anyone
    asked for) and are not looked at again.
    """

    files: dict[str, FileEntry] = field(default_factory=dict)
    horizon: int | None = None
    newest_mtime: int | None = None
    # How many remembered files have each hash: a duplicate delivery (the same bytes under
    # another name) is recognised while its first copy is inside the window.
    hash_counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.hash_counts = Counter(entry.sha256 for entry in self.files.values())

    @classmethod
    def from_state(cls, value: Mapping[str, Any] | None) -> FolderState:
        if not value:
            return cls()
        return cls(
            files={name: FileEntry.from_state(v) for name, v in value.get("files", {}).items()},
            horizon=value.get("horizon"),
            newest_mtime=value.get("newest_mtime"),
        )

    def to_state(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "newest_mtime": self.newest_mtime,
            "files": {name: entry.to_state() for name, entry in sorted(self.files.items())},
        }

    def has_hash(self, sha256: str) -> bool:
        return self.hash_counts[sha256] > 0

    def remember(self, file: MailboxFile, sha256: str) -> None:
        old = self.files.get(file.name)
        if old is not None:
            self.hash_counts[old.sha256] -= 1
        self.files[file.name] = FileEntry(sha256, file.size, file.mtime)
        self.hash_counts[sha256] += 1
        if self.newest_mtime is None or file.mtime > self.newest_mtime:
            self.newest_mtime = file.mtime

    def prune(self, lookback_days: int) -> None:
        """Move the horizon up to the window behind the newest file and forget older entries."""
        if self.newest_mtime is None:
            return
        horizon = self.newest_mtime - lookback_days * SECONDS_PER_DAY
        # The horizon never moves back: a lookback shortened and lengthened again must not make
        # the tap re-read files it forgot.
        self.horizon = horizon if self.horizon is None else max(self.horizon, horizon)
        self.files = {
            name: entry for name, entry in self.files.items() if entry.mtime >= self.horizon
        }
        self.hash_counts = Counter(entry.sha256 for entry in self.files.values())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Opening the mailbox --------------------------------------------------------------------


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(url: str) -> str:
    """The URL without user or password, for logs and errors."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


@dataclass
class Mailbox:
    """An open mailbox: a filesystem and the root path its folders live under."""

    fs: AbstractFileSystem
    root: str
    display_url: str
    # The SSH connection of an sftp:// mailbox, closed with the mailbox.
    ssh_client: Any = None

    def folder_path(self, folder: str) -> str:
        return f"{self.root.rstrip('/')}/{folder.strip('/')}" if self.root else folder

    def file_path(self, file: MailboxFile) -> str:
        return f"{self.folder_path(file.folder)}/{file.name}"

    def list_folder(self, folder: str, newer_than: int | None = None) -> list[MailboxFile]:
        """The files in a folder, oldest first (by mtime, then name). A missing folder is empty.

        Files older than `newer_than` are left out as they are listed, so that an incremental
        run holds only the window in memory.
        """
        path = self.folder_path(folder)
        if isinstance(self.fs, LocalFileSystem):
            files = list(_scan_local(path, folder, newer_than))
        elif not self.fs.exists(path):
            files = []
        else:
            files = []
            for info in self.fs.ls(path, detail=True):
                mtime = _whole_seconds(info)
                if info.get("type") != "file" or (newer_than is not None and mtime < newer_than):
                    continue
                name = info["name"].rsplit("/", 1)[-1]
                files.append(MailboxFile(folder, name, int(info.get("size") or 0), mtime))
        files.sort(key=lambda f: (f.mtime, f.name))
        return files

    def read(self, file: MailboxFile) -> bytes:
        if isinstance(self.fs, LocalFileSystem):
            return _read_local(self.file_path(file), file.size)
        return self.fs.cat_file(self.file_path(file))

    def delete(self, file: MailboxFile) -> None:
        self.fs.rm_file(self.file_path(file))

    def close(self) -> None:
        if self.ssh_client is not None:
            self.ssh_client.close()


def _read_local(path: str, listed_size: int) -> bytes:
    """A whole local file, read with plain system calls.

    fsspec's per-call path handling, and even a Python file object (`open`, pathlib), cost
    about as much as reading a small file; a mailbox holds many small files. The first read
    asks for one byte more than the listed size, so that no buffer much larger than the file
    is allocated and shrunk: a file read whole takes that read and the empty one that ends it.
    """
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        size = listed_size + 1
        while chunk := os.read(descriptor, size):
            chunks.append(chunk)
            size = READ_MORE_BYTES  # the file grew since it was listed
    finally:
        os.close(descriptor)
    return b"".join(chunks)  # one chunk, the usual case, is returned without a copy


def _scan_local(path: str, folder: str, newer_than: int | None) -> Iterator[MailboxFile]:
    try:
        entries = os.scandir(path)
    except FileNotFoundError:
        return
    with entries:
        for entry in entries:
            if not entry.is_file():
                continue
            stat = entry.stat()
            mtime = int(stat.st_mtime)
            if newer_than is None or mtime >= newer_than:
                yield MailboxFile(folder, entry.name, stat.st_size, mtime)


def _whole_seconds(info: Mapping[str, Any]) -> int:
    """The mtime in whole seconds, whatever shape the filesystem gives it in."""
    value = info.get("mtime", info.get("LastModified", info.get("created")))
    if value is None:
        return 0
    if hasattr(value, "timestamp"):
        return int(value.timestamp())
    return int(float(value))


def open_mailbox(config: Mapping[str, Any], logger: logging.Logger) -> Mailbox:
    """Open the mailbox that `mailbox_url` names, with the credentials in the config."""
    url = config.get("mailbox_url")
    if not url:
        msg = "mailbox_url is not set"
        raise MailboxConfigError(msg)
    display = redact_url(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    ssh_client = None
    if scheme in {"sftp", "ssh"}:
        # Imported here: paramiko is a third of the tap's start-up, and only SFTP needs it.
        from tap_trading_grid.sftp import open_sftp

        fs = open_sftp(config, parts)
        ssh_client = fs.client
        root = parts.path or "/"
    elif scheme in {"http", "https", "ftp"}:
        # Plain transports would send the mailbox password in clear; only SFTP, object stores
        # and local folders are mailboxes.
        msg = f"mailbox_url scheme {scheme!r} is not supported; use sftp://, file:// or s3://"
        raise MailboxConfigError(msg)
    else:
        fs, root = fsspec.core.url_to_fs(url)
    logger.info("Reading the mailbox at %s", display)
    return Mailbox(fs=fs, root=root, display_url=display, ssh_client=ssh_client)


PRUNE_EVERY_FILES = 1000


def iter_new_files(
    mailbox: Mailbox,
    folder: str,
    state: FolderState,
    lookback_days: int,
    logger: logging.Logger,
) -> Iterator[tuple[MailboxFile, bytes, str]]:
    """The files of a folder that were not read before, with their bytes and sha256.

    Updates `state` as it goes: a file is remembered once the caller has taken it; a file that
    was only touched (same content, new mtime) is remembered without being yielded, and so is
    a duplicate delivery (the same bytes under another name). Files come oldest first, so the
    window slides forward during the run and the state stays the window's size, even on a
    first run over a large mailbox.
    """
    since_prune = 0
    for file in mailbox.list_folder(folder, newer_than=state.horizon):
        if state.horizon is not None and file.mtime < state.horizon:
            continue
        since_prune += 1
        if since_prune >= PRUNE_EVERY_FILES:
            state.prune(lookback_days)
            since_prune = 0
        entry = state.files.get(file.name)
        if entry is not None and (entry.size, entry.mtime) == (file.size, file.mtime):
            continue
        data = mailbox.read(file)
        digest = sha256_hex(data)
        if entry is not None and entry.sha256 == digest:
            state.remember(file, digest)
            continue
        if state.has_hash(digest):
            logger.info("Skipping %s/%s: the same bytes were already read", folder, file.name)
            state.remember(file, digest)
            continue
        yield file, data, digest
        state.remember(file, digest)
    state.prune(lookback_days)


def confirm_downloads(
    mailbox: Mailbox,
    folder: str,
    persisted: FolderState,
    logger: logging.Logger,
) -> int:
    """Delete the files that the persisted state (the state this run started from) covers.

    A file is deleted only if it is still the file that was read: same size and mtime, or,
    failing that, the same sha256.
    """
    deleted = 0
    for file in mailbox.list_folder(folder):
        entry = persisted.files.get(file.name)
        if entry is None:
            continue
        same = (entry.size, entry.mtime) == (file.size, file.mtime) or (
            entry.size == file.size and sha256_hex(mailbox.read(file)) == entry.sha256
        )
        if same:
            mailbox.delete(file)
            deleted += 1
    if deleted:
        logger.info("Confirmed %d downloaded files in %s by deleting them", deleted, folder)
    return deleted
