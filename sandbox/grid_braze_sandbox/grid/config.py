"""Fixed development settings of the Grid emulator: ports, credentials, our EDI address, limits.

The defaults are fixed so that Meltano's `dev` environment works unchanged (DESIGN §5). None of
these is a secret: the sandbox only listens on loopback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

DEFAULT_GRID_PORT = 8471
DEFAULT_SFTP_PORT = 8472

# The stable host key, shipped with the package so that `mailbox_host_key` never changes between
# starts and a client can pin it.
HOST_KEY_RESOURCE = "dev_host_key"
HOST_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9u1m7RZRTmS+npecE7GYw8VZwPFVO9jFqA4hIgYTN+"


def host_private_key_text() -> str:
    return resources.files(__package__).joinpath(HOST_KEY_RESOURCE).read_text(encoding="ascii")


@dataclass
class GridConfig:
    client_id: str = "sandbox-grid-client"
    client_secret: str = "sandbox-grid-secret"
    tenant_id: str = "sandbox-tenant"
    # The reference's OT2-style password grant: a tenant service account.
    service_user: str = "sandbox-service-user"
    service_password: str = "sandbox-service-password"
    mailbox_user: str = "ourco"
    mailbox_password: str = "sandbox-mailbox-password"
    authorized_keys: list[str] = field(default_factory=list)
    our_address: str = "ZZ:OURCO"
    our_name: str = "Our Company"
    mailbox_id: str = "MB-1001"
    token_lifetime_seconds: int = 3600
    # Reference §2.5: a token bucket of 10 requests per second per client.
    rate_limit_per_second: float = 10.0
    rate_limit_burst: int = 20
    idempotency_hours: int = 24
    page_size_default: int = 100
    page_size_max: int = 500
    # Functional-ack window and inbox timeout, in simulated time (reference §2.6).
    fa_window_hours: float = 24.0
    inbox_timeout_minutes: float = 24 * 60
    # A replayed interchange control number is DUPLICATED within this many simulated days.
    duplicate_window_days: int = 30
    outbound_poll_seconds: float = 0.5
    request_log_limit: int = 10_000
