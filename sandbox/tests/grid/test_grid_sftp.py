"""The SFTP mailbox with real clients: logins, folders, routing to a supplier, the move to sent/,
FA tracking, refusals, and confirming by deleting (issue 5 item 1)."""

from __future__ import annotations

import asyncio
import io
import time

import asyncssh
import fsspec
import paramiko
import pytest
from gridhelpers import GridClient, purchase_order, put, x12_from_us

from grid_braze_sandbox.grid.config import HOST_PUBLIC_KEY
from grid_braze_sandbox.runtime import Sandbox
from supplychain_edi import parse

ACME = "ZZ:ACMESUPPLY"


def _port(sandbox: Sandbox) -> int:
    return int(sandbox.trading_grid_settings()["mailbox_url"].rsplit(":", 1)[1].strip("/"))


def test_password_login_shows_the_three_folders_and_the_stable_host_key(sandbox: Sandbox) -> None:
    transport = paramiko.Transport(("127.0.0.1", _port(sandbox)))
    try:
        transport.connect(username="ourco", password="sandbox-mailbox-password")
        key = transport.get_remote_server_key()
        assert f"{key.get_name()} {key.get_base64()}" == HOST_PUBLIC_KEY
        assert sandbox.trading_grid_settings()["mailbox_host_key"] == HOST_PUBLIC_KEY
        client = paramiko.SFTPClient.from_transport(transport)
        assert client is not None
        assert {"inbound", "outbound", "sent"} <= set(client.listdir("/"))
        client.close()
    finally:
        transport.close()


def test_a_wrong_password_is_refused(sandbox: Sandbox) -> None:
    transport = paramiko.Transport(("127.0.0.1", _port(sandbox)))
    try:
        with pytest.raises(paramiko.AuthenticationException):
            transport.connect(username="ourco", password="wrong")
    finally:
        transport.close()


def test_key_login_with_asyncssh_reads_and_writes(sandbox: Sandbox, grid: GridClient) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    grid.admin("POST", "/mailbox/keys", {"public_key": key.export_public_key().decode()})
    known_hosts = asyncssh.import_known_hosts(f"[127.0.0.1]:{_port(sandbox)} {HOST_PUBLIC_KEY}\n")

    async def session() -> tuple[list[str], bytes]:
        async with (
            asyncssh.connect(
                "127.0.0.1",
                _port(sandbox),
                username="ourco",
                client_keys=[key],
                known_hosts=known_hosts,
            ) as connection,
            connection.start_sftp_client() as client,
        ):
            async with client.open("/inbound/note.txt", "wb") as handle:
                await handle.write(b"hello")
            async with client.open("/inbound/note.txt", "rb") as handle:
                data = await handle.read()
            return sorted(await client.listdir("/inbound")), data

    async def refused() -> None:
        async with asyncssh.connect(
            "127.0.0.1",
            _port(sandbox),
            username="ourco",
            client_keys=[stranger],
            known_hosts=known_hosts,
            password=None,
        ):
            pass

    names, data = asyncio.run(session())
    assert data == b"hello"
    assert "note.txt" in names
    with pytest.raises(asyncssh.PermissionDenied):
        asyncio.run(refused())


def test_an_850_is_routed_moved_to_sent_and_acknowledged(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME, "name": "Acme Supply"}, status=201)
    put(
        sftp,
        "/outbound/po-4500000102.edi",
        x12_from_us([purchase_order("4500000102", [("KETTLE-1", 10)])], ACME, 1001),
    )

    # The close returns once the network has routed the file.
    assert sftp.listdir("/outbound") == []
    assert sftp.listdir("/sent") == ["po-4500000102.edi"]
    inbound = sftp.listdir("/inbound")
    assert len(inbound) == 1
    with sftp.open(f"/inbound/{inbound[0]}") as handle:
        records = parse(handle.read())
    assert [r["document_type"] for r in records] == ["functional_ack"]
    assert records[0]["sender"] == ACME
    assert records[0]["acknowledged_group_control_number"] == "1001"

    outbound = grid.get("/tg/v1/transactions", direction="OUTBOUND").json()["data"]
    assert len(outbound) == 1
    transaction = outbound[0]
    assert transaction["status"] == "DELIVERED"
    assert transaction["faStatus"] == "ACCEPTED"
    assert transaction["receiverAddress"]["display"] == ACME
    assert transaction["businessKeys"] == [{"name": "PO_NUMBER", "value": "4500000102"}]
    events = grid.get(f"/tg/v1/transactions/{transaction['transactionId']}/events").json()["data"]
    assert [e["eventType"] for e in events] == [
        "RECEIVE_COMPLETED",
        "TASK_COMPLETED",
        "TASK_COMPLETED",
        "DELIVERY_COMPLETED",
        "FA_RECEIVED",
    ]
    acks = grid.get("/tg/v1/functional-acks").json()["data"]
    assert [(a["groupControlNumber"], a["faStatus"], a["ackCode"]) for a in acks] == [
        ("1001", "ACCEPTED", "A")
    ]
    log = grid.admin("GET", "/requests?kind=mailbox")["requests"]
    assert [e["action"] for e in log] == ["picked_up", "routed", "delivered"]


def test_a_file_renamed_into_outbound_is_routed_on_the_rename(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    put(sftp, "/outbound/po.edi.part", x12_from_us([purchase_order("PO-2", [("A", 1)])], ACME, 7))
    assert sftp.listdir("/sent") == []
    sftp.rename("/outbound/po.edi.part", "/outbound/po.edi")
    assert sftp.listdir("/sent") == ["po.edi"]


def test_refused_files_go_to_failed_with_an_outbound_error_alert(
    grid: GridClient, sftp: paramiko.SFTPClient
) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    put(
        sftp,
        "/outbound/nobody.edi",
        x12_from_us([purchase_order("PO-3", [("A", 1)])], "ZZ:NOBODY", 8),
    )
    put(sftp, "/outbound/garbage.edi", "this is not EDI")
    order = x12_from_us([purchase_order("PO-4", [("A", 1)])], ACME, 9)
    put(sftp, "/outbound/first.edi", order)
    put(sftp, "/outbound/replay.edi", order)

    assert sorted(sftp.listdir("/failed")) == ["garbage.edi", "nobody.edi", "replay.edi"]
    assert sftp.listdir("/sent") == ["first.edi"]
    statuses = {
        t["filename"]: t["status"]
        for t in grid.all_pages("/tg/v1/transactions", direction="OUTBOUND")
    }
    assert statuses == {
        "nobody.edi": "DELIVERY_ERROR",
        "garbage.edi": "VALIDATION_ERROR",
        "first.edi": "DELIVERED",
        "replay.edi": "DUPLICATED",
    }
    alerts = grid.get("/tg/v1/alerts", alertType="OUTBOUND_ERROR").json()["data"]
    assert len(alerts) == 3


def test_deleting_an_inbound_file_confirms_it(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    written = grid.admin(
        "POST",
        "/documents",
        {
            "from": ACME,
            "records": [
                {
                    "document_type": "inventory_advice",
                    "lines": [{"sku": "A", "available_quantity": 3}],
                }
            ],
        },
        status=201,
    )
    document = grid.get(f"/tg/v1/documents/{written['documentId']}").json()
    assert document["status"] == "READY_FOR_PICKUP"
    sftp.remove(f"/inbound/{written['filename']}")
    document = grid.get(f"/tg/v1/documents/{written['documentId']}").json()
    assert document["status"] == "DELIVERED"
    assert document["downloadedAt"] is not None


def test_fsspec_sftp_and_sshfs_clients_read_the_mailbox(sandbox: Sandbox, grid: GridClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME, "kind": "partner"}, status=201)
    written = grid.admin(
        "POST",
        "/documents",
        {
            "from": ACME,
            "records": [
                {
                    "document_type": "shipment_status",
                    "pro_number": "PRO1",
                    "lines": [{"status": "D1", "status_date": "2026-11-03"}],
                }
            ],
        },
        status=201,
    )
    port = _port(sandbox)
    paramiko_fs = fsspec.filesystem(
        "sftp", host="127.0.0.1", port=port, username="ourco", password="sandbox-mailbox-password"
    )
    with paramiko_fs.open(f"/inbound/{written['filename']}", "rb") as handle:
        via_paramiko = handle.read()
    paramiko_fs.client.close()
    async_fs = fsspec.filesystem(
        "ssh",
        host="127.0.0.1",
        port=port,
        username="ourco",
        password="sandbox-mailbox-password",
        known_hosts=None,
        skip_instance_cache=True,
    )
    listing = [p.rsplit("/", 1)[-1] for p in async_fs.ls("/inbound", detail=False)]
    via_sshfs = async_fs.cat_file(f"/inbound/{written['filename']}")
    assert listing == [written["filename"]]
    assert via_paramiko == via_sshfs
    assert parse(io.BytesIO(via_sshfs).read())[0]["pro_number"] == "PRO1"


def test_the_rest_outbox_routes_like_a_file(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME}, status=201)
    body = x12_from_us([purchase_order("PO-API", [("A", 2)])], ACME, 4242)
    answer = grid.request(
        "POST",
        "/tg/v1/mailboxes/MB-1001/outbox",
        data=body.encode(),
        headers={"Content-Type": "application/edi-x12", "X-Filename": "po-api.edi"},
    )
    assert answer.status_code == 202
    assert answer.json()["status"] == "DELIVERED"
    assert sftp.listdir("/sent") == ["po-api.edi"]
    transaction = grid.get(f"/tg/v1/transactions/{answer.json()['transactionId']}").json()
    assert (transaction["protocol"], transaction["faStatus"]) == ("HTTPS", "ACCEPTED")


def test_unconfirmed_inbox_documents_raise_a_pending_pickup_alert(grid: GridClient) -> None:
    grid.admin("POST", "/partners", {"address": ACME, "kind": "partner"}, status=201)
    record = {"document_type": "inventory_advice", "lines": [{"sku": "A", "available_quantity": 1}]}
    grid.admin("POST", "/documents", {"from": ACME, "records": [record]}, status=201)
    grid.advance(23 * 3600)
    assert grid.get("/tg/v1/alerts").json()["data"] == []
    grid.advance(2 * 3600)
    alerts = grid.get("/tg/v1/alerts").json()["data"]
    assert [a["alertType"] for a in alerts] == ["PENDING_PICKUP"]


def test_partnerships_and_mailboxes_name_partners_by_edi_address(grid: GridClient) -> None:
    grid.admin(
        "POST",
        "/partners",
        [
            {"address": ACME},
            {"address": "14:4012345000009", "kind": "partner", "dialect": "EDIFACT"},
        ],
        status=201,
    )
    again = grid.admin("POST", "/partners", {"address": ACME}, status=409)
    assert again["code"] == "partner_exists"
    partnerships = grid.all_pages("/tg/v1/trading-partners")
    assert sorted((p["partnerAddress"]["display"], p["direction"]) for p in partnerships) == [
        ("14:4012345000009", "RECEIVE"),
        ("14:4012345000009", "SEND"),
        (ACME, "RECEIVE"),
        (ACME, "SEND"),
    ]
    assert {p["status"] for p in partnerships} == {"ACTIVE"}
    mailbox = grid.get("/tg/v1/mailboxes").json()["data"][0]
    assert mailbox["ediAddresses"][0]["display"] == "ZZ:OURCO"


def test_slow_sftp_fault(grid: GridClient, sftp: paramiko.SFTPClient) -> None:
    grid.admin("POST", "/faults", {"sftp_latency_seconds": 0.3})
    started = time.monotonic()
    put(sftp, "/inbound/slow.txt", "x")
    assert time.monotonic() - started >= 0.3
    grid.admin("DELETE", "/faults")
