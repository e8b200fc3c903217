"""Getting an interchange to the network: the mailbox (SFTP or any fsspec URL) or the REST outbox.

Both transports answer the same two questions: deliver these bytes under this name, and which
of our interchanges to a partner has the network already got (to settle a run that died
between sending and writing down that it sent).
"""

from __future__ import annotations

import base64
import io
import logging
import posixpath
import re
from collections.abc import Iterable
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import fsspec
import paramiko
from fsspec.implementations.sftp import SFTPFileSystem

from target_trading_grid.api import GridApiClient

logger = logging.getLogger(__name__)

# <UTC timestamp>_<receiver id>_<document>_<interchange control number>.edi: sorts by time,
# unique per partner because the control number is.
_NAME = re.compile(
    r"^(?P<stamp>\d{14})_(?P<receiver>[A-Za-z0-9-]+)_(?P<document>[A-Z0-9]+)_(?P<icn>\d{1,14})\.edi$"
)


def interchange_file_name(stamp: str, receiver_id: str, document: str, control_number: int) -> str:
    safe_receiver = re.sub(r"[^A-Za-z0-9-]", "-", receiver_id)
    return f"{stamp}_{safe_receiver}_{document}_{control_number:09d}.edi"


def control_numbers_in(names: Iterable[str], receiver_id: str, document: str) -> set[int]:
    """Our interchange control numbers to one receiver, read back from file names."""
    safe_receiver = re.sub(r"[^A-Za-z0-9-]", "-", receiver_id)
    found: set[int] = set()
    for name in names:
        match = _NAME.match(posixpath.basename(name))
        if match and match["receiver"] == safe_receiver and match["document"] == document:
            found.add(int(match["icn"]))
    return found


class Transport(Protocol):
    def deliver(
        self,
        name: str,
        data: bytes,
        *,
        partner: str,
        content_type: str,
        idempotency_key: str,
        our_address: str,
    ) -> None: ...

    def delivered_control_numbers(
        self, *, partner: str, receiver_id: str, document: str
    ) -> set[int]: ...

    def close(self) -> None: ...


class HostKeyCheckingSFTPFileSystem(SFTPFileSystem):
    """fsspec's SFTP file system, refusing any server whose host key is not the configured one.

    fsspec accepts unknown host keys by default (paramiko's AutoAddPolicy), which would let
    anyone on the path pose as the mailbox; here the key from `mailbox_host_key` is the only
    one trusted.
    """

    def __init__(self, host: str, *, host_key: str, **ssh_kwargs: Any) -> None:
        self._expected_host_key = host_key
        super().__init__(host, host_key_policy="reject", **ssh_kwargs)

    def _connect(self) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        key_type, key = parse_host_key(self._expected_host_key)
        port = int(self.ssh_kwargs.get("port") or 22)
        name = self.host if port == 22 else f"[{self.host}]:{port}"
        self.client.get_host_keys().add(name, key_type, key)
        self.client.connect(self.host, **self.ssh_kwargs)
        self.ftp = self.client.open_sftp()


def parse_host_key(text: str) -> tuple[str, paramiko.PKey]:
    """`ssh-ed25519 AAAA...` (optionally with a leading host name, as in known_hosts)."""
    parts = text.split()
    if len(parts) >= 3 and not parts[0].startswith(("ssh-", "ecdsa-", "sk-")):
        parts = parts[1:]
    if len(parts) < 2:
        msg = "mailbox_host_key must look like 'ssh-ed25519 AAAA...'"
        raise ValueError(msg)
    key_type, blob = parts[0], parts[1]
    try:
        key = paramiko.PKey.from_type_string(key_type, base64.b64decode(blob))
    except Exception as exc:
        msg = f"mailbox_host_key is not a valid {key_type} key"
        raise ValueError(msg) from exc
    return key_type, key


def _private_key(text: str) -> paramiko.PKey:
    for key_class in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return key_class.from_private_key(io.StringIO(text))
        except (paramiko.SSHException, ValueError):
            continue
    msg = "mailbox_private_key is not an OpenSSH or PEM private key this target can read"
    raise ValueError(msg)


class MailboxTransport:
    """Files in the mailbox's outbound folder, written under a temporary name and renamed.

    The network picks up `outbound/`; names starting with a dot (and ending `.part`) are left
    alone by it, so it never reads half a file.
    """

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        private_key: str | None = None,
        host_key: str | None = None,
        outbound_folder: str = "outbound",
        sent_folder: str = "sent",
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("sftp", "ssh"):
            if not host_key:
                msg = (
                    "an sftp:// mailbox needs mailbox_host_key: the server's key is always verified"
                )
                raise ValueError(msg)
            kwargs: dict[str, Any] = {
                "port": parts.port or 22,
                "username": user or (unquote(parts.username) if parts.username else None),
                "allow_agent": False,
                "look_for_keys": False,
                "timeout": 30,
            }
            if password:
                kwargs["password"] = password
            if private_key:
                kwargs["pkey"] = _private_key(private_key)
            self.fs = HostKeyCheckingSFTPFileSystem(
                parts.hostname or "", host_key=host_key, **kwargs
            )
            root = parts.path or "/"
        elif parts.scheme in ("", "file"):
            self.fs = fsspec.filesystem("file")
            root = unquote(parts.path) if parts.scheme else url
        else:
            self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/") or "/"
        self.outbound = posixpath.join(self.root, outbound_folder)
        self.sent = posixpath.join(self.root, sent_folder)
        self.fs.makedirs(self.outbound, exist_ok=True)
        self._remove_stale_parts()

    def _remove_stale_parts(self) -> None:
        """Half-written files of a run that was killed. Runs are exclusive (the ledger), so any
        `.<our name>.part` now in the folder belongs to a dead run; the network ignores them,
        but they would stay forever."""
        for name in self._names(self.outbound):
            if name.startswith(".") and name.endswith(".part") and _NAME.match(name[1:-5]):
                self.fs.rm(posixpath.join(self.outbound, name))
                logger.info("Removed %s, left half written by an earlier run", name)

    def deliver(
        self,
        name: str,
        data: bytes,
        *,
        partner: str,
        content_type: str,
        idempotency_key: str,
        our_address: str,
    ) -> None:
        final = posixpath.join(self.outbound, name)
        temporary = posixpath.join(self.outbound, f".{name}.part")
        with self.fs.open(temporary, "wb") as handle:
            handle.write(data)
        self.fs.mv(temporary, final)
        logger.info("Delivered %s (%d bytes) to the mailbox for %s", name, len(data), partner)

    def _names(self, folder: str) -> list[str]:
        try:
            return [posixpath.basename(p) for p in self.fs.ls(folder, detail=False)]
        except FileNotFoundError:
            return []

    def delivered_control_numbers(
        self, *, partner: str, receiver_id: str, document: str
    ) -> set[int]:
        names = self._names(self.outbound) + self._names(self.sent)
        return control_numbers_in(names, receiver_id, document)

    def close(self) -> None:
        client = getattr(self.fs, "client", None)
        if client is not None:
            client.close()


class OutboxTransport:
    """`POST /tg/v1/mailboxes/{id}/outbox` with an Idempotency-Key (emulated API, §2.5)."""

    def __init__(self, client: GridApiClient) -> None:
        self.client = client
        self._mailbox_id: str | None = None

    def mailbox_id(self, our_address: str) -> str:
        if self._mailbox_id is None:
            mailboxes = self.client.get_all("/tg/v1/mailboxes")
            for mailbox in mailboxes:
                addresses = {
                    f"{a.get('qualifier')}:{a.get('id')}" for a in mailbox.get("ediAddresses") or []
                }
                if our_address in addresses:
                    self._mailbox_id = str(mailbox["mailboxId"])
                    break
            else:
                msg = f"no Trading Grid mailbox carries our address {our_address}"
                raise RuntimeError(msg)
        return self._mailbox_id

    def deliver(
        self,
        name: str,
        data: bytes,
        *,
        partner: str,
        content_type: str,
        idempotency_key: str,
        our_address: str,
    ) -> None:
        mailbox = self.mailbox_id(our_address)
        self.client.request(
            "POST",
            f"/tg/v1/mailboxes/{mailbox}/outbox",
            data=data,
            headers={
                "Content-Type": content_type,
                "X-Filename": name,
                "Idempotency-Key": idempotency_key,
            },
        )
        logger.info("Delivered %s (%d bytes) to the outbox for %s", name, len(data), partner)

    def delivered_control_numbers(
        self, *, partner: str, receiver_id: str, document: str
    ) -> set[int]:
        transactions = self.client.get_all(
            "/tg/v1/transactions", {"direction": "OUTBOUND", "partnerAddress": partner}
        )
        found: set[int] = set()
        for transaction in transactions:
            if str(transaction.get("documentType") or "") != document:
                continue
            try:
                found.add(int(transaction.get("interchangeControlNumber") or ""))
            except ValueError:
                continue
        return found

    def close(self) -> None:
        self.client.close()
