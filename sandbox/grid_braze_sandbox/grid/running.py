"""Starting and stopping the Grid emulator's services, and the JSON line's `trading_grid` object
(DESIGN §11)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grid_braze_sandbox.clock import SimulatedClock
from grid_braze_sandbox.grid.app import GridApp
from grid_braze_sandbox.grid.config import HOST_PUBLIC_KEY, GridConfig
from grid_braze_sandbox.grid.service import GridService
from grid_braze_sandbox.grid.sftp import SftpMailboxServer
from grid_braze_sandbox.httpserver import LOOPBACK, BackgroundServer


@dataclass
class RunningGrid:
    service: GridService
    http: BackgroundServer
    sftp: SftpMailboxServer

    @property
    def api_url(self) -> str:
        return self.http.url

    @property
    def mailbox_url(self) -> str:
        return f"sftp://{LOOPBACK}:{self.sftp.port}/"

    def settings(self) -> dict[str, str]:
        """tap-trading-grid / target-trading-grid settings pointing at this emulator."""
        config = self.service.config
        return {
            "api_url": self.api_url,
            "client_id": config.client_id,
            "client_secret": config.client_secret,
            "tenant_id": config.tenant_id,
            "mailbox_url": self.mailbox_url,
            "mailbox_user": config.mailbox_user,
            "mailbox_password": config.mailbox_password,
            "mailbox_host_key": HOST_PUBLIC_KEY,
        }

    def stop(self) -> None:
        self.sftp.stop()
        self.http.stop()
        self.service.close()


def start_grid(
    root: Path,
    clock: SimulatedClock,
    *,
    port: int = 0,
    sftp_port: int = 0,
    config: GridConfig | None = None,
) -> RunningGrid:
    service = GridService(root, clock, config)
    try:
        http = BackgroundServer(GridApp(service), port).start()
    except BaseException:
        service.close()
        raise
    try:
        sftp = SftpMailboxServer(service, sftp_port).start()
    except BaseException:
        http.stop()
        service.close()
        raise
    service.start()
    return RunningGrid(service, http, sftp)
