"""Code meanings that depend on where a code sits: the 180's RDR elements and IFTSTA's
status reasons, whose numbers differ between UN/ECE Recommendation 24's editions."""

from __future__ import annotations

import pytest

from supplychain_edi import parse

IFTSTA = (
    "UNA:+.? 'UNB+UNOC:3+CARRIERX:ZZ+OURCO:ZZ+261104:0900+ST7'"
    "UNH+1+IFTSTA:D:{release}:UN'BGM+77+ST-7+9'CNI+1+BOL-7'"
    "STS+1+21+{reason}'DTM+334:202611040900:203'UNT+6+1'UNZ+1+ST7'"
)
RETURN_180 = (
    "ISA*00*          *00*          *ZZ*ACMESUPPLY     *ZZ*OURCO          *261101*0830*U*"
    "00401*000000130*0*P*>~GS*AN*ACMESUPPLY*OURCO*20261108*1000*130*X*004010~"
    "ST*180*0001~BGN*00*RMA-7*20261108~RDR*RA*DT~BLI*VP*WIDGET-001*1*EA~"
    "SE*5*0001~GE*1*130~IEA*1*000000130~"
)


@pytest.mark.parametrize(
    ("release", "reason"),
    [("96A", "17"), ("01B", "13")],  # customs refusal, first and second edition numbers
)
def test_iftsta_status_reason_is_read_by_the_message_directory(release: str, reason: str) -> None:
    (record,) = parse(IFTSTA.format(release=release, reason=reason))
    assert record["warnings"] == []
    assert record["status"] == {"code": "21", "meaning": "delivery, completed"}
    assert record["status_reason"] == {"code": reason, "meaning": "customs refusal"}


def test_iftsta_reason_numbers_are_not_carried_across_directories() -> None:
    (record,) = parse(IFTSTA.format(release="96A", reason="13"))
    assert record["status_reason"] == {"code": "13", "meaning": None}


def test_180_rdr_codes_carry_their_meanings() -> None:
    (record,) = parse(RETURN_180)
    assert record["warnings"] == []
    assert record["disposition"] == {"code": "RA", "meaning": "return with authorization number"}
    assert record["reason"] == {"code": "DT", "meaning": "damaged in transit"}
