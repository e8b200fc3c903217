"""`grid-braze-sandbox serve` as a subprocess: the JSON line, sandbox.json, a working API."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import requests

# DESIGN §11: the `braze` object holds exactly the plugin setting names.
BRAZE_SETTINGS = {"api_url", "api_key", "currents_url", "export_bucket_url", "segment_id"}


def serve_command() -> list[str]:
    script = shutil.which("grid-braze-sandbox", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "grid_braze_sandbox.cli"]


def test_serve_prints_the_connection_line_and_writes_sandbox_json(tmp_path: Path) -> None:
    state_dir = tmp_path / "state"
    process = subprocess.Popen(
        [*serve_command(), "serve", "--state-dir", str(state_dir), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        info = json.loads(line)
        # The Trading Grid emulator adds its own object beside this one (issue 5).
        assert set(info) <= {"braze", "trading_grid"}
        braze = info["braze"]
        assert set(braze) == BRAZE_SETTINGS
        assert (state_dir / "sandbox.json").read_text(encoding="utf-8") == line
        url = urlparse(braze["api_url"])
        assert (url.scheme, url.hostname) == ("http", "127.0.0.1")
        assert url.port is not None
        assert url.port > 0
        for key in ("currents_url", "export_bucket_url"):
            assert braze[key].startswith("file://")
            assert Path(urlparse(braze[key]).path).is_dir()
        headers = {"Authorization": f"Bearer {braze['api_key']}"}
        segments = requests.get(
            f"{braze['api_url']}/segments/list", headers=headers, timeout=5
        ).json()
        assert [s["id"] for s in segments["segments"]] == [braze["segment_id"]]
        tracked = requests.post(
            f"{braze['api_url']}/users/track",
            json={"attributes": [{"external_id": "c1"}]},
            headers=headers,
            timeout=5,
        )
        assert tracked.status_code == 201
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert process.returncode == 0


def test_a_busy_port_gives_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*serve_command(), "serve", "--state-dir", str(tmp_path), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"port {port} is in use" in result.stderr


def test_serve_can_start_with_the_design_presets(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            *serve_command(),
            "serve",
            "--state-dir",
            str(tmp_path),
            "--port",
            "0",
            "--design-presets",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        braze = json.loads(process.stdout.readline())["braze"]
        headers = {"Authorization": f"Bearer {braze['api_key']}"}
        details = requests.get(
            f"{braze['api_url']}/campaigns/details",
            params={"campaign_id": "partner_case_update"},
            headers=headers,
            timeout=5,
        )
        assert details.status_code == 200
        canvases = requests.get(f"{braze['api_url']}/canvas/list", headers=headers, timeout=5)
        assert len(canvases.json()["canvases"]) == 4
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_serve_starts_the_clock_where_asked(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            *serve_command(),
            "serve",
            "--state-dir",
            str(tmp_path),
            "--port",
            "0",
            "--clock-start",
            "2026-06-01T08:00:00Z",
            "--seed",
            "3",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        braze = json.loads(process.stdout.readline())["braze"]
        clock = requests.get(f"{braze['api_url']}/_sandbox/clock", timeout=5).json()
        assert clock == {"now": "2026-06-01T08:00:00Z"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
    bad = subprocess.run(
        [*serve_command(), "serve", "--clock-start", "soon"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "not an ISO-8601 time" in bad.stderr
