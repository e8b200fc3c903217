"""Aliases, identify, merge, delete and the user exports (reference §2.1, §5.2, §5.3)."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
import requests
from braze_http import BrazeHttp, SandboxFactory

TOO_MANY_IDS = "The max number of ids per request was exceeded"


def test_alias_new_creates_alias_only_users_and_adds_to_known_ones(braze: BrazeHttp) -> None:
    braze.track(attributes=[{"external_id": "c1"}])
    response = braze.post(
        "/users/alias/new",
        {
            "user_aliases": [
                {"alias_name": "a1", "alias_label": "crm"},
                {"external_id": "c1", "alias_name": "a2", "alias_label": "crm"},
            ]
        },
    )
    assert response.status_code == 201
    assert response.json() == {"aliases_processed": 2, "message": "success"}
    assert braze.user("c1")["user_aliases"] == [{"alias_name": "a2", "alias_label": "crm"}]
    assert len(braze.admin("GET", "users")["users"]) == 2
    too_many = [{"alias_name": f"a{i}", "alias_label": "x"} for i in range(51)]
    assert braze.post("/users/alias/new", {"user_aliases": too_many}).json() == {
        "message": TOO_MANY_IDS
    }


def test_identify_merges_alias_only_profile(braze: BrazeHttp) -> None:
    alias = {"alias_name": "anon", "alias_label": "web"}
    braze.track(
        attributes=[
            {"user_alias": alias, "_update_existing_only": False, "tier": "SILVER", "region": "EU"}
        ]
    )
    braze.track(attributes=[{"external_id": "c1", "tier": "GOLD"}])
    response = braze.post(
        "/users/identify", {"aliases_to_identify": [{"external_id": "c1", "user_alias": alias}]}
    )
    assert response.status_code == 201
    assert response.json() == {"aliases_processed": 1, "message": "success"}
    user = braze.user("c1")
    assert user["custom_attributes"] == {"tier": "GOLD", "region": "EU"}
    assert alias in user["user_aliases"]
    assert len(braze.admin("GET", "users")["users"]) == 1


def test_merge_validation_and_effect(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[{"external_id": "old", "a": 1}, {"external_id": "new", "b": 2}],
        events=[{"external_id": "old", "name": "e", "time": "2026-01-01T00:00:00Z"}],
    )
    messages = {
        "x": "'merge_updates' must be an array of objects",
        "extra": "'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'",
        "many": "a single request may not contain more than 50 merge updates",
    }
    keep = {
        "identifier_to_merge": {"external_id": "old"},
        "identifier_to_keep": {"external_id": "new"},
    }
    bodies = {
        "x": {"merge_updates": "x"},
        "extra": {"merge_updates": [keep | {"other": 1}]},
        "many": {"merge_updates": [keep] * 51},
    }
    for name, body in bodies.items():
        response = braze.post("/users/merge", body)
        assert response.status_code == 400
        assert response.json()["message"] == messages[name]
    merged = braze.post("/users/merge", {"merge_updates": [keep]})
    assert merged.status_code == 202
    assert merged.json() == {"message": "success"}
    user = braze.user("new")
    assert user["custom_attributes"] == {"a": 1, "b": 2}
    assert len(user["custom_events"]) == 1
    assert braze.admin("GET", "users", external_id="old")["users"] == []


def test_delete_takes_exactly_one_identifier_type(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[{"external_id": f"c{i}", "email": f"c{i}@example.test"} for i in range(4)]
    )
    both = braze.post("/users/delete", {"external_ids": ["c0"], "braze_ids": ["x"]})
    assert both.status_code == 400
    too_many = braze.post("/users/delete", {"external_ids": [f"c{i}" for i in range(51)]})
    assert too_many.json() == {"message": TOO_MANY_IDS}
    response = braze.post("/users/delete", {"external_ids": ["c0", "c1", "missing"]})
    assert response.json()["deleted"] == 2
    by_email = braze.post(
        "/users/delete",
        {
            "email_addresses": [
                {"email": "c2@example.test", "prioritization": ["most_recently_updated"]}
            ]
        },
    )
    assert by_email.json()["deleted"] == 1
    assert [u["external_id"] for u in braze.admin("GET", "users")["users"]] == ["c3"]


def test_export_ids(braze: BrazeHttp) -> None:
    braze.track(
        attributes=[
            {"external_id": "c1", "email": "c1@example.test", "tier": "GOLD", "first_name": "Ann"}
        ],
        events=[{"external_id": "c1", "name": "cart_added", "time": "2026-01-01T00:00:00Z"}] * 2,
        purchases=[
            {
                "external_id": "c1",
                "product_id": "S",
                "currency": "USD",
                "price": 2.5,
                "time": "2026-01-01T00:00:00Z",
            }
        ],
    )
    response = braze.post(
        "/users/export/ids",
        {
            "external_ids": ["c1", "nobody"],
            "fields_to_export": [
                "external_id",
                "custom_attributes",
                "custom_events",
                "purchases",
                "first_name",
            ],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "success"
    assert body["invalid_user_ids"] == ["nobody"]
    [user] = body["users"]
    assert set(user) == {
        "external_id",
        "custom_attributes",
        "custom_events",
        "purchases",
        "first_name",
    }
    assert user["custom_events"] == [
        {
            "name": "cart_added",
            "first": "2026-01-01T00:00:00Z",
            "last": "2026-01-01T00:00:00Z",
            "count": 2,
        }
    ]
    by_email = braze.post(
        "/users/export/ids",
        {"email_address": "c1@example.test", "fields_to_export": ["external_id"]},
    )
    assert by_email.json()["users"] == [{"external_id": "c1"}]
    assert braze.post(
        "/users/export/ids", {"external_ids": [f"c{i}" for i in range(51)]}
    ).json() == {"message": TOO_MANY_IDS}
    assert (
        braze.post(
            "/users/export/ids", {"external_ids": ["c1"], "fields_to_export": ["nonsense"]}
        ).status_code
        == 400
    )


class CallbackReceiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def callback_url() -> Iterator[str]:
    CallbackReceiver.received = []
    server = HTTPServer(("127.0.0.1", 0), CallbackReceiver)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/done"
    server.shutdown()
    server.server_close()


def bucket_path(braze: BrazeHttp) -> Path:
    url = braze.sandbox.braze_settings()["export_bucket_url"]
    return Path(url2pathname(urlparse(url).path))


def test_segment_export_writes_zipped_ndjson_and_calls_back(
    make_braze: SandboxFactory, callback_url: str
) -> None:
    braze = make_braze(segment_export_delay_seconds=1.0, users_per_export_file=2)
    braze.track(
        attributes=[{"external_id": f"c{i}", "tier": "GOLD", "region": "EU"} for i in range(5)]
    )
    body = {
        "segment_id": braze.sandbox.braze_settings()["segment_id"],
        "fields_to_export": ["external_id", "braze_id", "custom_attributes"],
        "callback_endpoint": callback_url,
    }
    first = braze.post("/users/export/segment", body)
    assert first.status_code == 201
    answer = first.json()
    assert answer["message"] == "success"
    prefix = answer["object_prefix"]
    second = braze.post("/users/export/segment", body)
    assert second.status_code == 429  # one running export per segment
    deadline = time.monotonic() + 10
    while not CallbackReceiver.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert CallbackReceiver.received == [{"success": True}]
    clock_day = braze.admin("GET", "clock")["now"][:10]
    folder = bucket_path(braze) / "segment-export" / "all_customers" / clock_day / prefix
    archives = sorted(folder.glob("*.zip"))
    assert [a.name for a in archives] == ["0.zip", "1.zip", "2.zip"]  # about one file per N users
    rows = []
    for archive in archives:
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                rows += [json.loads(line) for line in opened.read(name).decode().splitlines()]
    assert sorted(r["external_id"] for r in rows) == [f"c{i}" for i in range(5)]
    assert all(set(r) == {"external_id", "braze_id", "custom_attributes"} for r in rows)
    assert braze.post("/users/export/segment", body).status_code == 201  # finished: allowed again


def test_segment_export_errors(braze: BrazeHttp) -> None:
    assert (
        braze.post(
            "/users/export/segment", {"segment_id": "nope", "fields_to_export": ["external_id"]}
        ).status_code
        == 400
    )
    assert braze.post("/users/export/segment", {"segment_id": "all_customers"}).status_code == 400


def test_sandbox_segments_filter_members(make_braze: SandboxFactory) -> None:
    braze = make_braze(segment_export_delay_seconds=0.0)
    braze.track(
        attributes=[{"external_id": "g", "tier": "GOLD"}, {"external_id": "s", "tier": "SILVER"}]
    )
    braze.admin(
        "POST", "segments", {"name": "gold", "filter": {"custom_attributes": {"tier": "GOLD"}}}
    )
    response = braze.post(
        "/users/export/segment", {"segment_id": "gold", "fields_to_export": ["external_id"]}
    )
    assert response.status_code == 201
    deadline = time.monotonic() + 10
    while (
        braze.admin("GET", "exports")["exports"][-1]["status"] != "done"
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    [archive] = (bucket_path(braze) / "segment-export" / "gold").glob("*/*/0.zip")
    with zipfile.ZipFile(archive) as opened:
        lines = opened.read(opened.namelist()[0]).decode().splitlines()
    assert [json.loads(line) for line in lines] == [{"external_id": "g"}]


def test_segment_export_by_url(make_braze: SandboxFactory, callback_url: str) -> None:
    braze = make_braze(segment_export_storage="url", segment_export_delay_seconds=1.0)
    braze.track(attributes=[{"external_id": "c1", "tier": "GOLD"}])
    body = {
        "segment_id": "all_customers",
        "fields_to_export": ["external_id", "custom_attributes"],
        "callback_endpoint": callback_url,
    }
    answer = braze.post("/users/export/segment", body).json()
    assert answer["message"] == "success"
    url = answer["url"]
    assert requests.get(url, timeout=5).status_code == 404  # not written yet
    deadline = time.monotonic() + 10
    while not CallbackReceiver.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert CallbackReceiver.received == [{"success": True, "url": url}]
    download = requests.get(url, timeout=5)
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as opened:
        lines = [
            line for name in opened.namelist() for line in opened.read(name).decode().splitlines()
        ]
    assert [json.loads(line) for line in lines] == [
        {"external_id": "c1", "custom_attributes": {"tier": "GOLD"}}
    ]


def test_identity_endpoint_errors(braze: BrazeHttp) -> None:
    assert braze.post("/users/identify", {}).status_code == 400
    many = [
        {"external_id": f"c{i}", "user_alias": {"alias_name": f"a{i}", "alias_label": "x"}}
        for i in range(51)
    ]
    assert braze.post("/users/identify", {"aliases_to_identify": many}).json() == {
        "message": TOO_MANY_IDS
    }
    bad = braze.post("/users/identify", {"aliases_to_identify": [{"external_id": "c1"}]})
    assert bad.status_code == 400
    assert (
        braze.post("/users/alias/new", {"user_aliases": [{"alias_name": "only"}]}).status_code
        == 400
    )
    assert braze.post("/users/alias/new", {}).status_code == 400
    nothing = braze.post(
        "/users/identify",
        {
            "aliases_to_identify": [
                {"external_id": "c1", "user_alias": {"alias_name": "a", "alias_label": "b"}}
            ]
        },
    )
    assert nothing.json() == {"aliases_processed": 0, "message": "success"}


def test_segment_exports_are_reproducible(make_braze: SandboxFactory) -> None:
    archives = []
    for _ in range(2):
        braze = make_braze(segment_export_delay_seconds=0.0, seed=4)
        braze.admin("POST", "reset", {"clock": "2026-07-01T12:00:00Z"})
        braze.track(attributes=[{"external_id": f"c{i}", "tier": "GOLD"} for i in range(3)])
        body = {
            "segment_id": "all_customers",
            "fields_to_export": ["external_id", "custom_attributes"],
        }
        prefix = braze.post("/users/export/segment", body).json()["object_prefix"]
        deadline = time.monotonic() + 10
        while (
            braze.admin("GET", "exports")["exports"][-1]["status"] != "done"
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        folder = bucket_path(braze) / "segment-export" / "all_customers" / "2026-07-01" / prefix
        archives.append((prefix, (folder / "0.zip").read_bytes()))
    assert archives[0] == archives[1]
