"""`make demo` on a small scenario: the real demo script against a sandbox on free ports, its
per-flow checks, and its report as headless Chromium renders it (issue 10, Done when)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import MELTANO, ROOT

DEMO = ROOT / "scripts" / "demo.py"
GRID_TO_BRAZE_FLOWS = ("1", "2", "3", "5", "6")
NEXT_ISSUE_FLOWS = ("4", "7")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
)  # fmt: skip


@dataclass
class DemoRun:
    returncode: int
    stdout: str
    output: Path
    checks: dict


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    if not MELTANO.exists():
        pytest.fail("Run `make test` (or `make bootstrap`) first: .venv/bin/meltano is missing.")
    output = tmp_path_factory.mktemp("demo-output")
    result = subprocess.run(
        [sys.executable, str(DEMO), "--output-dir", str(output), "--port", "0",
         "--customers", "40", "--orders", "80"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # fmt: skip
    checks_file = output / "demo" / "checks.json"
    if not checks_file.exists():
        pytest.fail(f"The demo wrote no checks:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return DemoRun(result.returncode, result.stdout, output, json.loads(checks_file.read_text()))


def test_every_grid_to_braze_flow_matches_the_manifest_after_each_phase(demo: DemoRun) -> None:
    phases = demo.checks["phases"]
    assert [(phase["phase"], phase["rerun"]) for phase in phases] == [
        (1, False),
        (2, False),
        (2, True),
    ]
    # The rerun, with nothing new upstream, sent nothing.
    rerun = [flow for flow in phases[-1]["this_run"] if flow["flow"] in GRID_TO_BRAZE_FLOWS]
    assert rerun, phases[-1]
    assert all(flow["delivered"] == 0 for flow in rerun), rerun
    differences = {
        (phase["phase"], part, flow["flow"]): flow
        for phase in phases
        for part in ("so_far", "this_run")
        for flow in phase[part]
        if flow["flow"] in GRID_TO_BRAZE_FLOWS and flow["status"] != "matches"
    }
    failed_jobs = {phase["phase"]: phase["job_exit"] for phase in phases if phase["job_exit"]}
    assert not failed_jobs, f"grid-to-braze failed in phases {failed_jobs}:\n{demo.stdout[-3000:]}"
    assert not differences, (
        f"flows differ from the manifest (output/report.html lists each difference): "
        f"{sorted(differences)}\n{demo.stdout[-3000:]}"
    )
    for phase in phases:
        for flow in phase["so_far"]:
            if flow["flow"] in NEXT_ISSUE_FLOWS:
                assert flow["status"] == "not built yet"
    assert demo.returncode == 0, demo.stdout[-3000:]


def test_the_report_renders_each_flow_with_its_counts_and_the_plot(
    demo: DemoRun, tmp_path: Path
) -> None:
    report = demo.output / "report.html"
    assert report.exists(), demo.stdout[-3000:]
    page = _rendered(report, tmp_path)

    last = demo.checks["phases"][-1]["so_far"]
    for flow in last:
        row = page.flow_rows.get(flow["flow"])
        assert row is not None, f"no row for flow {flow['flow']} in the rendered report"
        if flow["flow"] in NEXT_ISSUE_FLOWS:
            assert row[-1] == "not built yet"
            continue
        counts = [flow[name] for name in ("expected", "delivered", "dead_letters", "in_doubt")]
        assert row[2:6] == [str(count) for count in counts], (flow, row)
        assert row[-1] == flow["status"]
    assert page.timeline_present, "the timeline plot is missing from the rendered page"
    delivered = sum(flow["delivered"] for flow in last if flow["flow"] in GRID_TO_BRAZE_FLOWS)
    if delivered:
        assert page.plotted_messages > 0, "messages were delivered but none is plotted"


def _rendered(report: Path, profile_parent: Path) -> RenderedReport:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail(
            "Debian's chromium is needed to render the report: `apt-get install chromium` "
            "(the Makefile's debian-packages target installs it)."
        )
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile_parent / 'chromium-profile'}",
         "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    page = RenderedReport()
    page.feed(result.stdout)
    return page


class RenderedReport(HTMLParser):
    """The parts of the rendered DOM the test asserts on: the flows table and the plot."""

    def __init__(self) -> None:
        super().__init__()
        self.flow_rows: dict[str, list[str]] = {}
        self.timeline_present = False
        self.plotted_messages = 0
        self._table: str | None = None
        self._row: tuple[str, list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self._table = attributes.get("id")
        elif tag == "tr" and self._table == "flows" and attributes.get("data-flow"):
            self._row = (attributes["data-flow"] or "", [])
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "svg" and attributes.get("id") == "timeline":
            self.timeline_present = True
        elif tag == "g" and "message" in (attributes.get("class") or "").split():
            self.plotted_messages += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.flow_rows[self._row[0]] = self._row[1]
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
