"""Malformed input: no exception escapes the public API, and good documents survive."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain_edi import parse, parse_file

GOLDEN = Path(__file__).parent / "golden"
X12_846 = (GOLDEN / "x12_846_inventory_advice.edi").read_text()
X12_852 = (GOLDEN / "x12_852_product_activity.edi").read_text()
EDIFACT_DELFOR = (GOLDEN / "edifact_delfor_planning_schedule.edi").read_text()
SAMPLES = [p.read_text() for p in sorted(GOLDEN.glob("*.edi"))]


def well_formed(records: list[dict]) -> None:
    """Every record is a dict with a type, an id and a list of warnings."""
    assert records, "bad input still gives a record"
    for record in records:
        assert record["document_type"]
        assert record["document_id"]
        assert isinstance(record.get("warnings", []), list)
        if record["document_type"] == "document_error":
            assert record["code"]
            assert record["message"]


def test_binary_garbage_is_one_error_record() -> None:
    noise = bytes(random.Random(7).getrandbits(8) for _ in range(4096))
    (record,) = parse(noise, source="noise.bin")
    assert record["document_type"] == "document_error"
    assert record["code"] == "unrecognised_format"
    assert record["source_file"] == "noise.bin"


def test_truncated_set_is_an_error_and_the_set_before_it_is_read() -> None:
    cut = X12_852[: X12_852.index("ZA*QA")]
    records = parse(X12_846 + cut)
    assert records[0]["document_type"] == "inventory_advice"
    error = records[1]
    assert error["document_type"] == "document_error"
    assert error["code"] == "set_trailer_missing"
    assert error["transaction_set"]["code"] == "852"
    assert error["sender"] == "ZZ:OURCO"
    assert error["set_control_number"] == "0001"
    assert error["segment"] == "SDQ"


def test_truncated_edifact_message_is_an_error() -> None:
    cut = EDIFACT_DELFOR[: EDIFACT_DELFOR.index("QTY+113:80")]
    (record,) = parse(cut)
    assert record["document_type"] == "document_error"
    assert record["code"] == "message_trailer_missing"
    assert record["transaction_set"]["code"] == "DELFOR"


def test_truncated_inside_the_isa() -> None:
    well_formed(parse(X12_846[:50]))


def test_wrong_separators_do_not_raise() -> None:
    # The ISA says "*" but the body was written with "|": nothing is readable as a set.
    body = X12_846.split("\n", 1)[1].replace("*", "|")
    records = parse(X12_846.split("\n", 1)[0] + "\n" + body)
    well_formed(records)
    assert records[0]["document_type"] == "document_error"


def test_unsupported_set_is_an_error_record_beside_readable_ones() -> None:
    other = X12_846.replace("ST*846*0001", "ST*861*0001").replace("GS*IB", "GS*RC")
    records = parse(X12_852 + other)
    assert records[0]["document_type"] == "product_activity"
    assert records[1]["code"] == "unsupported_set"
    assert records[1]["element"] == "ST01"


def test_huge_segment_is_read() -> None:
    text = X12_846.replace("PID*F****Blue widget", "PID*F****" + "X" * 2_000_000)
    (record,) = parse(text)
    assert record["document_type"] == "inventory_advice"
    assert len(record["lines"][0]["description"]) == 2_000_000


def test_missing_file_is_an_error_record(tmp_path: Path) -> None:
    (record,) = parse_file(tmp_path / "absent.edi")
    assert record["code"] == "file_unreadable"


def test_empty_and_whitespace_input() -> None:
    for text in ("", "   \n", "\x00\x00"):
        (record,) = parse(text)
        assert record["document_type"] == "document_error"


def test_latin1_bytes_are_read() -> None:
    data = X12_846.replace("Acme Supply", "Acm\xe9 Supply").encode("latin-1")
    (record,) = parse(data)
    assert record["parties"]["SU"]["name"] == "Acm\xe9 Supply"


@settings(
    max_examples=150,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    sample=st.sampled_from(SAMPLES),
    cuts=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 40)), max_size=4),
    junk=st.text(alphabet="*~>^:+'?|\n UNAISAGSEST0123456789", max_size=40),
)
def test_fuzz_mutated_documents_never_raise(
    sample: str, cuts: list[tuple[int, int]], junk: str
) -> None:
    text = sample
    for start, length in cuts:
        start %= max(len(text), 1)
        text = text[:start] + junk + text[start + length :]
    well_formed(parse(text))


@settings(max_examples=100, deadline=2000, derandomize=True)
@given(st.binary(max_size=600))
def test_fuzz_arbitrary_bytes_never_raise(data: bytes) -> None:
    well_formed(parse(data))


@settings(max_examples=100, deadline=2000, derandomize=True)
@given(st.text(alphabet="ISAUNBHT*~:+'?>^ 0123456789\n", max_size=400))
def test_fuzz_envelope_lookalikes_never_raise(text: str) -> None:
    well_formed(parse("ISA" + text))
    well_formed(parse("UNA:+.? 'UNB" + text))


def test_data_after_the_iea_is_reported_not_dropped() -> None:
    (record,) = parse(X12_846 + "THIS IS NOT EDI~MORE~")
    assert record["document_type"] == "inventory_advice"
    assert [w["code"] for w in record["warnings"]] == ["data_after_interchange"]
