"""Separators from ISA and UNA, several interchanges per file, control counts and pairs."""

from __future__ import annotations

from pathlib import Path

from supplychain_edi import parse, sniff

GOLDEN = Path(__file__).parent / "golden"
X12_846 = (GOLDEN / "x12_846_inventory_advice.edi").read_text()
X12_852 = (GOLDEN / "x12_852_product_activity.edi").read_text()
EDIFACT_APERAK = (GOLDEN / "edifact_aperak_application_advice.edi").read_text()


def codes(record: dict) -> list[str]:
    return [w["code"] for w in record["warnings"]]


def test_separators_come_from_the_isa() -> None:
    # Same document with |, ^ and a newline terminator, as some translators write it.
    text = X12_846.replace("*", "|").replace("~\n", "\n").replace(">", "^")
    (record,) = parse(text)
    assert record["warnings"] == []
    assert record["lines"][0]["sku"] == "SKU-100"
    assert record["lines"][0]["available_quantity"] == 40


def test_5010_repetition_separator_is_not_mistaken_for_data() -> None:
    (record,) = parse((GOLDEN / "x12_999_implementation_ack.edi").read_text())
    assert record["envelope"]["syntax_version"] == "00501"
    assert record["warnings"] == []


def test_several_interchanges_groups_and_sets_in_one_file() -> None:
    records = parse(X12_846 + X12_852 + X12_846.replace("000000123", "000000999"))
    assert [r["document_type"] for r in records] == [
        "inventory_advice",
        "product_activity",
        "inventory_advice",
    ]
    assert records[2]["interchange_control_number"] == "000000999"
    assert len({r["document_id"] for r in records}) == 3


def test_interchanges_with_different_separators_in_one_file() -> None:
    other = X12_852.replace("*", "|").replace("~", "!")
    records = parse(X12_846 + other)
    assert [r["document_type"] for r in records] == ["inventory_advice", "product_activity"]
    assert all(r["warnings"] == [] for r in records)


def test_se01_mismatch_is_a_warning_with_its_position() -> None:
    (record,) = parse(X12_846.replace("SE*14*0001", "SE*15*0001"))
    assert record["document_type"] == "inventory_advice"
    (warning,) = record["warnings"]
    assert warning["code"] == "segment_count_mismatch"
    assert warning["segment"] == "SE"
    assert warning["element"] == "SE01"
    assert warning["position"] == 14


def test_control_number_pairs_are_checked() -> None:
    text = (
        X12_846.replace("SE*14*0001", "SE*14*0002")
        .replace("GE*1*123", "GE*1*124")
        .replace("IEA*1*000000123", "IEA*1*000000124")
    )
    (record,) = parse(text)
    assert set(codes(record)) == {
        "set_control_number_mismatch",
        "group_control_number_mismatch",
        "interchange_control_number_mismatch",
    }


def test_ge01_and_iea01_counts_are_checked() -> None:
    (record,) = parse(X12_846.replace("GE*1*123", "GE*2*123").replace("IEA*1*", "IEA*3*"))
    assert set(codes(record)) == {"set_count_mismatch", "group_count_mismatch"}


def test_una_declares_the_edifact_service_characters() -> None:
    custom = (
        EDIFACT_APERAK.replace("UNA:+.? '", "UNA|*.# !")
        .replace("+", "*")
        .replace("'", "!")
        .replace(":", "|")
    )
    (record,) = parse(custom)
    assert record["warnings"] == []
    assert record["reference"] == "AA-9002"
    assert record["lines"][0]["errors"][0]["message"] == "Unknown item SKU-999 on line 3"


def test_edifact_release_character_is_honoured_when_reading() -> None:
    text = EDIFACT_APERAK.replace("Unknown item SKU-999 on line 3", "O?'Brien?: 5?+3 ??")
    (record,) = parse(text)
    assert record["lines"][0]["errors"][0]["message"] == "O'Brien: 5+3 ?"


def test_unt_and_unz_counts_and_references_are_checked() -> None:
    text = EDIFACT_APERAK.replace("UNT+8+1", "UNT+9+2").replace("UNZ+1+AP1", "UNZ+2+AP2")
    (record,) = parse(text)
    assert set(codes(record)) == {
        "segment_count_mismatch",
        "message_reference_mismatch",
        "message_count_mismatch",
        "interchange_control_number_mismatch",
    }


def test_edifact_without_una_uses_the_default_service_characters() -> None:
    (record,) = parse(EDIFACT_APERAK.split("\n", 1)[1])
    assert record["warnings"] == []
    assert record["status"]["code"] == "TR"


def test_several_edifact_interchanges_in_one_file() -> None:
    second = EDIFACT_APERAK.replace("AP1", "AP2").replace("AA-9002", "AA-9003")
    records = parse(EDIFACT_APERAK + second)
    assert [r["reference"] for r in records] == ["AA-9002", "AA-9003"]


def test_sniff() -> None:
    assert sniff("\ufeff  ISA*00") == "X12"
    assert sniff("UNB+UNOC:3") == "EDIFACT"
    assert sniff("UNA:+.? '") == "EDIFACT"
    assert sniff("%PDF-1.4") is None


def test_an_unexpected_segment_is_a_warning_and_the_rest_is_read() -> None:
    text = X12_846.replace("CTP***12.5~", "CTP***12.5~\nZZZ*PRIVATE*1~").replace(
        "SE*14*0001", "SE*15*0001"
    )
    (record,) = parse(text)
    assert record["lines"][0]["available_quantity"] == 40
    (warning,) = record["warnings"]
    assert warning["code"] == "unexpected_segment"
    assert (warning["segment"], warning["position"]) == ("ZZZ", 8)


def test_an_unexpected_edifact_segment_is_a_warning() -> None:
    text = EDIFACT_APERAK.replace("ERC+12'", "ERC+12'\nXYZ+1'").replace("UNT+8+1", "UNT+9+1")
    (record,) = parse(text)
    assert [w["code"] for w in record["warnings"]] == ["unexpected_segment"]
    assert record["warnings"][0]["segment"] == "XYZ"
