"""A canary secret in every sensitive setting shows up in no log, error, state or file.

The target runs as its own process, as Meltano runs it; its stdout, its stderr and every file
it writes are searched for the canary, in runs that succeed and in runs that fail because of
the very secret that carries it.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from tests import records

CANARY = "canary-7f3e9b21-secret"
START = datetime.datetime(2026, 11, 6, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("secrets-sandbox")
    with running_sandbox(root, clock_start=START, write_connection_file=False) as running:
        yield running


def _run(tmp_path: Path, config: dict[str, Any], text: str) -> subprocess.CompletedProcess[str]:
    config_path = tmp_path / "config.json"  # the input; the one file allowed to hold it
    config_path.write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "target_trading_grid", "--config", str(config_path)],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _assert_no_canary(tmp_path: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert CANARY not in result.stdout
    assert CANARY not in result.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "config.json":
            assert CANARY.encode() not in path.read_bytes(), path


def _rows() -> str:
    rows = records.demand_rows()[:2]
    leaky = {**rows[0], "message_key": "f4:leaky", "customer_phone": "+1 555 123 4567"}
    return records.singer_text("demand_signals", [*rows, leaky], state={"ok": 1})


def test_a_successful_run_with_dead_letters_writes_no_secret(tmp_path: Path) -> None:
    config = records.local_config(
        tmp_path,
        mailbox_password=CANARY,
        mailbox_private_key=CANARY,
        client_secret=CANARY,
        api_url="https://grid.invalid",
        client_id="client",
        ledger_url=f"sqlite:///{tmp_path / 'ledger.sqlite'}",
    )
    result = _run(tmp_path, config, _rows())
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"ok": 1}
    assert list((tmp_path / "dead-letters").glob("*.jsonl"))
    assert list((tmp_path / "mailbox" / "outbound").glob("*.edi"))
    _assert_no_canary(tmp_path, result)


def test_a_wrong_mailbox_password_fails_without_showing_it(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    settings = sandbox.trading_grid_settings()
    config = {
        **{k: v for k, v in settings.items() if k.startswith("mailbox_")},
        "mailbox_password": CANARY,
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
        "dead_letter_dir": str(tmp_path / "dead-letters"),
        "partners": records.PARTNERS,
    }
    result = _run(tmp_path, config, _rows())
    assert result.returncode != 0
    assert "Authentication failed" in result.stderr
    assert '"ok"' not in result.stdout
    _assert_no_canary(tmp_path, result)


def test_a_wrong_client_secret_fails_without_showing_it(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = sandbox.trading_grid_settings()
    config = {
        **{k: v for k, v in settings.items() if not k.startswith("mailbox_")},
        "client_secret": CANARY,
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
        "dead_letter_dir": str(tmp_path / "dead-letters"),
        "partners": records.PARTNERS,
    }
    result = _run(tmp_path, config, _rows())
    assert result.returncode != 0
    assert "token request failed with HTTP 401" in result.stderr
    assert '"ok"' not in result.stdout
    _assert_no_canary(tmp_path, result)


def test_a_broken_private_key_fails_without_showing_it(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = sandbox.trading_grid_settings()
    config = {
        **{k: v for k, v in settings.items() if k.startswith("mailbox_")},
        "mailbox_private_key": f"-----BEGIN OPENSSH PRIVATE KEY-----\n{CANARY}\n-----END",
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
        "dead_letter_dir": str(tmp_path / "dead-letters"),
        "partners": records.PARTNERS,
    }
    result = _run(tmp_path, config, _rows())
    assert result.returncode != 0
    assert "mailbox_private_key is not" in result.stderr
    _assert_no_canary(tmp_path, result)
