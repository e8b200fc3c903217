"""`serve` starts the Grid services beside Braze and announces them in the JSON line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import paramiko
import requests

from grid_braze_sandbox.grid.config import HOST_PUBLIC_KEY

# DESIGN §11: exactly these keys.
TRADING_GRID_SETTINGS = {
    "api_url",
    "client_id",
    "client_secret",
    "tenant_id",
    "mailbox_url",
    "mailbox_user",
    "mailbox_password",
    "mailbox_host_key",
}


def _serve_command() -> list[str]:
    script = shutil.which("grid-braze-sandbox", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "grid_braze_sandbox.cli"]


def test_serve_announces_the_trading_grid_services(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*_serve_command(), "serve", "--state-dir", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        info = json.loads(line)
        grid = info["trading_grid"]
        assert set(grid) == TRADING_GRID_SETTINGS
        assert json.loads((tmp_path / "sandbox.json").read_text(encoding="utf-8")) == info
        assert grid["mailbox_host_key"] == HOST_PUBLIC_KEY
        api, mailbox = urlparse(grid["api_url"]), urlparse(grid["mailbox_url"])
        assert (api.scheme, api.hostname, mailbox.scheme, mailbox.hostname) == (
            "http",
            "127.0.0.1",
            "sftp",
            "127.0.0.1",
        )
        assert api.port not in (None, 8471)
        assert mailbox.port not in (None, 8472)
        token = requests.post(
            f"{grid['api_url']}/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": grid["client_id"],
                "client_secret": grid["client_secret"],
            },
            timeout=10,
        ).json()["access_token"]
        mailboxes = requests.get(
            f"{grid['api_url']}/tg/v1/mailboxes",
            headers={"Authorization": f"Bearer {token}", "X-Tenant-Id": grid["tenant_id"]},
            timeout=10,
        )
        assert mailboxes.json()["data"][0]["mailboxId"] == "MB-1001"
        transport = paramiko.Transport((mailbox.hostname, mailbox.port))
        try:
            transport.connect(username=grid["mailbox_user"], password=grid["mailbox_password"])
            key = transport.get_remote_server_key()
            assert f"{key.get_name()} {key.get_base64()}" == grid["mailbox_host_key"]
        finally:
            transport.close()
        # The Braze and Grid emulators share one simulated clock.
        braze = info["braze"]["api_url"]
        requests.post(f"{braze}/_sandbox/clock", json={"advance_seconds": 60}, timeout=10)
        braze_now = requests.get(f"{braze}/_sandbox/clock", timeout=10).json()["now"]
        grid_now = requests.get(f"{grid['api_url']}/_sandbox/grid/clock", timeout=10).json()["now"]
        assert braze_now == grid_now
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()
    assert process.returncode == 0
