"""Nothing lost, nothing sent twice, control numbers never reused, retries byte-identical."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from supplychain_edi import parse
from target_trading_grid.delivery import MailboxTransport
from target_trading_grid.target import TargetTradingGrid
from tests import records
from tests.conftest import run_target


def _outbound(root: Path) -> list[Path]:
    return sorted((root / "mailbox" / "outbound").glob("*.edi"))


def _numbers(root: Path, partner: str) -> list[int]:
    found = []
    for path in _outbound(root):
        for record in parse(path.read_bytes()):
            if record["receiver"] == partner:
                found.append(int(record["interchange_control_number"]))
    return found


def test_a_rerun_sends_nothing_and_new_rows_get_new_numbers(tmp_path: Path) -> None:
    config = records.local_config(tmp_path)
    rows = [r for r in records.demand_rows() if r["partner_id"] == records.ACME]
    run_target(config, records.singer_text("demand_signals", rows))
    run_target(config, records.singer_text("demand_signals", rows))
    assert _numbers(tmp_path, records.ACME) == [1]

    # The boundary row comes again with a new one: only the new one is sent, as number 2.
    later = records.demand_row(records.ACME, "SKU-100", "US-EAST", "2026-11-02")
    run_target(config, records.singer_text("demand_signals", [rows[-1], later]))
    assert sorted(_numbers(tmp_path, records.ACME)) == [1, 2]
    newest = parse(_outbound(tmp_path)[-1].read_bytes())[0]
    assert newest["period_start"]["date"] == "2026-11-02"
    assert [line["sku"] for line in newest["lines"]] == ["SKU-100"]


def test_a_failed_delivery_emits_no_state_and_the_retry_sends_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = records.local_config(tmp_path)
    rows = [r for r in records.demand_rows() if r["partner_id"] == records.GLOBEX]
    attempted: list[tuple[str, bytes]] = []
    real_deliver = MailboxTransport.deliver

    def failing_deliver(self: MailboxTransport, name: str, data: bytes, **kwargs: Any) -> None:
        attempted.append((name, data))
        raise OSError("the mailbox went away")

    monkeypatch.setattr(MailboxTransport, "deliver", failing_deliver)
    target = TargetTradingGrid(config=config)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout), pytest.raises(OSError, match="went away"):
        target.listen(io.StringIO(records.singer_text("demand_signals", rows, state={"at": 1})))
    assert stdout.getvalue() == ""  # no state for what was not delivered
    assert not _outbound(tmp_path)

    monkeypatch.setattr(MailboxTransport, "deliver", real_deliver)
    runner = run_target(config, records.singer_text("demand_signals", rows, state={"at": 1}))
    (written,) = _outbound(tmp_path)
    assert [(written.name, written.read_bytes())] == attempted
    assert json.loads(runner.stdout.strip().splitlines()[-1]) == {"at": 1}


def test_rows_of_an_interchange_in_doubt_are_not_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run dies after the file is in the mailbox but before the ledger says so; the next
    run brings those rows again with a new one. Only the new one goes out."""
    config = records.local_config(tmp_path)
    rows = [r for r in records.demand_rows() if r["partner_id"] == records.ACME]
    real_deliver = MailboxTransport.deliver

    class Crash(BaseException):
        pass

    def deliver_then_die(self: MailboxTransport, *args: Any, **kwargs: Any) -> None:
        real_deliver(self, *args, **kwargs)
        raise Crash

    monkeypatch.setattr(MailboxTransport, "deliver", deliver_then_die)
    with pytest.raises(Crash):
        run_target(config, records.singer_text("demand_signals", rows))
    monkeypatch.setattr(MailboxTransport, "deliver", real_deliver)

    later = records.demand_row(records.ACME, "SKU-300", "US-WEST", "2026-11-02")
    run_target(config, records.singer_text("demand_signals", [*rows, later]))

    sent = {}
    for path in _outbound(tmp_path):
        (record,) = parse(path.read_bytes())
        for line in record["lines"]:
            for activity in line["activities"]:
                for location in activity["locations"]:
                    key = (
                        record["period_start"]["date"],
                        line["sku"],
                        location["location_id"],
                        activity["activity"]["code"],
                    )
                    assert key not in sent, f"{key} sent twice"
                    sent[key] = location["quantity"]
    assert {(d, s, r) for d, s, r, _ in sent} == {
        *((r["period_start"], r["sku"], r["region"]) for r in rows),
        ("2026-11-02", "SKU-300", "US-WEST"),
    }
    assert sorted(_numbers(tmp_path, records.ACME)) == [1, 2]


def test_dead_letters_piped_back_are_retried(tmp_path: Path) -> None:
    stranger = "ZZ:NEWPARTNER"
    rows = [records.demand_row(stranger, "SKU-1", "US-EAST")]
    config = records.local_config(tmp_path)
    run_target(config, records.singer_text("demand_signals", rows))
    (dead,) = (tmp_path / "dead-letters").glob("*.singer.jsonl")
    assert not _outbound(tmp_path)

    # The profile arrives; the dead-letter file is the input of the retry.
    partners = {**records.PARTNERS, stranger: records.PARTNERS[records.ACME]}
    retry_config = records.local_config(
        tmp_path, partners=partners, dead_letter_dir=str(tmp_path / "dl2")
    )
    run_target(retry_config, dead.read_text(encoding="utf-8"))
    (written,) = _outbound(tmp_path)
    (record,) = parse(written.read_bytes())
    assert record["receiver"] == stranger
    assert not (tmp_path / "dl2").exists()


def test_a_refused_record_without_dead_letter_dir_stops_the_run(tmp_path: Path) -> None:
    config = records.local_config(tmp_path)
    del config["dead_letter_dir"]
    row = {**records.demand_rows()[0], "email": "jane@example.com"}
    with pytest.raises(RuntimeError, match="dead_letter_dir is not set"):
        run_target(config, records.singer_text("demand_signals", [row]))


def test_a_second_concurrent_run_is_refused(tmp_path: Path) -> None:
    from delivery_ledger import Ledger, LedgerBusyError

    config = records.local_config(tmp_path)
    holder = Ledger(config["ledger_url"], scope="target-trading-grid")
    with holder.run(), pytest.raises(LedgerBusyError):
        run_target(config, records.singer_text("demand_signals", records.demand_rows()))
    assert not _outbound(tmp_path)


def test_one_unwritable_row_goes_to_dead_letters_and_the_others_are_sent(
    tmp_path: Path,
) -> None:
    good, other, _ = (r for r in records.advice_rows())
    # An asterisk is the X12 element separator: the library refuses to write it.
    bad = {**good, "message_key": "aa:bad", "reference": "ASN*88232"}
    config = records.local_config(tmp_path)
    run_target(config, records.singer_text("application_advice", [good, bad, other]))

    (dead,) = (tmp_path / "dead-letters").glob("*.singer.jsonl")
    refused = [json.loads(line) for line in dead.read_text(encoding="utf-8").splitlines()][1:]
    assert [m["record"]["message_key"] for m in refused] == ["aa:bad"]
    assert "cannot write 824" in refused[0]["dead_letter"]["reasons"][0]
    sent = {parse(p.read_bytes())[0]["lines"][0]["reference"] for p in _outbound(tmp_path)}
    assert sent == {"ASN-88231", "INV-5521"}
    # The refused row drew no control number: ACME's interchange is number 1.
    assert _numbers(tmp_path, records.ACME) == [1]


def test_a_stale_part_file_of_a_killed_run_is_removed(tmp_path: Path) -> None:
    outbound = tmp_path / "mailbox" / "outbound"
    outbound.mkdir(parents=True)
    stale = outbound / ".20261101000000_ACMESUPPLY_852_000000007.edi.part"
    stale.write_text("ISA*half", encoding="ascii")
    foreign = outbound / ".someone-elses.tmp"
    foreign.write_text("x", encoding="ascii")
    run_target(
        records.local_config(tmp_path),
        records.singer_text("demand_signals", records.demand_rows()[:1]),
    )
    assert not stale.exists()
    assert foreign.exists()
