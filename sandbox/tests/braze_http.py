"""A small HTTP client for the Braze emulator's tests: the API with a key, and `/_sandbox`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from grid_braze_sandbox.runtime import Sandbox


class BrazeHttp:
    """A thin requests wrapper: the Braze API with a key, and the sandbox's own endpoints."""

    def __init__(self, sandbox: Sandbox, api_key: str | None = None) -> None:
        self.sandbox = sandbox
        self.base = sandbox.braze_url
        self.key = api_key if api_key is not None else sandbox.braze.config.api_key
        self.session = requests.Session()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"} if self.key else {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = self._headers() | kwargs.pop("headers", {})
        return self.session.request(method, self.base + path, headers=headers, timeout=10, **kwargs)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def admin(self, method: str, resource: str, body: Any = None, **params: Any) -> Any:
        response = self.session.request(
            method, f"{self.base}/_sandbox/{resource}", json=body, params=params, timeout=10
        )
        assert response.status_code < 300, response.text
        return response.json()

    def with_key(self, key: str | None) -> BrazeHttp:
        return BrazeHttp(self.sandbox, key)

    def track(self, **arrays: Any) -> requests.Response:
        return self.post("/users/track", arrays)

    def user(self, external_id: str) -> dict[str, Any]:
        return self.admin("GET", f"users/{external_id}")

    def close(self) -> None:
        self.session.close()


SandboxFactory = Callable[..., BrazeHttp]
