"""Helpers for the Trading Grid emulator's tests: a REST client with a token and tenant, and EDI
written as we (ZZ:OURCO) would write it."""

from __future__ import annotations

import datetime
from typing import Any

import paramiko
import requests

from grid_braze_sandbox.runtime import Sandbox
from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
OURS = ("ZZ", "OURCO")


class GridClient:
    """The emulated API with a token and tenant, and the sandbox's admin API."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.settings = sandbox.trading_grid_settings()
        self.base = self.settings["api_url"]
        self.session = requests.Session()
        self.token = self.new_token()

    def new_token(self) -> str:
        answer = self.session.post(
            f"{self.base}/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.settings["client_id"],
                "client_secret": self.settings["client_secret"],
            },
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Tenant-Id": self.settings["tenant_id"]}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = self.headers() | kwargs.pop("headers", {})
        return self.session.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def all_pages(self, path: str, **params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        answer = self.get(path, **params)
        while True:
            assert answer.status_code == 200, answer.text
            body = answer.json()
            rows += body["data"]
            next_url = body["metadata"]["pagination"]["next"]
            if next_url is None:
                return rows
            answer = self.session.get(next_url, headers=self.headers(), timeout=30)

    def admin(self, method: str, resource: str, body: Any = None, status: int | None = None) -> Any:
        answer = self.session.request(
            method, f"{self.base}/_sandbox/grid{resource}", json=body, timeout=30
        )
        if status is not None:
            assert answer.status_code == status, answer.text
        else:
            assert answer.status_code < 300, answer.text
        return answer.json()

    def advance(self, seconds: float) -> None:
        self.admin("POST", "/clock", {"advance_seconds": seconds})

    def close(self) -> None:
        self.session.close()


def purchase_order(po_number: str, skus: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "document_type": "purchase_order",
        "po_number": po_number,
        "order_date": {"date": "2026-11-02"},
        "customer_order_number": f"CO-{po_number}",
        "requested_delivery_date": {"date": "2026-11-09"},
        "parties": {"ST": {"name": "Customer", "id": "C1", "id_qualifier": "92"}},
        "lines": [
            {"line_number": str(n), "quantity": qty, "unit": "EA", "unit_price": 10, "sku": sku}
            for n, (sku, qty) in enumerate(skus, start=1)
        ],
    }


def x12_from_us(records: list[dict[str, Any]], to: str, control: int) -> str:
    qualifier, identifier = to.split(":")
    return write_x12(
        records,
        X12Envelope(OURS[0], OURS[1], qualifier, identifier, control, control, START),
    )


def edifact_from_us(records: list[dict[str, Any]], to: str, control: int) -> str:
    qualifier, identifier = to.split(":")
    return write_edifact(
        records, EdifactEnvelope(OURS[0], OURS[1], qualifier, identifier, control, START)
    )


def put(sftp: paramiko.SFTPClient, path: str, text: str) -> None:
    with sftp.open(path, "w") as handle:
        handle.write(text)
