"""SFTP mailboxes: the pinned host key, private keys, and the connection.

Kept apart from `mailbox.py` so that paramiko is imported only when a mailbox is on SFTP: it is
a third of the tap's start-up, which a local or S3 mailbox does not need.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import TYPE_CHECKING, Any

import paramiko

from tap_trading_grid.mailbox import MailboxConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fsspec import AbstractFileSystem

SFTP_TIMEOUT_SECONDS = 30


class HostKeyMismatchError(paramiko.SSHException):
    """The SFTP server presented a host key other than the pinned one."""


_KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-", "sk-")


def parse_host_key(text: str) -> tuple[str, bytes]:
    """The (key type, key blob) of an OpenSSH public key line or known_hosts line.

    Accepts `ssh-ed25519 AAAA… [comment]` and `host ssh-ed25519 AAAA…`.
    """
    tokens = text.split()
    for index, token in enumerate(tokens[:-1]):
        if token.startswith(_KEY_TYPE_PREFIXES):
            try:
                blob = base64.b64decode(tokens[index + 1], validate=True)
            except (binascii.Error, ValueError):
                break
            return token, blob
    msg = "mailbox_host_key is not an OpenSSH public key ('ssh-ed25519 AAAA…')"
    raise MailboxConfigError(msg)


class PinnedHostKeyPolicy(paramiko.MissingHostKeyPolicy):
    """Accept the server only when it presents exactly the configured host key.

    The SSH client is given no known_hosts, so every connection comes through this policy.
    """

    def __init__(self, key_type: str, key_blob: bytes) -> None:
        self.key_type = key_type
        self.key_blob = key_blob

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        if key.get_name() == self.key_type and key.asbytes() == self.key_blob:
            return
        msg = (
            f"the SFTP server {hostname} presented a {key.get_name()} host key with fingerprint "
            f"{key.fingerprint}, which is not the configured mailbox_host_key; refusing to connect"
        )
        raise HostKeyMismatchError(msg)


_PRIVATE_KEY_CLASSES: tuple[type[paramiko.PKey], ...] = (
    paramiko.Ed25519Key,
    paramiko.ECDSAKey,
    paramiko.RSAKey,
)


def load_private_key(text: str) -> paramiko.PKey:
    """An OpenSSH (or PEM) private key, whatever its type. Errors never quote the key."""
    for key_class in _PRIVATE_KEY_CLASSES:
        try:
            return key_class.from_private_key(io.StringIO(text))
        except (paramiko.SSHException, ValueError, TypeError):
            continue
    msg = "mailbox_private_key could not be read as an Ed25519, ECDSA or RSA private key"
    raise MailboxConfigError(msg)


def open_sftp(config: Mapping[str, Any], parts: Any) -> AbstractFileSystem:
    from fsspec.implementations.sftp import SFTPFileSystem

    host_key = config.get("mailbox_host_key")
    if not host_key:
        msg = (
            "mailbox_host_key is required for an sftp:// mailbox: the tap does not trust an "
            "SFTP server it cannot identify"
        )
        raise MailboxConfigError(msg)
    key_type, key_blob = parse_host_key(host_key)
    connect: dict[str, Any] = {
        "port": parts.port or 22,
        "username": config.get("mailbox_user") or parts.username,
        "host_key_policy": PinnedHostKeyPolicy(key_type, key_blob),
        # Only the configured credentials: never the keys of whoever runs the tap.
        "look_for_keys": False,
        "allow_agent": False,
        "timeout": SFTP_TIMEOUT_SECONDS,
        "banner_timeout": SFTP_TIMEOUT_SECONDS,
        "auth_timeout": SFTP_TIMEOUT_SECONDS,
        "skip_instance_cache": True,
    }
    if config.get("mailbox_private_key"):
        connect["pkey"] = load_private_key(config["mailbox_private_key"])
    password = config.get("mailbox_password") or parts.password
    if password:
        connect["password"] = password
    try:
        return SFTPFileSystem(parts.hostname, **connect)
    except paramiko.AuthenticationException:
        # paramiko's message names the methods tried, never the secret; keep it that short.
        msg = f"the SFTP server {parts.hostname} refused the mailbox credentials"
        raise MailboxConfigError(msg) from None
