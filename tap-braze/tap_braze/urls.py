"""Checks on the URLs a user configures."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from singer_sdk.exceptions import ConfigValidationError

LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_tls_unless_loopback(url: str, setting: str) -> str:
    """Braze is only reached over TLS; plain `http://` is for a local emulator (DESIGN §7)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return url.rstrip("/")
    if parts.scheme == "http" and is_loopback(parts.hostname or ""):
        return url.rstrip("/")
    msg = f"'{setting}' must be an https:// URL (http:// is accepted for loopback hosts only)"
    raise ConfigValidationError(msg, errors=[msg])
