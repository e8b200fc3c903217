"""What records may share: parts of the one interchange they came in, nothing further.

The X12 records of an interchange share its envelope parts and their typed values, the
`{"code", "meaning"}` and date dicts (README, "Performance"); records of other
interchanges, and of other reads, share nothing with them, so a caller that edits a
record in place cannot reach those.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from supplychain_edi import parse

GOLDEN = Path(__file__).parent / "golden"
X12_855 = (GOLDEN / "x12_855_backorder.edi").read_text()


def containers(value: Any, found: set[int] | None = None) -> set[int]:
    """The ids of every dict and list inside `value`."""
    found = set() if found is None else found
    if isinstance(value, dict):
        found.add(id(value))
        for item in value.values():
            containers(item, found)
    elif isinstance(value, list):
        found.add(id(value))
        for item in value:
            containers(item, found)
    return found


def test_records_of_one_interchange_share_code_dicts() -> None:
    (record,) = parse(X12_855)
    units = [line["unit"] for line in record["lines"]]
    assert units[0] == {"code": "EA", "meaning": "each"}
    assert all(unit is units[0] for unit in units)
    backorders = [line["acks"][-1] for line in record["lines"][:2]]
    assert backorders[0]["date"] is not backorders[1]["date"]  # 20261120 and 20261125
    assert backorders[0]["date_qualifier"] is backorders[1]["date_qualifier"]  # both 068


def test_records_of_other_interchanges_share_nothing() -> None:
    first, second = parse(X12_855 + X12_855.replace("000000132", "000000133"))
    assert first["lines"] == second["lines"]
    assert not containers(first) & containers(second)


def test_editing_a_record_in_place_does_not_reach_a_later_read() -> None:
    (record,) = parse(X12_855)
    pristine = copy.deepcopy(record)
    record["lines"][0]["unit"]["meaning"] = "edited"
    record["lines"][0]["acks"][0]["status"]["code"] = "ZZ"
    record["lines"][0]["product_ids"][0]["qualifier"]["meaning"] = "edited"
    (again,) = parse(X12_855)
    assert again == pristine
