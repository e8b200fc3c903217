"""The mailbox streams over a local folder: what each document becomes, dedup, bad input, state."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from supplychain_edi import DOCUMENT_STREAMS
from tap_trading_grid.mailbox import Mailbox, MailboxFile, open_mailbox
from tests.edi_files import (
    LINE_COUNTS,
    PARTIAL_RECORDS,
    put_file,
    put_x12,
    x12_document_id,
    x12_text,
)
from tests.runs import SyncResult, parse_output, run_tap

DAY = 86_400
T0 = 1_790_000_000  # 2026-09-21, a fixed moment for file mtimes


def config_for(root: Path, **extra: Any) -> dict[str, Any]:
    return {"mailbox_url": root.as_uri(), **extra}


def mailbox_state(result: SyncResult) -> dict[str, Any]:
    assert result.state is not None
    return result.state["bookmarks"]["mailbox_documents"]["mailbox"]


def test_every_business_document_becomes_a_record_with_its_lines(tmp_path: Path) -> None:
    written = [
        put_x12(tmp_path / "inbound", document_type, "ACME", 100 + n, mtime=T0 + n)
        for n, document_type in enumerate(PARTIAL_RECORDS)
        if document_type != "purchase_order"
    ]
    ours = put_x12(tmp_path / "sent", "purchase_order", "OURCO", 900, mtime=T0)
    # A 997 we sent sits in sent/ too; only our purchase orders are read from there, and what
    # cannot be read at all.
    put_x12(tmp_path / "sent", "functional_ack", "OURCO", 901, mtime=T0)
    put_file(tmp_path / "sent", "ours-broken.edi", b"not an interchange", T0)

    result = run_tap(config_for(tmp_path))

    expected_counts = {DOCUMENT_STREAMS[f.document_type]: 1 for f in [*written, ours]}
    expected_counts |= {
        f"{DOCUMENT_STREAMS[f.document_type]}_lines": LINE_COUNTS[f.document_type]
        for f in [*written, ours]
    }
    expected_counts["mailbox_documents"] = len(written) + 1 + 1
    expected_counts["document_errors"] = 1
    assert result.counts() == expected_counts
    assert result.records["document_errors"][0]["source_file"] == "sent/ours-broken.edi"

    documents = {row["document_id"]: row for row in result.records["mailbox_documents"]}
    readable = {document_id for document_id, row in documents.items() if not row["error_code"]}
    assert readable == {f.document_id for f in [*written, ours]}
    assert documents[ours.document_id]["folder"] == "sent"
    assert documents[ours.document_id]["file_name"] == "sent/OURCO_purchase_order_900.edi"

    (order,) = result.records["purchase_orders"]
    # DESIGN §3: the customer behind our own 850.
    assert (order["customer_id"], order["customer_order_number"], order["po_number"]) == (
        "CUST-9",
        "ORD-77",
        "4500000102",
    )
    assert "lines" not in order
    order_lines = result.records["purchase_orders_lines"]
    # The 850 writer sends the UPC (PO1 UP) of these lines, so the UPC is what reads back.
    assert sorted(
        (line["document_id"], line["line_index"], line["upc"]) for line in order_lines
    ) == [
        (ours.document_id, 1, "076123400003"),
        (ours.document_id, 2, "076123400010"),
    ]
    (ack_line,) = result.records["po_acknowledgements_lines"]
    assert (ack_line["status"]["code"], ack_line["schedule_date"]["date"]) == ("IB", "2026-12-01")
    (asn,) = result.records["ship_notices"]
    assert (asn["asn_number"], asn["sender"]) == ("ASN-1", "ZZ:ACME")
    assert result.duplicated_keys() == {}


def test_metadata_carries_file_hash_time_and_business_keys(tmp_path: Path) -> None:
    import hashlib

    written = put_x12(tmp_path / "inbound", "ship_notice", "ACME", 7, mtime=T0)
    result = run_tap(config_for(tmp_path))
    (row,) = result.records["mailbox_documents"]
    assert row == {
        "document_id": x12_document_id("ACME", 7),
        "document_type": "ship_notice",
        "dialect": "X12",
        "transaction_set": "856",
        "version": "004010",
        "sender": "ZZ:ACME",
        "receiver": "ZZ:OURCO",
        "interchange_control_number": "000000007",
        "group_control_number": "7",
        "set_control_number": "0001",
        "is_test": False,
        "po_number": "4500000102",
        "asn_number": "ASN-1",
        "invoice_number": None,
        "bol_number": None,
        "pro_number": None,
        "rma_number": None,
        "folder": "inbound",
        "file_name": "inbound/ACME_ship_notice_7.edi",
        "sha256": hashlib.sha256(written.path.read_bytes()).hexdigest(),
        "file_size": written.path.stat().st_size,
        "received_at": "2026-09-21T14:13:20Z",  # date -u -d @1790000000
        "line_count": 2,
        "warning_count": 0,
        "error_code": None,
    }


def test_a_duplicate_file_gives_one_record(tmp_path: Path) -> None:
    inbound = tmp_path / "inbound"
    text = x12_text("invoice", "ACME", 41)
    put_file(inbound, "invoice-41.edi", text, T0)
    put_file(inbound, "invoice-41-again.edi", text, T0 + 5)
    put_x12(inbound, "ship_notice", "ACME", 42, mtime=T0 + 1)

    first = run_tap(config_for(tmp_path))
    assert [row["document_id"] for row in first.records["invoices"]] == [
        x12_document_id("ACME", 41)
    ]
    assert len(first.records["invoices_lines"]) == LINE_COUNTS["invoice"]
    assert len(first.records["mailbox_documents"]) == 2
    assert first.duplicated_keys() == {}

    # The same bytes again, in a later run and under a third name: still nothing new.
    put_file(inbound, "invoice-41-third.edi", text, T0 + 9)
    second = run_tap(config_for(tmp_path), first.state)
    assert second.counts() == {}
    assert "invoice-41-third.edi" in mailbox_state(second)["inbound"]["files"]


def test_a_malformed_file_among_valid_ones_gives_one_error_record(tmp_path: Path) -> None:
    inbound = tmp_path / "inbound"
    valid = [put_x12(inbound, "ship_notice", "ACME", n, mtime=T0 + n) for n in (1, 2, 4)]
    # Interchange 3 loses its SE trailer: the set is truncated.
    broken = x12_text("ship_notice", "GLOBEX", 3).replace("SE*", "XX*")
    put_file(inbound, "broken.edi", broken, T0 + 3)

    result = run_tap(config_for(tmp_path))

    assert sorted(row["document_id"] for row in result.records["ship_notices"]) == sorted(
        f.document_id for f in valid
    )
    assert len(result.records["ship_notices_lines"]) == 3 * LINE_COUNTS["ship_notice"]
    (error,) = result.records["document_errors"]
    assert {
        key: error[key]
        for key in (
            "document_id",
            "source_file",
            "sender",
            "interchange_control_number",
            "group_control_number",
            "set_control_number",
            "segment",
            "code",
        )
    } == {
        "document_id": x12_document_id("GLOBEX", 3),
        "source_file": "inbound/broken.edi",
        "sender": "ZZ:GLOBEX",
        "interchange_control_number": "000000003",
        "group_control_number": "3",
        "set_control_number": "0001",
        "segment": "XX",
        "code": "set_trailer_missing",
    }
    assert isinstance(error["position"], int)
    assert error["message"]
    metadata = {row["document_id"]: row for row in result.records["mailbox_documents"]}
    assert metadata[x12_document_id("GLOBEX", 3)]["error_code"] == "set_trailer_missing"


def test_unreadable_bytes_become_an_error_record_not_a_crash(tmp_path: Path) -> None:
    put_file(tmp_path / "inbound", "garbage.bin", b"\x00\x01not edi at all\xff", T0)
    put_x12(tmp_path / "inbound", "invoice", "ACME", 5, mtime=T0 + 1)
    result = run_tap(config_for(tmp_path))
    (error,) = result.records["document_errors"]
    assert (error["source_file"], error["code"]) == ("inbound/garbage.bin", "unrecognised_format")
    assert len(result.records["invoices"]) == 1


def test_the_command_line_emits_what_the_tap_emits(tmp_path: Path) -> None:
    """`python -m tap_trading_grid` (the `tap-trading-grid` command's `main`) runs the tap."""
    put_x12(tmp_path / "inbound", "ship_notice", "ACME", 1, mtime=T0)
    put_x12(tmp_path / "inbound", "invoice", "ACME", 2, mtime=T0 + 1)
    config = tmp_path / "config.json"
    config.write_text(json.dumps(config_for(tmp_path)))
    command = [sys.executable, "-m", "tap_trading_grid", "--config", str(config)]
    output = subprocess.run(command, capture_output=True, check=True, text=True).stdout
    assert parse_output(output).records == run_tap(config_for(tmp_path)).records


def test_a_local_file_is_read_whole_whatever_size_it_was_listed_with(tmp_path: Path) -> None:
    """A file can grow or shrink between the listing and the read."""
    data = bytes(range(256)) * 1000
    put_file(tmp_path / "inbound", "changing.edi", data, T0)
    mailbox = open_mailbox(config_for(tmp_path), logging.getLogger(__name__))
    for listed_size in (0, 1, len(data) - 1, len(data), 10 * len(data)):
        assert mailbox.read(MailboxFile("inbound", "changing.edi", listed_size, T0)) == data


def test_incremental_runs_read_only_new_and_changed_files(tmp_path: Path) -> None:
    inbound = tmp_path / "inbound"
    put_x12(inbound, "invoice", "ACME", 1, mtime=T0, name="a.edi")
    put_x12(inbound, "invoice", "ACME", 2, mtime=T0 + 10, name="b.edi")
    first = run_tap(config_for(tmp_path))
    assert len(first.records["invoices"]) == 2

    second = run_tap(config_for(tmp_path), first.state)
    assert second.counts() == {}

    # A late file whose mtime is older than the newest file already read (the same second as
    # a.edi, as SFTP's whole seconds allow), and a file that changed under its name.
    put_x12(inbound, "invoice", "ACME", 3, mtime=T0, name="late.edi")
    put_file(inbound, "b.edi", x12_text("invoice", "ACME", 20), T0 + 10)
    third = run_tap(config_for(tmp_path), second.state)
    assert sorted(row["document_id"] for row in third.records["invoices"]) == [
        x12_document_id("ACME", 3),
        x12_document_id("ACME", 20),
    ]
    # Touching a file without changing it reads nothing.
    (inbound / "a.edi").touch()
    fourth = run_tap(config_for(tmp_path), third.state)
    assert fourth.counts() == {}


def test_state_stays_flat_as_the_mailbox_grows(tmp_path: Path) -> None:
    inbound = tmp_path / "inbound"
    config = config_for(tmp_path, lookback_days=5)
    state: dict[str, Any] | None = None
    sizes = {}
    control = 0
    for day in range(40):
        for hour in range(4):
            control += 1
            put_x12(inbound, "ship_notice", "ACME", control, mtime=T0 + day * DAY + hour * 3600)
        result = run_tap(config, state)
        # Each run reads exactly the day's four files: nothing forgotten is read again.
        assert len(result.records["ship_notices"]) == 4, day
        state = result.state
        assert state is not None
        sizes[day] = (len(mailbox_state(result)["inbound"]["files"]), len(json.dumps(state)))
    assert len(list(inbound.iterdir())) == 160
    # Files no older than five days before the newest (day D, 03:00): day D-5 at 03:00 and the
    # four files of each of days D-4 to D, whatever the mailbox holds.
    assert {sizes[day][0] for day in range(10, 40)} == {1 + 5 * 4}
    assert (
        max(sizes[day][1] for day in range(10, 40)) - min(sizes[day][1] for day in range(10, 40))
        < 200
    )
    # A first run over the whole mailbox reads every file and keeps the same window.
    first = run_tap(config)
    assert len(first.records["ship_notices"]) == 160
    assert len(mailbox_state(first)["inbound"]["files"]) == 1 + 5 * 4


def test_a_failure_mid_run_loses_nothing_and_the_resume_duplicates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbound = tmp_path / "inbound"
    written = [put_x12(inbound, "invoice", "ACME", n, mtime=T0 + n) for n in range(1, 11)]
    first = run_tap(config_for(tmp_path))
    assert len(first.records["invoices"]) == 10

    more = [put_x12(inbound, "invoice", "ACME", n, mtime=T0 + n) for n in range(11, 21)]
    real_read = Mailbox.read
    reads = {"count": 0}

    def failing_read(self: Mailbox, file: Any) -> bytes:
        reads["count"] += 1
        if reads["count"] == 6:
            msg = "connection reset by peer"
            raise ConnectionResetError(msg)
        return real_read(self, file)

    monkeypatch.setattr(Mailbox, "read", failing_read)
    partial: list[SyncResult] = []
    with pytest.raises(ConnectionResetError):
        run_tap(config_for(tmp_path), first.state, partial=partial)
    (failed,) = partial
    # The failed run's last state is still the state it started from.
    assert failed.state is not None
    assert (
        failed.state["bookmarks"]["mailbox_documents"]
        == first.state["bookmarks"]["mailbox_documents"]
    )
    monkeypatch.undo()

    resumed = run_tap(config_for(tmp_path), failed.state)
    assert sorted(row["document_id"] for row in resumed.records["invoices"]) == sorted(
        f.document_id for f in more
    )
    assert resumed.duplicated_keys() == {}
    everything = {row["document_id"] for row in first.records["invoices"]} | {
        row["document_id"] for row in resumed.records["invoices"]
    }
    assert everything == {f.document_id for f in [*written, *more]}
    assert run_tap(config_for(tmp_path), resumed.state).counts() == {}


def test_a_failure_while_emitting_keeps_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mailbox state commits only after the last mailbox stream emitted everything."""
    from tap_trading_grid import document_streams

    written = [
        put_x12(tmp_path / "inbound", "ship_notice", "ACME", n, mtime=T0 + n) for n in (1, 2)
    ]
    real_records = document_streams.MailboxRun.records

    def failing_records(self: Any, stream_name: str) -> Any:
        if stream_name == "ship_notices_lines":
            msg = "the target went away"
            raise BrokenPipeError(msg)
        return real_records(self, stream_name)

    monkeypatch.setattr(document_streams.MailboxRun, "records", failing_records)
    partial: list[SyncResult] = []
    with pytest.raises(BrokenPipeError):
        run_tap(config_for(tmp_path), partial=partial)
    (failed,) = partial
    assert len(failed.records["ship_notices"]) == 2
    assert "mailbox" not in (failed.state or {}).get("bookmarks", {}).get("mailbox_documents", {})
    monkeypatch.undo()

    resumed = run_tap(config_for(tmp_path), failed.state)
    assert sorted(row["document_id"] for row in resumed.records["ship_notices"]) == [
        f.document_id for f in written
    ]
    assert len(resumed.records["ship_notices_lines"]) == 2 * LINE_COUNTS["ship_notice"]


def test_read_only_unless_confirm_downloads(tmp_path: Path) -> None:
    inbound = tmp_path / "inbound"
    put_x12(inbound, "invoice", "ACME", 1, mtime=T0, name="one.edi")
    first = run_tap(config_for(tmp_path))
    second = run_tap(config_for(tmp_path), first.state)
    assert sorted(p.name for p in inbound.iterdir()) == ["one.edi"]

    confirm = config_for(tmp_path, confirm_downloads=True)
    put_x12(inbound, "invoice", "ACME", 2, mtime=T0 + 1, name="two.edi")
    third = run_tap(confirm, second.state)
    # one.edi was covered by the state this run started from, so it goes; two.edi was read in
    # this run, and waits until that run's state is persisted.
    assert sorted(p.name for p in inbound.iterdir()) == ["two.edi"]
    assert [row["document_id"] for row in third.records["invoices"]] == [x12_document_id("ACME", 2)]

    fourth = run_tap(confirm, third.state)
    assert list(inbound.iterdir()) == []
    assert fourth.counts() == {}

    # A file that changed after it was read is not the file the state covers: it stays.
    put_x12(inbound, "invoice", "ACME", 3, mtime=T0 + 2, name="three.edi")
    fifth = run_tap(confirm, fourth.state)
    put_file(inbound, "three.edi", x12_text("invoice", "ACME", 30), T0 + 3)
    sixth = run_tap(confirm, fifth.state)
    assert [p.name for p in inbound.iterdir()] == ["three.edi"]
    assert [row["document_id"] for row in sixth.records["invoices"]] == [
        x12_document_id("ACME", 30)
    ]
