"""The `supplychain-edi parse FILE... [--json]` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from supplychain_edi.cli import main

GOLDEN = Path(__file__).parent / "golden"


def test_parse_json_prints_one_record_per_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    both = tmp_path / "both.edi"
    both.write_text(
        (GOLDEN / "x12_846_inventory_advice.edi").read_text()
        + (GOLDEN / "x12_852_product_activity.edi").read_text()
    )
    assert (
        main(["parse", str(both), str(GOLDEN / "edifact_delfor_planning_schedule.edi"), "--json"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["document_type"] for r in records] == [
        "inventory_advice",
        "product_activity",
        "planning_schedule",
    ]
    assert records[0]["source_file"] == str(both)


def test_unreadable_documents_print_error_records_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.edi"
    broken.write_bytes(b"\x00\xff not edi")
    good = GOLDEN / "x12_214_shipment_status.edi"
    assert main(["parse", str(good), str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("shipment_status 214 ")
    assert "pro_number=PRO123456" in out[0]
    assert out[1].startswith("ERROR - ")
    assert "unrecognised_format" in out[1]


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    """`supplychain-edi parse … | head -1`: no traceback when the pipe closes."""
    # Several times the golden files: more than a pipe's buffer holds, so writing must fail.
    files = [str(path) for path in sorted(GOLDEN.glob("*.edi"))] * 5
    command = [sys.executable, "-m", "supplychain_edi.cli", "parse", "--json", *files]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()
        process.stdout.close()  # the reader goes away after one line
        stderr = process.stderr.read()
        returncode = process.wait(timeout=60)
    assert json.loads(first)["document_type"]
    assert stderr == b"", stderr.decode()
    assert returncode == 0
