"""End to end against the Trading Grid sandbox: real SFTP, the REST outbox, Active Community.

The sandbox routes what the target sends, acknowledges it per partner (accept, reject, late),
and serves the results through the same API tap-trading-grid reads.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from singer_sdk.testing import TargetTestRunner

from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from supplychain_edi import parse
from target_trading_grid.active_community import ActiveCommunity
from target_trading_grid.delivery import OutboxTransport
from target_trading_grid.target import TargetTradingGrid
from tests import records

START = datetime.datetime(2026, 11, 3, 6, 0, tzinfo=datetime.UTC)
# How each partner's sandbox answers what we send it (the partner's `acks`).
ACKS = {
    records.ACME: {"mode": "accept"},
    records.GLOBEX: {"mode": "reject"},
    records.EURO_GLN: {"mode": "late", "delay_hours": 30},
    records.EURODIS: {"mode": "accept"},
}


class Grid:
    """The sandbox's admin API and the emulated API, as a test uses them."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.settings = sandbox.trading_grid_settings()
        self.url = self.settings["api_url"]
        self.session = requests.Session()
        token = self.session.post(
            f"{self.url}/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.settings["client_id"],
                "client_secret": self.settings["client_secret"],
            },
            timeout=30,
        ).json()["access_token"]
        self.session.headers.update(
            {"Authorization": f"Bearer {token}", "X-Tenant-Id": self.settings["tenant_id"]}
        )

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        response = self.session.request(
            method, f"{self.url}/_sandbox/grid{path}", json=body, timeout=60
        )
        assert response.status_code < 300, response.text
        return response.json()

    def api(self, path: str, **params: Any) -> Any:
        for _ in range(20):
            response = self.session.get(f"{self.url}{path}", params=params, timeout=60)
            if response.status_code != 429:
                break
            time.sleep(float(response.headers.get("Retry-After") or 1))
        assert response.status_code == 200, response.text
        body = response.json()
        return body.get("data", body)

    def ours(self) -> list[dict[str, Any]]:
        return self.api("/tg/v1/transactions", direction="OUTBOUND", limit=500)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("sandbox")
    with running_sandbox(root, clock_start=START, write_connection_file=False) as running:
        yield running


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One ledger for the module, as one deployment has: a new ledger would start the control
    numbers again, and the network refuses a number it has seen (DUPLICATED)."""
    return f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.sqlite'}"


@pytest.fixture(scope="module")
def grid(sandbox: Sandbox) -> Grid:
    client = Grid(sandbox)
    client.admin(
        "POST",
        "/partners",
        [
            {
                "address": partner,
                "kind": "partner",
                "dialect": profile["dialect"],
                # The sandbox's partners answer in D96A only; what we send them may be D01B.
                "version": "D96A" if profile["dialect"] == "EDIFACT" else profile["version"],
                "acks": ACKS[partner],
            }
            for partner, profile in records.PARTNERS.items()
        ],
    )
    return client


def _profiles_for_sandbox() -> dict[str, Any]:
    # The sandbox knows us as ZZ:OURCO in every dialect.
    return {p: {**v, "our_address": "ZZ:OURCO"} for p, v in records.PARTNERS.items()}


def _run(config: dict[str, Any], stream: str, rows: list[dict[str, Any]]) -> TargetTestRunner:
    runner = TargetTestRunner(
        TargetTradingGrid,
        config=config,
        input_io=io.StringIO(records.singer_text(stream, rows, state={"done": stream})),
    )
    runner.sync_all()
    return runner


def _sftp_config(grid: Grid, root: Path, ledger_url: str) -> dict[str, Any]:
    settings = {
        k: v
        for k, v in grid.settings.items()
        if k.startswith("mailbox_") or k in ("api_url", "client_id", "client_secret", "tenant_id")
    }
    return {
        **settings,
        "ledger_url": ledger_url,
        "dead_letter_dir": str(root / "dead-letters"),
        "partners": _profiles_for_sandbox(),
    }


def test_sftp_delivery_is_routed_and_acknowledged(
    grid: Grid, tmp_path: Path, ledger_url: str
) -> None:
    config = _sftp_config(grid, tmp_path, ledger_url)
    before = {t["transactionId"] for t in grid.ours()}

    _run(config, "demand_signals", records.demand_rows())

    new = [t for t in grid.ours() if t["transactionId"] not in before]
    assert sorted((t["receiverAddress"]["display"], t["documentType"]) for t in new) == sorted(
        [
            (records.ACME, "852"),
            (records.GLOBEX, "830"),
            (records.EURO_GLN, "SLSRPT"),
            (records.EURODIS, "DELFOR"),
        ]
    )
    assert {t["status"] for t in new} == {"DELIVERED"}
    assert {t["protocol"] for t in new} == {"SFTP"}
    for transaction in new:
        expected = (
            "T"
            if records.PARTNERS[transaction["receiverAddress"]["display"]]["usage"] == "test"
            else "P"
        )
        assert transaction["testProd"] == expected

    listing = grid.admin("GET", "/mailbox")
    sent = {entry["name"] for entry in listing["sent"]}
    assert {t["filename"] for t in new} <= sent
    assert not [e for e in listing["outbound"] if not e["name"].startswith(".")]
    assert not listing.get("failed")

    acks = {
        a["partnerAddress"]["display"]: a
        for a in grid.api("/tg/v1/functional-acks", limit=500)
        if a.get("transactionId") in {t["transactionId"] for t in new}
    }
    assert acks[records.ACME]["faStatus"] == "ACCEPTED"
    assert acks[records.GLOBEX]["faStatus"] == "REJECTED"
    assert acks[records.EURO_GLN]["faStatus"] == "PENDING"

    # The rejecting 997 is in the inbound folder, where tap-trading-grid reads it.
    inbound = Path(grid.admin("GET", "")["mailboxRoot"]) / "inbound"
    rejecting = [
        record
        for path in sorted(inbound.glob("*"))
        for record in parse(path.read_bytes())
        if record["document_type"] == "functional_ack" and record["sender"] == records.GLOBEX
    ]
    assert [r["group_status"]["code"] for r in rejecting] == ["R"]

    # The late ack: past the 24 h window the group is OVERDUE, then the ack settles it.
    grid.admin("POST", "/clock", {"advance_seconds": 25 * 3600})
    late = next(
        a
        for a in grid.api("/tg/v1/functional-acks", partnerAddress=records.EURO_GLN)
        if a["transactionId"] == acks[records.EURO_GLN]["transactionId"]
    )
    assert late["faStatus"] == "OVERDUE"
    grid.admin("POST", "/clock", {"advance_seconds": 6 * 3600})
    late = next(
        a
        for a in grid.api("/tg/v1/functional-acks", partnerAddress=records.EURO_GLN)
        if a["transactionId"] == acks[records.EURO_GLN]["transactionId"]
    )
    assert late["faStatus"] == "ACCEPTED"

    # A second run over the same rows sends nothing: the ledger knows them.
    count = len(grid.ours())
    _run(config, "demand_signals", records.demand_rows())
    assert len(grid.ours()) == count


def test_rest_outbox_delivery_with_idempotency_keys(
    grid: Grid, tmp_path: Path, ledger_url: str
) -> None:
    config = {
        k: v
        for k, v in _sftp_config(grid, tmp_path, ledger_url).items()
        if not k.startswith("mailbox_")
    }
    before = {t["transactionId"] for t in grid.ours()}
    # Lost connections on the first outbox calls: the target retries with the same key.
    grid.admin("POST", "/faults", {"drop_connection_next": 2, "paths": ["/tg/v1/mailboxes"]})
    try:
        _run(config, "functional_acks", records.ack_rows())
        _run(config, "application_advice", records.advice_rows())
    finally:
        grid.admin("DELETE", "/faults")
    new = [t for t in grid.ours() if t["transactionId"] not in before]
    assert sorted((t["receiverAddress"]["display"], t["documentType"]) for t in new) == sorted(
        [
            (records.ACME, "997"),
            (records.GLOBEX, "999"),
            (records.EURO_GLN, "CONTRL"),
            (records.ACME, "824"),
            (records.GLOBEX, "824"),
            (records.EURO_GLN, "APERAK"),
        ]
    )
    assert {t["status"] for t in new} == {"DELIVERED"}
    assert {t["protocol"] for t in new} == {"HTTPS"}
    numbers = [
        (t["receiverAddress"]["display"], t["interchangeControlNumber"]) for t in grid.ours()
    ]
    assert len(numbers) == len(set(numbers))


def test_active_community_case_updates_and_document_decisions(
    grid: Grid, tmp_path: Path, ledger_url: str
) -> None:
    config = _sftp_config(grid, tmp_path, ledger_url)
    case = grid.admin(
        "POST",
        "/ac/cases",
        {
            "partnerAddress": records.ACME,
            "category": "SHIPMENT_DELAY",
            "references": {"poNumber": "4500000102", "orderId": "ORD-1"},
        },
    )
    documents = [
        grid.admin(
            "POST",
            "/ac/documents",
            {"partnerAddress": records.ACME, "documentType": kind, "fileName": f"{kind}.pdf"},
        )
        for kind in ("W9", "INSURANCE_CERT")
    ]
    updates = [
        {
            "message_key": "f7a:evt-1",
            "flow": "7a",
            "ready_at": "2026-11-03T05:00:00Z",
            "case_id": case["caseId"],
            "partner_id": records.ACME,
            "category": "DELIVERY",
            "score": 1,
            "comment": "Parcel is a week late, call me on [removed]",
            "order_id": "ORD-1",
            "po_number": "4500000102",
            "origin": "CUSTOMER_FEEDBACK",
            "status": "WAITING_ON_PARTNER",
        },
        {
            "message_key": "f7a:evt-2",
            "flow": "7a",
            "ready_at": "2026-11-03T05:01:00Z",
            "case_id": None,
            "partner_id": records.GLOBEX,
            "category": "QUALITY",
            "score": 2,
            "comment": "Box arrived crushed",
            "order_id": "ORD-2",
            "po_number": "4500000103",
            "origin": "CUSTOMER_FEEDBACK",
        },
    ]
    decisions = [
        {
            "message_key": "doc:1",
            "ready_at": "2026-11-03T05:02:00Z",
            "document_id": documents[0]["documentId"],
            "decision": "APPROVED",
            "note": None,
        },
        {
            "message_key": "doc:2",
            "ready_at": "2026-11-03T05:02:00Z",
            "document_id": documents[1]["documentId"],
            "decision": "REJECTED",
            "note": "Certificate expired",
        },
    ]

    _run(config, "partner_case_updates", updates)
    _run(config, "document_decisions", decisions)
    # Both again: nothing is sent twice.
    _run(config, "partner_case_updates", updates)
    _run(config, "document_decisions", decisions)

    comments = grid.api(f"/ac/v1/cases/{case['caseId']}/comments")
    assert [(c["origin"], c["externalRef"]) for c in comments] == [
        ("CUSTOMER_FEEDBACK", "f7a:evt-1")
    ]
    assert "score 1/5" in comments[0]["body"]
    assert "PO 4500000102" in comments[0]["body"]
    assert grid.api(f"/ac/v1/cases/{case['caseId']}")["status"] == "WAITING_ON_PARTNER"

    created = [
        c
        for c in grid.api("/ac/v1/cases", partnerAddress=records.GLOBEX)
        if c["references"].get("orderId") == "ORD-2"
    ]
    assert len(created) == 1
    assert created[0]["category"] == "PROCESS_FEEDBACK"
    assert created[0]["raisedBy"] == "HUB"
    new_comments = grid.api(f"/ac/v1/cases/{created[0]['caseId']}/comments")
    assert [c["externalRef"] for c in new_comments] == ["f7a:evt-2"]

    statuses = {
        d["documentId"]: (d["approvalStatus"], d["decisionNote"])
        for d in grid.api("/ac/v1/documents", limit=500)
    }
    assert statuses[documents[0]["documentId"]] == ("APPROVED", None)
    assert statuses[documents[1]["documentId"]] == ("REJECTED", "Certificate expired")


def test_a_wrong_host_key_is_refused(grid: Grid, tmp_path: Path, ledger_url: str) -> None:
    config = _sftp_config(grid, tmp_path, ledger_url)
    # A valid ed25519 key, but not the server's.
    config["mailbox_host_key"] = (
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    )
    before = len(grid.ours())
    with pytest.raises(Exception, match=r"(?i)host key|not found in known_hosts|BadHostKey"):
        _run(config, "demand_signals", [records.demand_row(records.ACME, "SKU-900", "US-EAST")])
    assert len(grid.ours()) == before


class Crash(BaseException):
    """Stands in for a kill between a request and the ledger write that follows it."""


def test_rest_outbox_rows_in_doubt_are_settled_from_the_transactions(
    grid: Grid, tmp_path: Path, ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = {
        k: v
        for k, v in _sftp_config(grid, tmp_path, ledger_url).items()
        if not k.startswith("mailbox_")
    }
    rows = [
        records.demand_row(records.EURO_GLN, sku, "US-EAST", "2026-11-09")
        for sku in ("SKU-100", "SKU-200")
    ]
    real_deliver = OutboxTransport.deliver

    def deliver_then_die(self: OutboxTransport, *args: Any, **kwargs: Any) -> None:
        real_deliver(self, *args, **kwargs)
        raise Crash

    monkeypatch.setattr(OutboxTransport, "deliver", deliver_then_die)
    with pytest.raises(Crash):
        _run(config, "demand_signals", rows)
    monkeypatch.setattr(OutboxTransport, "deliver", real_deliver)
    before = {t["transactionId"] for t in grid.ours()}

    newer = records.demand_row(records.EURO_GLN, "SKU-300", "US-EAST", "2026-11-09")
    _run(config, "demand_signals", [*rows, newer])

    (new,) = [t for t in grid.ours() if t["transactionId"] not in before]
    (document,) = parse(
        grid.session.get(
            f"{grid.url}/tg/v1/documents/{new['documentId']}/content", timeout=30
        ).content
    )
    assert [line["sku"] for line in document["lines"]] == ["SKU-300"]
    assert new["status"] == "DELIVERED"


def test_active_community_requests_in_doubt_are_not_applied_twice(
    grid: Grid, tmp_path: Path, ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _sftp_config(grid, tmp_path, ledger_url)
    row = {
        "message_key": "f7a:evt-doubt",
        "ready_at": "2026-11-03T05:00:00Z",
        "case_id": None,
        "partner_id": records.EURODIS,
        "category": "DELIVERY",
        "score": 2,
        "comment": "Late again",
        "order_id": "ORD-DOUBT",
        "po_number": "4500000999",
    }
    real_comment = ActiveCommunity.add_comment

    def comment_then_die(self: ActiveCommunity, *args: Any, **kwargs: Any) -> None:
        real_comment(self, *args, **kwargs)
        raise Crash

    monkeypatch.setattr(ActiveCommunity, "add_comment", comment_then_die)
    with pytest.raises(Crash):
        _run(config, "partner_case_updates", [row])
    monkeypatch.setattr(ActiveCommunity, "add_comment", real_comment)
    _run(config, "partner_case_updates", [row])

    cases = [
        c
        for c in grid.api("/ac/v1/cases", partnerAddress=records.EURODIS)
        if c["references"].get("orderId") == "ORD-DOUBT"
    ]
    assert len(cases) == 1
    comments = grid.api(f"/ac/v1/cases/{cases[0]['caseId']}/comments")
    assert [c["externalRef"] for c in comments] == ["f7a:evt-doubt"]


def test_sftp_with_key_authentication(grid: Grid, tmp_path: Path, ledger_url: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        .decode()
    )
    grid.admin("POST", "/mailbox/keys", {"public_key": public})
    config = _sftp_config(grid, tmp_path, ledger_url)
    del config["mailbox_password"]
    config["mailbox_private_key"] = private
    before = {t["transactionId"] for t in grid.ours()}

    _run(config, "demand_signals", [records.demand_row(records.ACME, "SKU-KEY", "US-EAST")])

    (new,) = [t for t in grid.ours() if t["transactionId"] not in before]
    assert (new["protocol"], new["status"]) == ("SFTP", "DELIVERED")


def test_active_community_calls_ride_out_429_and_5xx(
    grid: Grid, tmp_path: Path, ledger_url: str
) -> None:
    config = _sftp_config(grid, tmp_path, ledger_url)
    document = grid.admin(
        "POST",
        "/ac/documents",
        {"partnerAddress": records.GLOBEX, "documentType": "W9", "fileName": "w9.pdf"},
    )
    grid.admin(
        "POST",
        "/faults",
        {"rate_limit_next": 2, "server_error_next": 2, "paths": ["/ac/v1/documents"]},
    )
    try:
        _run(
            config,
            "document_decisions",
            [
                {
                    "message_key": "doc:retry",
                    "ready_at": "2026-11-03T05:02:00Z",
                    "document_id": document["documentId"],
                    "decision": "APPROVE",
                }
            ],
        )
    finally:
        grid.admin("DELETE", "/faults")
    assert grid.api(f"/ac/v1/documents/{document['documentId']}")["approvalStatus"] == "APPROVED"
