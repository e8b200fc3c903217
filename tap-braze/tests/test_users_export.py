"""The users stream: a segment export started, awaited, read to the end, and streamed."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from grid_braze_sandbox.runtime import running_sandbox
from tests.braze_scenario import BrazeSeeder, scenario_braze_config, scenario_clock_start
from tests.shared_sandbox import tap_config
from tests.tap_runner import run_tap

USERS = 23


def _seed_users(config: dict) -> list[str]:
    braze = BrazeSeeder(config["api_url"], config["api_key"])
    ids = [f"U{n:03d}" for n in range(USERS)]
    braze.post(
        "/users/track",
        {"attributes": [{"external_id": i, "tier": "GOLD", "region": "WEST"} for i in ids]},
        expect=201,
    )
    return ids


@pytest.mark.parametrize("storage", ["bucket", "url"])
def test_segment_export_is_read_to_the_end(tmp_path: Path, storage: str) -> None:
    # Five users a file: the export spans five files, every one of which must be read.
    braze_config = scenario_braze_config(segment_export_storage=storage, users_per_export_file=5)
    with running_sandbox(
        tmp_path / "sandbox", braze_config=braze_config, clock_start=scenario_clock_start()
    ) as sandbox:
        config = tap_config(sandbox, sandbox.clock.now())
        ids = _seed_users(config)
        run = run_tap(tmp_path, config, streams=["users"])
        exports = requests.get(f"{config['api_url']}/_sandbox/exports", timeout=10).json()
    users = run.records["users"]
    assert sorted(u["external_id"] for u in users) == ids
    assert {(u["tier"], u["region"]) for u in users} == {("GOLD", "WEST")}
    assert [job["status"] for job in exports["exports"]] == ["done"]


def test_an_export_already_running_is_waited_for(tmp_path: Path) -> None:
    """Braze runs one export per segment: a second one gets 429 until the first is done."""
    braze_config = scenario_braze_config(segment_export_delay_seconds=4.0)
    with running_sandbox(
        tmp_path / "sandbox", braze_config=braze_config, clock_start=scenario_clock_start()
    ) as sandbox:
        config = tap_config(sandbox, sandbox.clock.now())
        ids = _seed_users(config)
        braze = BrazeSeeder(config["api_url"], config["api_key"])
        braze.post(
            "/users/export/segment",
            {"segment_id": config["segment_id"], "fields_to_export": ["external_id"]},
            expect=201,
        )
        run = run_tap(tmp_path, config, streams=["users"])
        log = braze.get("/_sandbox/requests?path=/users/export/segment")
    statuses = [entry["status"] for entry in log["requests"]]
    assert statuses[0] == 201  # the other export
    assert 429 in statuses
    assert statuses[-1] == 201  # the tap's own, once the first was done
    assert sorted(u["external_id"] for u in run.records["users"]) == ids


def test_bucket_files_that_land_one_by_one_are_all_read(tmp_path: Path) -> None:
    """A real bucket shows an export's files one at a time (the emulator renames a whole folder)."""
    import json
    import threading
    import time
    import zipfile

    from tap_braze.users_export import StartedExport, users_from_bucket

    folder = tmp_path / "segment-export" / "all" / "2026-11-27" / "prefix-1"

    def write_files() -> None:
        folder.mkdir(parents=True)
        for number in range(3):
            time.sleep(0.2)
            with zipfile.ZipFile(folder / f"{number}.zip", "w") as archive:
                lines = [json.dumps({"braze_id": f"{number}-{n}"}) for n in range(4)]
                archive.writestr(f"prefix-1-{number}.txt", "\n".join(lines) + "\n")

    writer = threading.Thread(target=write_files)
    writer.start()
    export = StartedExport("all", "prefix-1", None)
    users = list(users_from_bucket(export, tmp_path.as_uri(), timeout_seconds=30))
    writer.join()
    assert sorted(u["braze_id"] for u in users) == sorted(
        f"{number}-{n}" for number in range(3) for n in range(4)
    )


def test_gzip_export_files_are_read(tmp_path: Path) -> None:
    """`output_format: gzip` (own bucket only) writes .gz files of NDJSON; the emulator has none."""
    import gzip
    import json

    from tap_braze.users_export import StartedExport, users_from_bucket

    folder = tmp_path / "segment-export" / "all" / "2026-11-27" / "prefix-2"
    folder.mkdir(parents=True)
    for number in range(2):
        lines = "".join(json.dumps({"braze_id": f"{number}-{n}"}) + "\n" for n in range(3))
        (folder / f"{number}.gz").write_bytes(gzip.compress(lines.encode()))
    export = StartedExport("all", "prefix-2", None)
    users = list(users_from_bucket(export, tmp_path.as_uri(), timeout_seconds=30))
    assert sorted(u["braze_id"] for u in users) == [f"{a}-{b}" for a in range(2) for b in range(3)]
