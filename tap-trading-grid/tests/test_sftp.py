"""The sandbox's SFTP mailbox: the host key is checked, keys authenticate, secrets stay out."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tap_trading_grid.mailbox import MailboxConfigError
from tests.runs import SyncResult, run_tap
from tests.sandbox_world import SandboxWorld, with_mailbox_documents

CANARY_PASSWORD = "canary-mailbox-2b8e61d4-do-not-log"
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
