"""A canary API key must appear in no log, error, dead letter, ledger or dry-run file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers import SandboxView, singer_input
from tests.test_reliability import events, triggers, users

CANARY = "canary-3f9b2c1d-braze-key-do-not-log"


def run_cli(config: dict[str, Any], tmp_path: Path, text: str, name: str) -> tuple[int, str]:
    config_file = tmp_path / f"{name}.json"
    config_file.write_text(json.dumps(config))
    result = subprocess.run(
        [sys.executable, "-m", "target_braze", "--config", str(config_file)],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The config file is ours, not the target's: it is left out of the search below.
    config_file.unlink()
    return result.returncode, result.stdout + result.stderr


def test_the_api_key_never_leaves_the_request_header(
    braze: SandboxView, config: dict[str, Any], tmp_path: Path
) -> None:
    braze.post("/_sandbox/api_keys", {"key": CANARY, "permissions": None})
    limited = CANARY + "-limited"
    braze.post("/_sandbox/api_keys", {"key": limited, "permissions": ["users.track"]})
    canary_config = config | {"api_key": CANARY}
    outputs = []

    # A run with rejected objects (dead letters), dropped connections and 5xx retries.
    braze.faults(paths=["/users/track"], track_reject_indexes={"events": [0]}, server_error_next=1)
    text = singer_input({"user_attributes": users(3), "events": events(3)}, state={"at": 1})
    code, output = run_cli(canary_config, tmp_path, text, "faults")
    assert code == 0
    outputs.append(output)
    braze.faults()

    # A dry run.
    code, output = run_cli(canary_config | {"dry_run": True}, tmp_path, text, "dry")
    assert code == 0
    outputs.append(output)
    assert Path(config["dry_run_path"]).read_text()

    # A failing run: the key lacks a permission, so Braze answers 403 and the run stops.
    code, output = run_cli(
        config | {"api_key": limited},
        tmp_path,
        singer_input({"campaign_triggers": triggers(2)}),
        "denied",
    )
    assert code != 0
    assert "403" in output
    outputs.append(output)

    assert "in doubt" in "".join(outputs).lower()  # the report did run and print
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "sandbox" not in p.parts]
    assert any("dead-letters" in p.parts for p in files)
    assert any(p.name.startswith("ledger") for p in files)
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path.name
    for output in outputs:
        assert CANARY not in output
