"""Run each package's tests in its own pytest process, then print one closing line.

Each package keeps its own pytest configuration (filterwarnings = error among it), and their
`tests` folders would collide as one import package, so they run one after another.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "output" / "test-results"


def main(folders: list[str]) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failed_folders = []
    for folder in folders:
        report = RESULTS / f"{folder.replace('/', '_')}.xml"
        report.unlink(missing_ok=True)
        print(f"\n=== {folder}", flush=True)
        code = subprocess.call(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}"],
            cwd=ROOT / folder,
        )
        counts = _counts(report)
        for key in totals:
            totals[key] += counts[key]
        if code != 0:
            failed_folders.append(folder)
            totals["failed"] += 0 if counts["failed"] else 1  # an error before any test ran
    if failed_folders:
        print(f"\nFailed in: {', '.join(failed_folders)}")
    passed, failed, skipped = totals["passed"], totals["failed"], totals["skipped"]
    print(f"\ntotal: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed_folders else 0


def _counts(report: Path) -> dict[str, int]:
    if not report.exists():
        return {"passed": 0, "failed": 0, "skipped": 0}
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    tests, failures, errors, skipped = (
        int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")
    )
    return {
        "passed": tests - failures - errors - skipped,
        "failed": failures + errors,
        "skipped": skipped,
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
