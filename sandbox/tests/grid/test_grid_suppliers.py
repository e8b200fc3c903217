"""Suppliers played by mock-edi and the sandbox's own acknowledgements (issue 5 item 3): answers
to our 850/ORDERS by behaviour and dialect, released as the clock moves; 997s for our 852/830;
FA status from accepted to overdue."""

from __future__ import annotations

from typing import Any

import paramiko
from gridhelpers import GridClient, edifact_from_us, purchase_order, put, x12_from_us

from supplychain_edi import parse

ACME = "ZZ:ACMESUPPLY"
EURO = "ZZ:EURODIST"


def _inbound_records(sftp: paramiko.SFTPClient) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for name in sorted(sftp.listdir("/inbound")):
        with sftp.open(f"/inbound/{name}") as handle:
            records += parse(handle.read(), source=name)
    return records


def _by_type(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        found.setdefault(record["document_type"], []).append(record)
    return found


def test_supplier_answers_arrive_as_the_clock_moves(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin(
        "POST",
        "/partners",
        {
            "address": ACME,
            "behaviour": "short-ship",
            "catalog": [{"sku": "KETTLE-1", "price": "10.00", "in_stock": 500}],
        },
        status=201,
    )
    put(
        sftp,
        "/outbound/po.edi",
        x12_from_us([purchase_order("4500000201", [("KETTLE-1", 10)])], ACME, 2001),
    )
    assert list(_by_type(_inbound_records(sftp))) == ["functional_ack"]

    grid.advance(2 * 3600)  # the 855 is due after 2 hours by default
    assert sorted(_by_type(_inbound_records(sftp))) == ["functional_ack", "po_acknowledgement"]

    grid.advance(2 * 86400)  # then the 856 (24 h) and the 810 (48 h)
    records = _inbound_records(sftp)
    found = _by_type(records)
    assert sorted(found) == ["functional_ack", "invoice", "po_acknowledgement", "ship_notice"]
    assert all(not r["warnings"] for r in records)
    line = found["po_acknowledgement"][0]["lines"][0]
    assert line["status"]["code"] == "IQ"  # short-ship confirms less than ordered
    assert line["acknowledged_quantity"] < 10
    assert found["ship_notice"][0]["po_number"] == "4500000201"
    inbox = grid.all_pages("/tg/v1/mailboxes/MB-1001/inbox")
    assert sorted(d["documentType"] for d in inbox) == ["810", "855", "856", "997"]
    assert {d["status"] for d in inbox} == {"READY_FOR_PICKUP"}


def test_reject_line_and_backorder_behaviours(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin(
        "POST",
        "/partners",
        {
            "address": ACME,
            "behaviour": "reject-line",
            "timing": {"response_hours": 0},
            "catalog": [{"sku": "OUT-1", "price": "5.00", "in_stock": 0}],
        },
        status=201,
    )
    put(
        sftp,
        "/outbound/po.edi",
        x12_from_us([purchase_order("4500000202", [("A-1", 4), ("OUT-1", 3)])], ACME, 2002),
    )
    acks = _by_type(_inbound_records(sftp))["po_acknowledgement"]
    statuses = sorted(line["status"]["code"] for line in acks[0]["lines"])
    assert "IR" in statuses


def test_an_edifact_supplier_answers_orders_with_contrl_and_ordrsp(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": EURO, "dialect": "EDIFACT"}, status=201)
    order = edifact_from_us([purchase_order("PO-EU-1", [("WIDGET-9", 6)])], EURO, 3001)
    put(sftp, "/outbound/orders.edi", order)
    grid.advance(3 * 86400)
    records = _inbound_records(sftp)
    found = _by_type(records)
    assert {r["dialect"] for r in records} == {"EDIFACT"}
    assert sorted(found) == ["functional_ack", "invoice", "po_acknowledgement", "ship_notice"]
    assert found["po_acknowledgement"][0]["transaction_set"]["code"] == "ORDRSP"
    # mock-edi's CONTRL accepts the ORDERS with findings (it knows no RFF+CO, NAD+ST or unit EA
    # in D.96A's code lists), and the group is settled from that CONTRL.
    fa = grid.get("/tg/v1/functional-acks").json()["data"]
    assert [(a["interchangeControlNumber"], a["faStatus"], a["ackCode"]) for a in fa] == [
        ("3001", "ACCEPTED_WITH_ERRORS", "E")
    ]


def _demand_report(control: int) -> str:
    report = {
        "document_type": "product_activity",
        "period_start": {"date": "2026-11-01"},
        "period_end": {"date": "2026-11-01"},
        "lines": [{"line_number": "1", "sku": "KETTLE-1", "quantity_sold": 12}],
    }
    return x12_from_us([report], ACME, control)


def test_the_sandbox_acknowledges_our_852_with_its_own_997(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    put(sftp, "/outbound/852.edi", _demand_report(4001))
    acks = _by_type(_inbound_records(sftp))["functional_ack"]
    assert len(acks) == 1
    assert acks[0]["acknowledged_group_control_number"] == "4001"
    assert acks[0]["warnings"] == []
    assert acks[0]["group_status"]["code"] == "A"
    assert [
        (a["documentTypes"], a["faStatus"])
        for a in grid.get("/tg/v1/functional-acks").json()["data"]
    ] == [(["852"], "ACCEPTED")]


def test_rejecting_missing_and_late_acks(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME, "acks": {"mode": "reject"}}, status=201)
    put(sftp, "/outbound/a.edi", _demand_report(5001))
    grid.admin("PATCH", f"/partners/{ACME}", {"acks": {"mode": "missing"}})
    put(sftp, "/outbound/b.edi", _demand_report(5002))
    grid.admin("PATCH", f"/partners/{ACME}", {"acks": {"mode": "late", "delay_hours": 30}})
    put(sftp, "/outbound/c.edi", _demand_report(5003))

    def statuses() -> dict[str, str]:
        rows = grid.get("/tg/v1/functional-acks").json()["data"]
        return {r["groupControlNumber"]: r["faStatus"] for r in rows}

    assert statuses() == {"5001": "REJECTED", "5002": "PENDING", "5003": "PENDING"}
    rejected = _by_type(_inbound_records(sftp))["functional_ack"][0]
    assert rejected["lines"][0]["status"]["code"] == "R"

    grid.advance(25 * 3600)  # past the 24-hour window
    assert statuses() == {"5001": "REJECTED", "5002": "OVERDUE", "5003": "OVERDUE"}
    overdue = grid.get("/tg/v1/functional-acks", faStatus="OVERDUE").json()["data"]
    assert all(r["delinquent"] for r in overdue)
    alerts = grid.get("/tg/v1/alerts", alertType="FA_OVERDUE").json()["data"]
    assert len(alerts) == 2
    late_group = next(r for r in overdue if r["groupControlNumber"] == "5003")
    events = grid.get(f"/tg/v1/transactions/{late_group['transactionId']}/events").json()["data"]
    assert events[-1]["eventType"] == "FA_OVERDUE"

    grid.advance(6 * 3600)  # the late ack arrives at 30 hours and still settles its group
    assert statuses() == {"5001": "REJECTED", "5002": "OVERDUE", "5003": "ACCEPTED"}


def test_pending_fa_counts_down_to_delinquency(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME, "acks": {"mode": "missing"}}, status=201)
    put(sftp, "/outbound/a.edi", _demand_report(6001))
    grid.advance(6 * 3600)
    row = grid.get("/tg/v1/functional-acks").json()["data"][0]
    assert (row["faStatus"], row["hoursToDelinquent"]) == ("PENDING", 18.0)


def test_changed_timing_applies_to_later_orders(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    grid.admin("PATCH", f"/partners/{ACME}", {"timing": {"response_hours": 0}})
    put(
        sftp,
        "/outbound/po.edi",
        x12_from_us([purchase_order("4500000203", [("A-1", 1)])], ACME, 2003),
    )
    assert sorted(_by_type(_inbound_records(sftp))) == ["functional_ack", "po_acknowledgement"]
    released = grid.admin("POST", f"/partners/{ACME}/advance", {"all": True})
    assert sorted(d["documentType"] for d in released["delivered"]) == ["810", "856"]


def test_the_sandbox_validates_what_it_routes_and_rejects_bad_sets(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    report = {
        "document_type": "product_activity",
        "period_start": {"date": "2026-11-01"},
        "period_end": {"date": "2026-11-01"},
        "lines": [{"line_number": "1", "sku": "K", "quantity_sold": 1}],
    }
    two_sets = x12_from_us([report, report], ACME, 7001)
    miscounted = two_sets.replace("SE*", "SE*9", 1)  # the first set's SE01 is wrong
    put(sftp, "/outbound/852.edi", miscounted)
    ack = _by_type(_inbound_records(sftp))["functional_ack"][0]
    assert [(line["set_control_number"], line["status"]["code"]) for line in ack["lines"]] == [
        ("0001", "R"),
        ("0002", "A"),
    ]
    assert ack["lines"][0]["set_errors"][0]["code"] == "4"
    assert ack["group_status"]["code"] == "P"
    row = grid.get("/tg/v1/functional-acks").json()["data"][0]
    assert (row["faStatus"], row["numDocAccepted"], row["numDocRejected"]) == (
        "PARTIALLY_ACCEPTED",
        1,
        1,
    )


def test_the_sandbox_answers_our_edifact_forecast_with_a_contrl(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin(
        "POST", "/partners", {"address": EURO, "dialect": "EDIFACT", "kind": "partner"}, status=201
    )
    forecast = {
        "document_type": "planning_schedule",
        "schedule_number": "F-1",
        "horizon_start": {"date": "2026-11-02"},
        "horizon_end": {"date": "2026-11-30"},
        "lines": [
            {
                "line_number": "1",
                "sku": "KETTLE-1",
                "forecasts": [{"quantity": 40, "start": {"date": "2026-11-09"}}],
            }
        ],
    }
    put(sftp, "/outbound/delfor.edi", edifact_from_us([forecast], EURO, 8001))
    records = _inbound_records(sftp)
    assert [(r["document_type"], r["transaction_set"]["code"], r["warnings"]) for r in records] == [
        ("functional_ack", "CONTRL", [])
    ]
    assert records[0]["acknowledged_interchange_control_number"] == "8001"
    row = grid.get("/tg/v1/functional-acks").json()["data"][0]
    assert (row["documentTypes"], row["faStatus"], row["ackCode"]) == (["DELFOR"], "ACCEPTED", "A")
