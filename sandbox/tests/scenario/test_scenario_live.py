"""A scenario run against a live in-process sandbox, through the CLI: the data lands where the
manifest's raw counts say, in Braze, in Currents, in the SFTP mailbox and in Active Community."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fastavro
import paramiko
import pytest
import requests

from grid_braze_sandbox.cli import main
from grid_braze_sandbox.runtime import Sandbox, running_sandbox
from grid_braze_sandbox.scenario.generator import Scenario, ScenarioConfig
from grid_braze_sandbox.scenario.manifest import write_manifest
from supplychain_edi import DOCUMENT_STREAMS, parse

SEED, CUSTOMERS, ORDERS = 5, 40, 80
START = datetime(2026, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, list[dict]]]:
    """Phases 1 to 4 through `grid-braze-sandbox scenario`; the sandbox stays up for the checks."""
    state_dir = tmp_path_factory.mktemp("scenario")
    with running_sandbox(state_dir, clock_start=START) as sandbox:
        manifests = []
        for phase in range(1, 5):
            assert main(_args(state_dir, phase)) == 0
            manifests.append(json.loads((state_dir / f"manifest-{phase}.json").read_text()))
        yield sandbox, manifests


def test_two_live_runs_write_the_same_bytes(tmp_path: Path) -> None:
    """Two fresh sandboxes, the same seed: the same manifests and state files, byte for byte
    (the Currents ids read back included: the Braze emulator's ids are seeded too)."""
    outputs = []
    for run in ("first", "second"):
        state_dir = tmp_path / run
        with running_sandbox(state_dir, clock_start=START):
            for phase in (1, 2):
                assert main(_args(state_dir, phase)) == 0
        names = ("manifest-1.json", "manifest-2.json", "scenario-state.json")
        outputs.append([(state_dir / name).read_bytes() for name in names])
    assert outputs[0] == outputs[1]


def _args(state_dir: Path, phase: int) -> list[str]:
    return [
        "scenario",
        "--state-dir",
        str(state_dir),
        "--seed",
        str(SEED),
        "--phase",
        str(phase),
        "--customers",
        str(CUSTOMERS),
        "--orders",
        str(ORDERS),
    ]


def test_phases_out_of_order_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandbox(tmp_path, clock_start=START):
        assert main(_args(tmp_path, 2)) == 1
    assert "phase 2 needs phases [1] first" in capsys.readouterr().err
    # sandbox.json is still there, but the sandbox has stopped.
    assert main(_args(tmp_path, 1)) == 1
    assert "start a fresh sandbox" in capsys.readouterr().err
    assert main(_args(tmp_path / "nowhere", 1)) == 1
    assert "no running sandbox found" in capsys.readouterr().err


def _mailbox(sandbox: Sandbox) -> tuple[Counter[str], set[str]]:
    """Records per tap stream in inbound/ and our 850s in sent/, read over SFTP; and the
    functional_acks keys of every partner group that is not itself an acknowledgement."""
    settings = sandbox.trading_grid_settings()
    host, port = settings["mailbox_url"].removeprefix("sftp://").rstrip("/").split(":")
    transport = paramiko.Transport((host, int(port)))
    transport.connect(username=settings["mailbox_user"], password=settings["mailbox_password"])
    counts: Counter[str] = Counter()
    groups: set[str] = set()
    try:
        sftp = paramiko.SFTPClient.from_transport(transport)
        assert sftp is not None
        for folder in ("inbound", "sent"):
            for name in sorted(sftp.listdir(folder)):
                with sftp.open(f"{folder}/{name}", "rb") as handle:
                    records = parse(handle.read(), source=name)
                for record in records:
                    assert record["document_type"] != "document_error", record
                    stream = DOCUMENT_STREAMS[record["document_type"]]
                    if folder == "sent":
                        assert stream == "purchase_orders"
                    counts[stream] += 1
                    counts[f"{stream}_lines"] += len(record.get("lines") or [])
                    if folder == "inbound" and stream != "functional_acks":
                        interchange = record["interchange_control_number"]
                        group = record["group_control_number"] or ""
                        groups.add(f"fa:{record['sender']}:{interchange}:{group}")
                        groups.add(record["document_id"])
    finally:
        transport.close()
    return counts, groups


def test_mailbox_holds_what_raw_counts(played: tuple[Sandbox, list[dict]]) -> None:
    sandbox, manifests = played
    raw = manifests[-1]["raw"]
    counts, groups = _mailbox(sandbox)
    assert counts["purchase_orders"] == ORDERS
    for stream, count in counts.items():
        assert raw[stream] == count, stream
    assert raw["document_errors"] == 0
    # Every partner group is acknowledged, mock-edi's answers included (their control numbers
    # are predicted by the generator, not read back).
    marts = manifests[-1]["marts"]
    assert set(marts["functional_acks"]) == {g for g in groups if g.startswith("fa:")}
    # Flow 2's source documents are the ids the EDI library gives the story's documents.
    sources = {
        row["properties"]["source_document"]
        for row in marts["events"].values()
        if row["name"] == "fulfillment_exception"
    }
    assert sources - {"missing-asn"} <= groups
    assert len(sources) >= 5


def test_braze_holds_what_raw_counts(played: tuple[Sandbox, list[dict]]) -> None:
    sandbox, manifests = played
    raw = manifests[-1]["raw"]
    base = sandbox.braze_url
    users = requests.get(f"{base}/_sandbox/users", timeout=30).json()["users"]
    assert len(users) == raw["users"] == CUSTOMERS
    assert sum(len(u["custom_events"]) for u in users) == raw["currents_custom_events"]
    assert sum(len(u["purchases"]) for u in users) == raw["currents_purchases"]
    assert {u["custom_attributes"]["tier"] for u in users} <= {"BRONZE", "SILVER", "GOLD"}
    assert all(p["properties"]["order_id"] for u in users for p in u["purchases"])
    campaigns = requests.get(f"{base}/_sandbox/campaigns", timeout=30).json()["campaigns"]
    assert {c["id"] for c in campaigns} >= {"partner_case_update", "loop_closed"}
    assert len(campaigns) == raw["campaigns"]
    assert len(requests.get(f"{base}/_sandbox/canvases", timeout=30).json()["canvases"]) == 4
    auth = {"Authorization": f"Bearer {sandbox.braze.config.api_key}"}
    names = requests.get(f"{base}/events/list", headers=auth, timeout=30).json()["events"]
    assert len(names) == raw["custom_event_names"] == 5
    products = requests.get(f"{base}/purchases/product_list", headers=auth, timeout=30).json()
    assert len(products["products"]) == raw["products"]
    requests.post(f"{base}/_sandbox/currents/flush", json={}, timeout=30)
    currents: Counter[str] = Counter()
    for path in sandbox.braze.currents_root.rglob("*.avro"):
        with path.open("rb") as handle:
            kind = path.as_posix().split("event_type=")[1].split("/")[0]
            currents[kind] += sum(1 for _ in fastavro.reader(handle))
    assert currents["users.behaviors.CustomEvent"] == raw["currents_custom_events"]
    assert currents["users.behaviors.Purchase"] == raw["currents_purchases"]
    changes = currents["users.behaviors.subscriptiongroup.StateChange"]
    assert changes == raw["currents_subscription_changes"]


def _api(sandbox: Sandbox, path: str) -> list[dict[str, Any]]:
    settings = sandbox.trading_grid_settings()
    token = requests.post(
        f"{settings['api_url']}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": settings["client_id"],
            "client_secret": settings["client_secret"],
        },
        timeout=30,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Tenant-Id": settings["tenant_id"]}
    url: str | None = f"{settings['api_url']}{path}?limit=500"
    rows: list[dict[str, Any]] = []
    while url:
        page = requests.get(url, headers=headers, timeout=30).json()
        rows += page["data"]
        url = page["metadata"]["pagination"]["next"]
    return rows


def test_active_community_holds_what_raw_counts(played: tuple[Sandbox, list[dict]]) -> None:
    sandbox, manifests = played
    raw = manifests[-1]["raw"]
    assert len(_api(sandbox, "/ac/v1/companies")) == raw["companies"]
    assert len(_api(sandbox, "/tg/v1/trading-partners")) == raw["trading_partners"]
    assert len(_api(sandbox, "/tg/v1/transactions")) == raw["transactions"]
    assert len(_api(sandbox, "/ac/v1/cases")) == raw["partner_cases"]
    assert len(_api(sandbox, "/ac/v1/case-events")) == raw["partner_case_events"]
    assert len(_api(sandbox, "/ac/v1/case-comments")) == raw["partner_case_comments"]
    projects = _api(sandbox, "/ac/v1/projects")
    assert len(projects) == raw["projects"]
    assert len(_api(sandbox, "/ac/v1/activities")) == raw["activities"]
    assert len(_api(sandbox, "/ac/v1/documents")) == raw["partner_documents"]
    for path, stream in (
        ("contacts", "contacts"),
        ("progress", "progress"),
        ("form-responses", "form_responses"),
    ):
        assert len(_api(sandbox, f"/ac/v1/{path}")) == raw[stream] == 0
    # Each launch-readiness project has its supplier, and only it, as a participant.
    launches = {p["projectId"] for p in projects if p.get("process") == "LAUNCH_READINESS"}
    participants = _api(sandbox, "/ac/v1/participants")
    assert len(participants) == raw["participants"] == len(launches) > 0
    assert {p["projectId"] for p in participants} == launches
    # The manifest names projects, cases and comments by the ids the emulator gave them.
    by_id = {p["projectId"]: p for p in projects}
    for columns in manifests[-1]["marts"]["canvas_triggers"].values():
        entry = columns["canvas_entry_properties"]
        project = by_id[entry["project_id"]]
        assert project["process"] == entry["process"]
        assert project["customerRef"] == {
            "externalId": columns["external_id"],
            "orderId": entry["order_id"],
        }
    cases = {c["caseId"]: c for c in _api(sandbox, "/ac/v1/cases")}
    for columns in manifests[-1]["marts"]["campaign_triggers"].values():
        case_id = columns["trigger_properties"].get("case_id")
        if case_id is not None:
            assert cases[case_id]["raisedBy"] == "PARTNER"


def test_survey_feedback_is_keyed_by_its_currents_event(played: tuple[Sandbox, list[dict]]) -> None:
    _sandbox, manifests = played
    keys = list(manifests[-1]["marts"]["partner_case_updates"])
    assert len(keys) == 2
    assert not any("unresolved" in key for key in keys)


def test_the_live_manifest_is_the_ground_truths_own(
    played: tuple[Sandbox, list[dict]], tmp_path: Path
) -> None:
    """Nothing else ran in the sandbox, so the emulators gave every object the id the ground
    truth expected, and the manifest written without a sandbox is the live one, except for the
    Currents ids of the survey answers."""
    _sandbox, manifests = played
    offline = tmp_path / "manifest-4.json"
    write_manifest(Scenario(ScenarioConfig(SEED, CUSTOMERS, ORDERS)), 4, offline)
    expected = json.loads(offline.read_text())
    live = manifests[-1]
    assert live["raw"] == expected["raw"]
    assert live["as_of"] == expected["as_of"]
    for stream, rows in expected["marts"].items():
        if stream == "partner_case_updates":
            assert sorted(map(json.dumps, rows.values())) == sorted(
                map(json.dumps, live["marts"][stream].values())
            )
        else:
            assert live["marts"][stream] == rows, stream
