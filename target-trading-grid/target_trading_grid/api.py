"""HTTP client for the Trading Grid (`/tg/v1`) and Active Community (`/ac/v1`) APIs.

OpenText publishes no REST API for either product: these paths are the project's emulated
API, modelled on OpenText Developer Cloud auth, ECGrid's mailbox operations and Orderful's
pagination (reference §2.5). Everything that knows a path lives in this module and in
`active_community.py`, so a real API can replace them without touching the sinks.

Secrets (the client secret, the token) go only into request bodies and headers; they are
never logged and never put into an exception message.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

logger = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_ATTEMPTS = 6
MAX_WAIT_SECONDS = 60.0
TIMEOUT_SECONDS = 60


class GridApiError(RuntimeError):
    """An API call that failed for good; the message names the call and the status only."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def check_url_is_safe(url: str) -> None:
    """TLS always, except on loopback (the sandbox), as DESIGN §7 requires."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    host = parts.hostname or ""
    if parts.scheme == "http":
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if loopback:
            return
        msg = f"api_url must use https; http is accepted only for loopback hosts, not {host!r}"
        raise ValueError(msg)
    msg = f"api_url must be an https URL, not {parts.scheme or 'a bare path'!r}"
    raise ValueError(msg)


def _wait_seconds(response: requests.Response | None, attempt: int) -> float:
    if response is not None:
        for header in ("Retry-After", "X-RateLimit-Reset"):
            value = response.headers.get(header)
            if not value:
                continue
            try:
                seconds = float(value)
            except ValueError:
                continue
            if header == "X-RateLimit-Reset" and seconds > 1e9:
                seconds -= time.time()  # an epoch timestamp, not a delay
            return min(max(seconds, 0.0), MAX_WAIT_SECONDS)
    return min(0.25 * 2**attempt, MAX_WAIT_SECONDS)


class GridApiClient:
    """OAuth2 client credentials, the tenant header, and retries on 429 and 5xx."""

    def __init__(
        self,
        api_url: str,
        client_id: str,
        client_secret: str,
        tenant_id: str | None,
        user_agent: str = "target-trading-grid",
    ) -> None:
        check_url_is_safe(api_url)
        self.api_url = api_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._tenant_id = tenant_id
        self._token: str | None = None
        self._token_expires = 0.0
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent

    def _fetch_token(self) -> str:
        response = self._send_with_retries(
            "POST",
            "/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._client_secret,
            },
            authenticated=False,
        )
        if response.status_code != 200:
            msg = f"token request failed with HTTP {response.status_code}"
            raise GridApiError(msg, response.status_code)
        body = response.json()
        self._token = str(body["access_token"])
        self._token_expires = time.monotonic() + float(body.get("expires_in", 3600)) - 60
        return self._token

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        if self._token is None or time.monotonic() >= self._token_expires:
            self._fetch_token()
        headers = {"Authorization": f"Bearer {self._token}"}
        if self._tenant_id:
            headers["X-Tenant-Id"] = self._tenant_id
        headers.update(extra or {})
        return headers

    def _send_with_retries(
        self,
        method: str,
        path: str,
        *,
        authenticated: bool = True,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        refreshed = False
        attempt = 0
        while True:
            response: requests.Response | None = None
            try:
                response = self.session.request(
                    method,
                    url,
                    headers=self._headers(headers) if authenticated else dict(headers or {}),
                    timeout=TIMEOUT_SECONDS,
                    **kwargs,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                # A POST whose answer was lost may have been processed: it is retried with
                # the same Idempotency-Key, which the API answers with the first response.
                if attempt + 1 >= MAX_ATTEMPTS:
                    msg = f"{method} {path} failed: {type(exc).__name__}"
                    raise GridApiError(msg) from None
            else:
                if response.status_code == 401 and authenticated and not refreshed:
                    refreshed = True
                    self._token = None
                    continue
                if response.status_code not in RETRY_STATUSES or attempt + 1 >= MAX_ATTEMPTS:
                    return response
            wait = _wait_seconds(response, attempt)
            logger.info(
                "%s %s: %s, retrying in %.1f s",
                method,
                path,
                f"HTTP {response.status_code}" if response is not None else "no answer",
                wait,
            )
            time.sleep(wait)
            attempt += 1

    def request(
        self,
        method: str,
        path: str,
        *,
        expected: tuple[int, ...] = (200, 201, 202),
        **kwargs: Any,
    ) -> requests.Response:
        response = self._send_with_retries(method, path, **kwargs)
        if response.status_code not in expected:
            try:
                body = response.json()
            except ValueError:
                body = None
            detail = ""
            if isinstance(body, Mapping):
                detail = str(body.get("detail") or body.get("title") or "")[:300]
            msg = f"{method} {path} answered HTTP {response.status_code}" + (
                f": {detail}" if detail else ""
            )
            raise GridApiError(msg, response.status_code, body)
        return response

    def get_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a paged list (`data` plus `metadata.pagination.next`)."""
        items: list[dict[str, Any]] = []
        url: str | None = path
        query: Mapping[str, Any] | None = {"limit": 500, **(params or {})}
        while url:
            body = self.request("GET", url, params=query).json()
            items.extend(body.get("data") or [])
            url = ((body.get("metadata") or {}).get("pagination") or {}).get("next")
            query = None  # the next link carries the query
        return items

    def close(self) -> None:
        self.session.close()
