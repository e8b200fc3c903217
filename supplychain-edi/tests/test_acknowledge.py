"""Our 997 / CONTRL for a partner's groups (expected codes from the X12 code lists)."""

from __future__ import annotations

from pathlib import Path

from mockedi.testing import Mock

from supplychain_edi import acknowledgements_for, parse, write_edifact, write_x12
from tests.corpus import edifact_envelope, x12_envelope

GOLDEN = Path(__file__).parent / "golden"
X12_846 = (GOLDEN / "x12_846_inventory_advice.edi").read_text()
X12_810 = (GOLDEN / "x12_810_credit_memo.edi").read_text()
APERAK = (GOLDEN / "edifact_aperak_application_advice.edi").read_text()


def codes(values: list[dict]) -> list[str]:
    return [v["code"] for v in values]


def test_a_clean_group_is_accepted() -> None:
    (ack,) = acknowledgements_for(parse(X12_846))
    assert ack["group_status"]["code"] == "A"
    assert ack["acknowledged_functional_id"]["code"] == "IB"
    assert ack["acknowledged_group_control_number"] == "123"
    assert [
        (ln["set_code"]["code"], ln["set_control_number"], ln["status"]["code"])
        for ln in ack["lines"]
    ] == [("846", "0001", "A")]
    assert (ack["sets_included"], ack["sets_received"], ack["sets_accepted"]) == (1, 1, 1)


def test_a_bad_segment_count_and_an_extra_segment_are_accepted_with_errors() -> None:
    text = X12_846.replace("CTP***12.5~", "CTP***12.5~\nZZZ*1~")  # SE01 now one short
    (ack,) = acknowledgements_for(parse(text))
    (line,) = ack["lines"]
    assert line["status"]["code"] == "E"
    assert codes(line["set_errors"]) == ["4", "5"]
    (segment_error,) = line["segment_errors"]
    assert (segment_error["segment"], segment_error["position"]) == ("ZZZ", 8)
    assert segment_error["code"]["code"] == "2"  # unexpected segment
    assert ack["group_status"]["code"] == "E"


def test_a_truncated_set_is_rejected_and_the_others_in_its_group_are_not() -> None:
    two_sets = X12_846.replace(
        "GE*1*123",
        "ST*846*0002~\nBIA*00*SI*X*20261101~\nLIN*1*VP*A~\nGE*2*123",
    )
    (ack,) = acknowledgements_for(parse(two_sets))
    assert [ln["status"]["code"] for ln in ack["lines"]] == ["A", "R"]
    assert codes(ack["lines"][1]["set_errors"]) == ["2"]  # trailer missing
    assert ack["group_status"]["code"] == "P"
    assert ack["sets_accepted"] == 1


def test_the_997_written_is_one_mock_edi_accepts(mock_seller: Mock) -> None:
    # An invoice group: mock-edi's AK101 list holds the groups it trades (IN, PO, ...).
    text = X12_810.replace("TDS*4250~", "ZZZ*1~\nTDS*4250~")
    acks = acknowledgements_for(parse(text))
    written = write_x12(acks, x12_envelope())
    assert all(line.endswith(": accepted") for line in mock_seller.findings(written))
    (back,) = parse(written)
    assert back["lines"][0]["segment_errors"][0]["segment"] == "ZZZ"


def test_edifact_groups_get_a_contrl(mock_seller: Mock) -> None:
    (ack,) = acknowledgements_for(parse(APERAK))
    assert ack["transaction_set"]["code"] == "CONTRL"
    assert ack["acknowledged_interchange_control_number"] == "AP1"
    written = write_edifact([ack], edifact_envelope())
    assert all(line.endswith(": accepted") for line in mock_seller.findings(written))
    (back,) = parse(written)
    assert back["acknowledged_interchange_control_number"] == "AP1"
    assert back["group_status"]["code"] == "A"
    assert back["lines"][0]["set_code"]["code"] == "APERAK"


def test_garbage_has_nothing_to_acknowledge() -> None:
    assert acknowledgements_for(parse(b"\x00garbage")) == []
