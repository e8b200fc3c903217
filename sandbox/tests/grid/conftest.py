"""Fixtures for the Trading Grid emulator: a sandbox per test, a REST client with a token and an
SFTP session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest
from gridhelpers import START, GridClient

from grid_braze_sandbox.runtime import Sandbox, running_sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with running_sandbox(tmp_path / "sandbox", clock_start=START) as running:
        yield running


@pytest.fixture
def grid(sandbox: Sandbox) -> Iterator[GridClient]:
    client = GridClient(sandbox)
    yield client
    client.close()


@pytest.fixture
def sftp(sandbox: Sandbox) -> Iterator[paramiko.SFTPClient]:
    """A real SFTP session (paramiko), logged in with the mailbox password."""
    settings = sandbox.trading_grid_settings()
    port = int(settings["mailbox_url"].rsplit(":", 1)[1].strip("/"))
    transport = paramiko.Transport(("127.0.0.1", port))
    transport.connect(username=settings["mailbox_user"], password=settings["mailbox_password"])
    client = paramiko.SFTPClient.from_transport(transport)
    assert client is not None
    yield client
    client.close()
    transport.close()
