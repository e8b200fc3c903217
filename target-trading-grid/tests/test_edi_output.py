"""What partners receive: read back through the EDI library, tokenised by pyx12, read by
pydifact, and pinned byte for byte by golden files.

Expected values are taken from the input rows in `records.py` by the test itself (sums and
lookups written here), never computed with the target's mapping code.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pydifact.segmentcollection import Interchange as PydifactInterchange
from pyx12.x12file import X12Reader

from supplychain_edi import parse
from tests import records

GOLDEN = Path(__file__).parent / "golden"

# One partner profile per document (records.PARTNERS); the golden file pins its exact bytes.
GOLDEN_FILES = {
    "852_ACMESUPPLY": "x12_852_acmesupply.edi",
    "830_GLOBEX": "x12_830_globex.edi",
    "SLSRPT_4012345000009": "edifact_slsrpt_4012345000009.edi",
    "DELFOR_EURODIS": "edifact_delfor_eurodis.edi",
    "824_ACMESUPPLY": "x12_824_acmesupply.edi",
    "APERAK_4012345000009": "edifact_aperak_4012345000009.edi",
    "997_ACMESUPPLY": "x12_997_acmesupply.edi",
    "999_GLOBEX": "x12_999_globex.edi",
    "CONTRL_4012345000009": "edifact_contrl_4012345000009.edi",
}
X12_DOCUMENTS = [k for k in GOLDEN_FILES if k[0].isdigit()]
EDIFACT_DOCUMENTS = [k for k in GOLDEN_FILES if not k[0].isdigit()]
# The activity codes of the default profiles, as the README documents them.
X12_CODES = {
    "units_purchased": "QS",
    "views": "ZV",
    "clicks": "ZC",
    "cart_adds": "ZA",
    "abandoned_carts": "ZB",
}
EDIFACT_CODES = {**X12_CODES, "units_purchased": "153"}


def _one(path: Path) -> dict[str, Any]:
    found = parse(path.read_bytes(), source=path.name)
    assert len(found) == 1, found
    assert found[0]["document_type"] != "document_error", found[0]
    assert found[0]["warnings"] == []
    return found[0]


def _rows_for(partner: str) -> list[dict[str, Any]]:
    return [r for r in records.demand_rows() if r["partner_id"] == partner]


def test_one_file_per_partner_and_document(edi_run: dict[str, Path]) -> None:
    assert sorted(edi_run) == sorted([*GOLDEN_FILES, "824_GLOBEX"])


@pytest.mark.parametrize("document", sorted(GOLDEN_FILES))
def test_golden_file_pins_the_exact_bytes(edi_run: dict[str, Path], document: str) -> None:
    assert edi_run[document].read_bytes() == (GOLDEN / GOLDEN_FILES[document]).read_bytes()


@pytest.mark.parametrize("document", sorted([*GOLDEN_FILES, "824_GLOBEX"]))
def test_envelope_carries_the_partner_profile(edi_run: dict[str, Path], document: str) -> None:
    record = _one(edi_run[document])
    partner = next(p for p in records.PARTNERS if p.endswith(":" + document.split("_")[1]))
    profile = records.PARTNERS[partner]
    assert record["receiver"] == partner
    assert record["sender"] == profile["our_address"]
    assert record["is_test"] is (profile["usage"] == "test")
    assert record["dialect"] == profile["dialect"]


@pytest.mark.parametrize("document", X12_DOCUMENTS)
def test_pyx12_tokenises_the_x12_with_no_errors(edi_run: dict[str, Path], document: str) -> None:
    text = edi_run[document].read_text(encoding="ascii")
    reader = X12Reader(io.StringIO(text))
    segments = [segment.get_seg_id() for segment in reader]
    reader.cleanup()
    assert reader.pop_errors() == []
    assert segments[0] == "ISA"
    assert segments[-1] == "IEA"
    isa15 = text.split("*")[15]
    assert isa15 == ("T" if "GLOBEX" in document else "P")


@pytest.mark.parametrize("document", EDIFACT_DOCUMENTS)
def test_pydifact_reads_the_edifact(edi_run: dict[str, Path], document: str) -> None:
    interchange = PydifactInterchange.from_str(edi_run[document].read_text(encoding="utf-8"))
    messages = list(interchange.get_messages())
    assert [m.type for m in messages] == [document.split("_")[0]]
    assert int(messages[0].get_footer_segment().elements[0]) == len(messages[0].segments) + 2
    unb = interchange.get_header_segment()
    test_indicator = unb.elements[10] if len(unb.elements) > 10 else ""
    assert test_indicator == ("1" if "4012345000009" in document else "")


def _x12_activities(record: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    found = {}
    for line in record["lines"]:
        for activity in line["activities"]:
            for location in activity["locations"]:
                found[line["sku"], activity["activity"]["code"], location["location_id"]] = (
                    location["quantity"]
                )
            found[line["sku"], activity["activity"]["code"], "total"] = activity["quantity"]
    return found


@pytest.mark.parametrize(
    ("document", "partner", "codes"),
    [
        ("852_ACMESUPPLY", records.ACME, X12_CODES),
        ("SLSRPT_4012345000009", records.EURO_GLN, EDIFACT_CODES),
    ],
)
def test_product_activity_reads_back_to_the_rows(
    edi_run: dict[str, Path], document: str, partner: str, codes: dict[str, str]
) -> None:
    record = _one(edi_run[document])
    assert record["period_start"]["date"] == "2026-11-01"
    assert record["period_end"]["date"] == "2026-11-01"
    expected: dict[tuple[str, str, str], Any] = {}
    for row in _rows_for(partner):
        for column, code in codes.items():
            expected[row["sku"], code, row["region"]] = row[column]
            total = (row["sku"], code, "total")
            expected[total] = expected.get(total, 0) + row[column]
    assert _x12_activities(record) == expected


@pytest.mark.parametrize(
    ("document", "partner", "spike_reference"),
    [("830_GLOBEX", records.GLOBEX, "ZZ"), ("DELFOR_EURODIS", records.EURODIS, "ZZZ")],
)
def test_planning_schedule_reads_back_to_the_rows(
    edi_run: dict[str, Path], document: str, partner: str, spike_reference: str
) -> None:
    record = _one(edi_run[document])
    assert record["horizon_start"]["date"] == "2026-11-01"
    assert record["horizon_end"]["date"] == "2026-11-01"
    read = {}
    for line in record["lines"]:
        buckets = [
            (f["quantity"], f["forecast_type"]["code"], f["start_date"]["date"])
            for f in line["forecasts"]
        ]
        spike = line["references"].get(spike_reference, {}).get("value")
        read[line["sku"], line["parties"]["ST"]["id"]] = (buckets, spike)
    expected = {}
    planning = "D" if spike_reference == "ZZ" else "4"
    for row in _rows_for(partner):
        buckets = [(row["baseline"], planning, row["period_start"])]
        if row["spike"] and spike_reference == "ZZ":
            buckets.append((row["views"], "A", row["period_start"]))  # immediate: the spike
        expected[row["sku"], row["region"]] = (
            buckets,
            "DEMAND-SPIKE" if row["spike"] else None,
        )
    assert read == expected


@pytest.mark.parametrize("document", ["824_ACMESUPPLY", "824_GLOBEX", "APERAK_4012345000009"])
def test_application_advice_reads_back_to_the_rows(edi_run: dict[str, Path], document: str) -> None:
    record = _one(edi_run[document])
    row = next(r for r in records.advice_rows() if r["partner_id"] == record["receiver"])
    assert record["status"]["code"] == row["status"]
    (line,) = record["lines"]
    assert line["reference"] == row["reference"]
    assert line["reference_qualifier"]["code"] == row["reference_qualifier"]
    assert [(e["code"]["code"], e["message"]) for e in line["errors"]] == [
        (e["code"], e["message"]) for e in row["errors"]
    ]
    if record["dialect"] == "X12":
        _sender, _qualifier, _icn, group, set_control = row["document_id"].split(":")
        assert line["original_group_control_number"] == group
        assert line["original_set_control_number"] == set_control
        assert line["original_set_code"]["code"] == row["set_code"]


@pytest.mark.parametrize("document", ["997_ACMESUPPLY", "999_GLOBEX", "CONTRL_4012345000009"])
def test_functional_ack_reads_back_to_the_rows(edi_run: dict[str, Path], document: str) -> None:
    record = _one(edi_run[document])
    row = next(r for r in records.ack_rows() if r["partner_id"] == record["receiver"])
    assert record["group_status"]["code"] == row["group_status"]
    read = [
        (line["set_code"]["code"], line["set_control_number"], line["status"]["code"])
        for line in record["lines"]
    ]
    assert read == [
        (s["set_code"], s["set_control_number"], s["status"]) for s in row["set_acknowledgements"]
    ]
    if record["dialect"] == "EDIFACT":
        assert (
            record["acknowledged_interchange_control_number"] == row["interchange_control_number"]
        )
    else:
        assert record["acknowledged_group_control_number"] == row["group_control_number"]
        assert record["acknowledged_functional_id"]["code"] == row["functional_id"]


def test_the_rejecting_999_carries_segment_and_element_detail(edi_run: dict[str, Path]) -> None:
    record = _one(edi_run["999_GLOBEX"])
    (line,) = record["lines"]
    (segment,) = line["segment_errors"]
    assert (segment["segment"], segment["position"], segment["code"]["code"]) == ("IT1", 7, "8")
    (element,) = segment["element_errors"]
    assert (element["position"], element["element_reference"], element["bad_value"]) == (
        4,
        "212",
        "12.5O",
    )
    assert [c["code"] for c in line["set_errors"]] == ["5"]


def test_control_numbers_rise_per_partner_and_are_never_shared(
    edi_run: dict[str, Path],
) -> None:
    by_partner: dict[str, list[int]] = {}
    for path in sorted(edi_run.values()):
        record = _one(path)
        by_partner.setdefault(record["receiver"], []).append(
            int(record["interchange_control_number"])
        )
    for numbers in by_partner.values():
        assert len(numbers) == len(set(numbers))
    # demand signals, then advice, then acks: each partner's sequence starts at 1 and rises.
    assert sorted(by_partner[records.ACME]) == [1, 2, 3]
    assert sorted(by_partner[records.EURODIS]) == [1]
