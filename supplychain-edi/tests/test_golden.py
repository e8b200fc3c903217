"""Sets mock-edi does not cover, read against hand-checked golden files.

Each `golden/*.edi` is an example written from the published segment definitions; its
`.expected.json` lists the values a reader must produce, checked by hand against the
segment positions (a subset: keys not listed are not asserted).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from supplychain_edi import parse_file

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.edi"))


def assert_subset(actual: Any, expected: Any, path: str = "$") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            assert_subset(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, not {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_subset(got, want, f"{path}[{index}]")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def test_every_golden_file_has_an_expectation() -> None:
    assert len(CASES) >= 16
    for name in CASES:
        assert (GOLDEN / f"{name}.expected.json").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_golden_file_reads_to_the_expected_record(name: str) -> None:
    records = parse_file(GOLDEN / f"{name}.edi")
    assert len(records) == 1
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text())
    assert_subset(records[0], expected)
