"""The sandbox's SFTP mailbox: the host key is checked, keys authenticate, secrets stay out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from grid_braze_sandbox.runtime import running_sandbox
from tap_trading_grid.mailbox import MailboxConfigError
from tests.runs import SyncResult, run_tap
from tests.sandbox_world import CLOCK_START, SandboxWorld, with_mailbox_documents

CANARY_PASSWORD = "canary-mailbox-2b8e61d4-do-not-log"
SHIPMENT_STATUS = {
    "document_type": "shipment_status",
    "pro_number": "PRO-77",
    "po_number": "PO-1",
    "lines": [{"status": "X6", "status_date": "2026-10-01"}],
}
# A valid Ed25519 public key that is not the sandbox's.
OTHER_HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFc1sEZXSCuLq2Pl7T0i6Rqd8mOoQ0Cu4Zx5WqHnS4nM"


def mailbox_only(world: SandboxWorld, **changes: Any) -> dict[str, Any]:
    """The sandbox's mailbox settings, without the API (its streams then stay empty)."""
    keys = ("mailbox_url", "mailbox_user", "mailbox_password", "mailbox_host_key")
    config = {k: world.settings[k] for k in keys} | changes
    return {k: v for k, v in config.items() if v is not None}


def mailbox_counts(world: SandboxWorld, result: SyncResult) -> None:
    expected = with_mailbox_documents(world.expected_counts())
    for stream in ("mailbox_documents", "purchase_orders", "ship_notices", "document_errors"):
        assert len(result.records[stream]) == expected[stream], stream


def test_a_different_host_key_refuses_the_connection(
    sandbox_world: SandboxWorld,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = mailbox_only(
        sandbox_world, mailbox_host_key=OTHER_HOST_KEY, mailbox_password=CANARY_PASSWORD
    )
    partial: list[SyncResult] = []
    with (
        caplog.at_level(logging.DEBUG),
        pytest.raises(Exception, match="not the configured mailbox_host_key"),
    ):
        run_tap(config, partial=partial)
    assert partial[0].counts() == {}
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, partial[0].raw):
        assert CANARY_PASSWORD not in text


def test_a_wrong_password_is_refused_without_showing_it(
    sandbox_world: SandboxWorld,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = mailbox_only(sandbox_world, mailbox_password=CANARY_PASSWORD)
    with caplog.at_level(logging.DEBUG), pytest.raises(MailboxConfigError) as failure:
        run_tap(config)
    assert "refused the mailbox credentials" in str(failure.value)
    captured = capsys.readouterr()
    for text in (str(failure.value), repr(failure.value), caplog.text, captured.out, captured.err):
        assert CANARY_PASSWORD not in text


def test_an_sftp_mailbox_without_a_host_key_is_refused(sandbox_world: SandboxWorld) -> None:
    config = mailbox_only(sandbox_world, mailbox_host_key=None)
    with pytest.raises(MailboxConfigError, match="mailbox_host_key is required"):
        run_tap(config)


def test_key_authentication(sandbox_world: SandboxWorld) -> None:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        .decode()
    )
    sandbox_world.admin("/mailbox/keys", {"public_key": public})
    config = mailbox_only(sandbox_world, mailbox_password=None, mailbox_private_key=private)
    result = run_tap(config)
    mailbox_counts(sandbox_world, result)
    assert private not in result.raw


def test_confirm_downloads_over_sftp_deletes_only_what_the_persisted_state_covers(
    tmp_path: Path,
) -> None:
    """A sandbox of its own: deleting files would change the shared world's counts."""
    with running_sandbox(tmp_path, clock_start=CLOCK_START) as sandbox:
        settings = sandbox.trading_grid_settings()
        api = settings["api_url"]

        def admin(path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = requests.post(f"{api}/_sandbox/grid{path}", json=body, timeout=60)
            assert response.status_code == 201, response.text
            return response.json()

        def inbound() -> list[str]:
            listing = requests.get(f"{api}/_sandbox/grid/mailbox", timeout=60).json()
            return sorted(entry["name"] for entry in listing["inbound"])

        admin("/partners", {"address": "ZZ:CARRIERX", "kind": "partner"})
        first_doc = admin("/documents", {"from": "ZZ:CARRIERX", "records": [SHIPMENT_STATUS]})
        config = {k: settings[k] for k in ("mailbox_url", "mailbox_user", "mailbox_password")}
        config |= {"mailbox_host_key": settings["mailbox_host_key"], "confirm_downloads": True}

        first = run_tap(config)
        assert len(first.records["shipment_status"]) == 1
        assert inbound() == [first_doc["filename"]]  # not yet: its state is not persisted

        second_doc = admin("/documents", {"from": "ZZ:CARRIERX", "records": [SHIPMENT_STATUS]})
        second = run_tap(config, first.state)
        assert [r["document_id"] for r in second.records["shipment_status"]] == [
            f"ZZ:CARRIERX:{second_doc['interchangeControlNumber']}:"
            f"{int(second_doc['interchangeControlNumber'])}:0001"
        ]
        assert inbound() == [second_doc["filename"]]
        # The network saw the pickup: deleting over SFTP is how a download is confirmed.
        log = requests.get(
            f"{api}/_sandbox/grid/requests", params={"kind": "mailbox"}, timeout=60
        ).json()["requests"]
        deleted = [e["filename"] for e in log if e.get("action") == "deleted"]
        assert deleted == [first_doc["filename"]]

        third = run_tap(config, second.state)
        assert third.counts() == {}
        assert inbound() == []
