"""The Trading Grid / Active Community side: our 850s over SFTP into `outbound/`, everything a
partner or the network does through the emulator's admin API (`/_sandbox/grid/...`, the contract
in docs/grid-emulator.md), and our own hub comments through the emulated `/ac/v1` API."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlparse

import asyncssh

from grid_braze_sandbox.scenario.drivers.http import call
from grid_braze_sandbox.timefmt import iso, parse_time


class LiveGrid:
    def __init__(self, settings: dict[str, str]) -> None:
        self.settings = settings
        self.url = settings["api_url"].rstrip("/")
        self.admin = f"{self.url}/_sandbox/grid"
        self._token: str | None = None

    # Clock and partners ---------------------------------------------------------------------------

    def now(self) -> datetime:
        moment = parse_time(call("GET", f"{self.admin}/clock")["now"])
        assert moment is not None
        return moment

    def move_clock(self, moment: datetime) -> None:
        call("POST", f"{self.admin}/clock", {"now": iso(moment)})

    def register_partners(self, partners: list[dict[str, Any]]) -> None:
        call("POST", f"{self.admin}/partners", partners)

    def set_behaviour(self, address: str, behaviour: str) -> None:
        call("PATCH", f"{self.admin}/partners/{quote(address, safe='')}", {"behaviour": behaviour})

    # Documents ----------------------------------------------------------------------------------

    def upload_outbound(self, filename: str, content: str) -> None:
        asyncio.run(self._put(f"outbound/{filename}", content.encode("utf-8")))

    async def _put(self, path: str, data: bytes) -> None:
        mailbox = urlparse(self.settings["mailbox_url"])
        host, port = mailbox.hostname or "127.0.0.1", mailbox.port or 22
        known_hosts = asyncssh.import_known_hosts(
            f"[{host}]:{port} {self.settings['mailbox_host_key']}\n"
        )
        async with (
            asyncssh.connect(
                host,
                port,
                username=self.settings["mailbox_user"],
                password=self.settings["mailbox_password"],
                known_hosts=known_hosts,
                client_keys=None,
            ) as connection,
            connection.start_sftp_client() as sftp,
            sftp.open(path, "wb") as handle,
        ):
            # The server routes the file when it is closed, so the upload is complete here.
            await handle.write(data)

    def partner_document(self, body: dict[str, Any]) -> None:
        call("POST", f"{self.admin}/documents", body)

    # Active Community -----------------------------------------------------------------------------

    def community(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path.startswith("/ac/v1/"):
            headers = {
                "Authorization": f"Bearer {self._bearer()}",
                "X-Tenant-Id": self.settings["tenant_id"],
            }
            return call(method, f"{self.url}{path}", body, headers)
        return call(method, f"{self.admin}/ac{path}", body)

    def _bearer(self) -> str:
        if self._token is None:
            answer = call(
                "POST",
                f"{self.url}/oauth2/token",
                form={
                    "grant_type": "client_credentials",
                    "client_id": self.settings["client_id"],
                    "client_secret": self.settings["client_secret"],
                },
            )
            self._token = str(answer["access_token"])
        return self._token
