"""SIGKILL at random points, then a rerun: no duplicate interchange, no reused control number,
and in the end every row delivered exactly once.

The target runs as its own process (the installed CLI) and writes over real SFTP to the
sandbox, which refuses an interchange control number it has already seen from us
(DUPLICATED, moved to `failed/`). Each round feeds the rows the tap would send again (nothing
was acknowledged by a state message) plus the newer ones, so a rerun sees interchanges of a
different make-up than the one it interrupted.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from supplychain_edi import parse
from tests import records

START = datetime.datetime(2026, 11, 5, 6, 0, tzinfo=datetime.UTC)
X12_PARTNERS = [f"ZZ:CRASHX{n:02d}" for n in range(1, 9)]
EDIFACT_PARTNERS = [f"ZZ:CRASHE{n:02d}" for n in range(1, 5)]
DAYS = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]
ROUNDS = 8
SEED = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1_000_000))


def _profiles() -> dict[str, Any]:
    profiles: dict[str, Any] = {}
    for partner in X12_PARTNERS:
        profiles[partner] = {"our_address": "ZZ:OURCO", "dialect": "X12", "usage": "production"}
    for partner in EDIFACT_PARTNERS:
        profiles[partner] = {
            "our_address": "ZZ:OURCO",
            "dialect": "EDIFACT",
            "version": "D96A",
            "usage": "production",
        }
    return profiles


def _rows(days: list[str]) -> list[dict[str, Any]]:
    return [
        records.demand_row(
            partner, sku, "US-EAST", day, views=10 + index, ready_at=f"{day}T23:00:00Z"
        )
        for day in days
        for index, partner in enumerate(X12_PARTNERS + EDIFACT_PARTNERS)
        for sku in ("SKU-100", "SKU-200")
    ]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("crash-sandbox")
    with running_sandbox(root, clock_start=START, write_connection_file=False) as running:
        url = running.trading_grid_settings()["api_url"]
        partners = [
            {
                "address": p,
                "kind": "partner",
                "dialect": v["dialect"],
                "version": v.get("version", "004010"),
            }
            for p, v in _profiles().items()
        ]
        response = requests.post(f"{url}/_sandbox/grid/partners", json=partners, timeout=60)
        assert response.status_code == 201, response.text
        # Slower SFTP operations widen the moments a kill can fall into: a file half written,
        # renamed but not yet recorded as delivered.
        response = requests.post(
            f"{url}/_sandbox/grid/faults", json={"sftp_latency_seconds": 0.02}, timeout=60
        )
        assert response.status_code < 300, response.text
        yield running


def _start(
    config_path: Path, input_path: Path, log_path: Path, *, keep_output: bool = False
) -> subprocess.Popen[bytes]:
    with input_path.open("rb") as stdin, log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "target_trading_grid", "--config", str(config_path)],
            stdin=stdin,
            stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
            stderr=log,
        )


def _received(
    sandbox: Sandbox,
) -> tuple[Counter[tuple[str, ...]], list[tuple[str, int]], list[str]]:
    """What reached the network: row cells, (partner, control number) per file, failed files."""
    root = Path(
        requests.get(
            f"{sandbox.trading_grid_settings()['api_url']}/_sandbox/grid", timeout=30
        ).json()["mailboxRoot"]
    )
    cells: Counter[tuple[str, ...]] = Counter()
    numbers: list[tuple[str, int]] = []
    for path in sorted((root / "sent").glob("*")) + sorted(
        p for p in (root / "outbound").glob("*") if not p.name.startswith(".")
    ):
        documents = parse(path.read_bytes())
        # One interchange per file; it holds one report per day.
        assert len({(d["receiver"], d["interchange_control_number"]) for d in documents}) == 1
        numbers.append((documents[0]["receiver"], int(documents[0]["interchange_control_number"])))
        for record in documents:
            assert record["document_type"] == "product_activity", record
            for line in record["lines"]:
                for activity in line["activities"]:
                    if activity["activity"]["code"] in ("QS", "153"):
                        for location in activity["locations"]:
                            cells[
                                record["receiver"],
                                record["period_start"]["date"],
                                line["sku"],
                                location["location_id"],
                            ] += 1
    failed = [p.name for p in (root / "failed").glob("*")] if (root / "failed").exists() else []
    return cells, numbers, failed


def test_sigkill_at_random_points_then_rerun(sandbox: Sandbox, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    settings = sandbox.trading_grid_settings()
    config = {
        **{k: v for k, v in settings.items() if k.startswith("mailbox_")},
        "ledger_url": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
        "dead_letter_dir": str(tmp_path / "dead-letters"),
        "partners": _profiles(),
    }
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    log_path = tmp_path / "target.log"

    # How long one uninterrupted run takes here, so the kills land anywhere inside one.
    timing_input = records.write_singer(tmp_path / "timing.singer", "demand_signals", [])
    began = time.monotonic()
    _start(config_path, timing_input, log_path).wait(timeout=120)
    full_run = max(time.monotonic() - began, 1.0) + 2.5

    kills = 0
    for round_number in range(ROUNDS):
        days = DAYS[: 1 + round_number * len(DAYS) // ROUNDS]
        input_path = records.write_singer(
            tmp_path / f"round-{round_number}.singer",
            "demand_signals",
            _rows(days),
            state={"round": round_number},
        )
        process = _start(config_path, input_path, log_path)
        delay = rng.uniform(0.2, full_run)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            kills += 1

    final_input = records.write_singer(
        tmp_path / "final.singer", "demand_signals", _rows(DAYS), state={"round": "final"}
    )
    final = _start(config_path, final_input, log_path, keep_output=True)
    out, _ = final.communicate(timeout=120)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert final.returncode == 0, f"seed {SEED}: {log[-3000:]}"
    assert json.loads(out.decode().strip().splitlines()[-1]) == {"round": "final"}

    cells, numbers, failed = _received(sandbox)
    mailbox = Path(
        requests.get(f"{settings['api_url']}/_sandbox/grid", timeout=30).json()["mailboxRoot"]
    )
    assert [p.name for p in (mailbox / "outbound").iterdir()] == [], f"seed {SEED}"
    expected = {(r["partner_id"], r["period_start"], r["sku"], r["region"]) for r in _rows(DAYS)}
    duplicates = {cell: n for cell, n in cells.items() if n > 1}
    assert duplicates == {}, f"seed {SEED}, {kills} kills: rows sent twice {duplicates}"
    assert set(cells) == expected, f"seed {SEED}: rows missing {expected - set(cells)}"
    assert len(numbers) == len(set(numbers)), f"seed {SEED}: a control number was reused"
    assert failed == [], f"seed {SEED}: the network refused {failed}"
    transactions = requests.get(
        f"{settings['api_url']}/tg/v1/transactions",
        params={"direction": "OUTBOUND", "status": "DUPLICATED"},
        headers=_auth(settings),
        timeout=30,
    ).json()["data"]
    assert transactions == [], f"seed {SEED}"


def _auth(settings: dict[str, str]) -> dict[str, str]:
    token = requests.post(
        f"{settings['api_url']}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": settings["client_id"],
            "client_secret": settings["client_secret"],
        },
        timeout=30,
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "X-Tenant-Id": settings["tenant_id"]}
