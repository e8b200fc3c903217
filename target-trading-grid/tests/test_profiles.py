"""Partner profiles: validated before anything is sent; the envelope follows the profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from target_trading_grid.api import check_url_is_safe
from target_trading_grid.profiles import PartnerProfileError, load_profiles
from tests import records
from tests.conftest import run_target


def test_the_test_profiles_load_with_their_documents() -> None:
    profiles = load_profiles(records.PARTNERS)
    assert profiles[records.ACME].documents == {
        "demand_signals": "852",
        "application_advice": "824",
        "functional_acks": "997",
    }
    assert profiles[records.ACME].usage_indicator == "P"
    assert profiles[records.GLOBEX].usage_indicator == "T"
    assert profiles[records.EURO_GLN].documents["functional_acks"] == "CONTRL"
    assert profiles[records.EURODIS].documents["demand_signals"] == "DELFOR"


def test_every_problem_is_reported_at_once() -> None:
    partners = {
        "ACME": {"our_address": "ZZ:OURCO", "dialect": "X12", "usage": "production"},
        "ZZ:NOUSAGE": {"our_address": "ZZ:OURCO", "dialect": "X12"},
        "ZZ:WRONGDOC": {
            "our_address": "ZZ:OURCO",
            "dialect": "X12",
            "usage": "test",
            "documents": {"demand_signals": "DELFOR", "invoices": "810"},
        },
        "ZZ:AVERYLONGPARTNERID": {"our_address": "ZZ:OURCO", "dialect": "X12", "usage": "test"},
        "ZZ:OLDEDIFACT": {
            "our_address": "ZZ:OURCO",
            "dialect": "EDIFACT",
            "version": "D93A",
            "usage": "test",
        },
        "ZZ:NODIALECT": {"our_address": "ZZ:OURCO", "usage": "test"},
    }
    with pytest.raises(PartnerProfileError) as raised:
        load_profiles(partners)
    message = str(raised.value)
    for expected in (
        "'ACME' is not an EDI address",
        "ZZ:NOUSAGE'].usage must be 'test' or 'production'",
        "documents.demand_signals must be one of 852, 830 for X12",
        "'invoices' is not an EDI sink",
        "at most 15 characters",
        "version must be one of D96A, D01B",
        "dialect must be X12 or EDIFACT",
    ):
        assert expected in message


def test_a_bad_profile_stops_the_run_before_anything_is_sent(tmp_path: Path) -> None:
    partners = {**records.PARTNERS, records.ACME: {**records.PARTNERS[records.ACME]}}
    del partners[records.ACME]["usage"]
    config = records.local_config(tmp_path, partners=partners)
    with pytest.raises(PartnerProfileError, match="usage"):
        run_target(config, records.singer_text("demand_signals", records.demand_rows()))
    assert not list(tmp_path.rglob("*.edi"))


def test_a_row_for_a_partner_without_a_profile_goes_to_dead_letters(tmp_path: Path) -> None:
    stranger = records.demand_row("ZZ:STRANGER", "SKU-1", "US-EAST")
    config = records.local_config(tmp_path)
    run_target(
        config,
        records.singer_text("demand_signals", [stranger, records.demand_rows()[0]]),
    )
    (dead,) = (tmp_path / "dead-letters").glob("demand_signals-*.singer.jsonl")
    assert "no partner profile for 'ZZ:STRANGER'" in dead.read_text(encoding="utf-8")
    assert len(list((tmp_path / "mailbox" / "outbound").glob("*.edi"))) == 1


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://grid.example.com", True),
        ("http://127.0.0.1:8471", True),
        ("http://localhost:8471", True),
        ("http://grid.example.com", False),
        ("http://10.0.0.5:8471", False),
        ("ftp://grid.example.com", False),
    ],
)
def test_plain_http_only_on_loopback(url: str, allowed: bool) -> None:
    if allowed:
        check_url_is_safe(url)
    else:
        with pytest.raises(ValueError, match="https"):
            check_url_is_safe(url)
