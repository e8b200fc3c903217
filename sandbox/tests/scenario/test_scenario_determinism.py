"""The same seed gives byte-identical scenario files and manifests; phases are cumulative."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from scenariohelpers import SCENE_START, record_every_phase

from grid_braze_sandbox.scenario.drivers.recording import RecordingBraze, RecordingGrid
from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
from grid_braze_sandbox.scenario.manifest import MART_STREAMS
from grid_braze_sandbox.scenario.phases import ScenarioError, run_phase


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_seed_gives_byte_identical_files_and_manifests(tmp_path: Path) -> None:
    record_every_phase(tmp_path / "first")
    record_every_phase(tmp_path / "second")
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert sorted(first) == sorted(second)
    assert [name for name in first if name.startswith("manifest-")] == [
        "manifest-1.json",
        "manifest-2.json",
        "manifest-3.json",
        "manifest-4.json",
    ]
    assert any(name.startswith("files/outbound/850_") for name in first)
    for name, content in first.items():
        assert content == second[name], name


def test_another_seed_gives_another_scenario(tmp_path: Path) -> None:
    record_every_phase(tmp_path / "three", seed=3)
    record_every_phase(tmp_path / "four", seed=4)
    assert (tmp_path / "three" / "manifest-4.json").read_bytes() != (
        tmp_path / "four" / "manifest-4.json"
    ).read_bytes()


def test_phases_are_cumulative(tmp_path: Path) -> None:
    manifests = [json.loads(p.read_text()) for p in record_every_phase(tmp_path)]
    for earlier, later in pairwise(manifests):
        assert earlier["as_of"] < later["as_of"]
        assert set(earlier["marts"]) == set(later["marts"]) == set(MART_STREAMS)
        for stream, rows in earlier["marts"].items():
            for key, columns in rows.items():
                assert later["marts"][stream].get(key) == columns, (stream, key)
        for stream, count in earlier["raw"].items():
            assert later["raw"][stream] >= count, stream
    # Each later phase adds something to the marts: the story moves on.
    sizes = [sum(len(rows) for rows in m["marts"].values()) for m in manifests]
    assert sizes == sorted(sizes)
    assert len(set(sizes)) == len(sizes)


def test_manifest_shape(tmp_path: Path) -> None:
    manifest = json.loads(record_every_phase(tmp_path)[1].read_text())
    assert list(manifest) == ["scenario", "as_of", "raw", "marts"]
    assert manifest["as_of"] == "2026-11-08T00:00:00Z"
    assert manifest["scenario"] == {"seed": 3, "customers": 40, "orders": 80, "phase": 2}
    assert manifest["raw"]["users"] == 40
    assert manifest["raw"]["purchase_orders"] == 80
    for stream, rows in manifest["marts"].items():
        for key, columns in rows.items():
            assert key.split(":")[0] in {
                "f1",
                "f2",
                "f2a",
                "f3",
                "f4",
                "f5",
                "f6c",
                "f6r",
                "f6d",
                "f7a",
                "f7b",
                "fa",
            }, key
            assert "flow" in columns, (stream, key)


def _runner(folder: Path, seed: int = 3) -> tuple[Scenario, RecordingBraze, RecordingGrid]:
    scenario = Scenario(ScenarioConfig(seed, 40, 80))
    return scenario, RecordingBraze(folder / "files"), RecordingGrid(folder / "files", SCENE_START)


def test_phases_run_in_order_once(tmp_path: Path) -> None:
    scenario, braze, grid = _runner(tmp_path)
    with pytest.raises(ScenarioError, match="needs phases \\[1\\] first"):
        run_phase(scenario, 2, tmp_path, braze, grid)
    run_phase(scenario, 1, tmp_path, braze, grid)
    with pytest.raises(ScenarioError, match="already run"):
        run_phase(scenario, 1, tmp_path, braze, grid)
    with pytest.raises(ScenarioError, match="needs phases \\[2\\] first"):
        run_phase(scenario, 3, tmp_path, braze, grid)
    with pytest.raises(ScenarioError, match="phases 1 to 4"):
        run_phase(scenario, 5, tmp_path, braze, grid)
    other, _, _ = _runner(tmp_path, seed=9)
    with pytest.raises(ScenarioError, match="seed 3"):
        run_phase(other, 2, tmp_path, braze, grid)


def test_phase_one_needs_the_clock_before_the_scene(tmp_path: Path) -> None:
    scenario, braze, _ = _runner(tmp_path)
    late = RecordingGrid(tmp_path / "files", SCENE_START.replace(month=11))
    with pytest.raises(ScenarioError, match="--clock-start 2026-09-30T12:00:00Z"):
        run_phase(scenario, 1, tmp_path, braze, late)


def test_sizes_below_the_story_are_refused() -> None:
    with pytest.raises(ValueError, match="--customers"):
        ScenarioConfig(1, customers=5, orders=100)
    with pytest.raises(ValueError, match="--orders"):
        ScenarioConfig(1, customers=50, orders=5)


def test_string_hashing_does_not_change_a_byte(tmp_path: Path) -> None:
    """Two processes with different hash seeds (set and dict order of strings differ) write the
    same files."""
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
        "from scenariohelpers import record_every_phase; record_every_phase(Path(sys.argv[1]))"
    )
    helpers = str(Path(__file__).parent)
    for hash_seed in ("1", "2"):
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / hash_seed), helpers],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
    first, second = _files(tmp_path / "1"), _files(tmp_path / "2")
    assert "manifest-4.json" in first
    assert sorted(first) == sorted(second)
    for name, content in first.items():
        assert content == second[name], name
