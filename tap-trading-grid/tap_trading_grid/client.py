"""The base REST stream for the Trading Grid (`/tg/v1`) and Active Community (`/ac/v1`) API.

OpenText publishes no REST API for Trading Grid or Active Community. The API this client speaks
is emulated, modelled on similar APIs (OpenText Developer Cloud's OAuth2, Orderful's cursor
pagination, RFC 7807 problem bodies); the project's sandbox serves it. Everything that depends on
its shape lives in this module and `api_streams.py`, so a real API can replace it there.

- OAuth2 client credentials at `{api_url}/oauth2/token`; the token is refreshed before it
  expires and after the API refuses it (401).
- `X-Tenant-Id` on every call.
- Requests are paced below the rate limit, and 429 and 5xx are retried, waiting what
  `Retry-After` says.
- Cursor pagination (`metadata.pagination.next`) with a server-side `updatedSince` and a stable
  `(updatedAt, id)` order, so an incremental bookmark on `updatedAt` is exact: the next run asks
  for `updatedSince` = the bookmark (inclusive) and nothing at the boundary is missed.
- Secrets never reach a log or an error: messages carry the status, the path and the API's
  problem title/code, never headers, bodies sent, or the token.
"""

from __future__ import annotations

import datetime
import threading
import time
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import ParseResult, parse_qsl, urlparse

import requests
from singer_sdk import RESTStream
from singer_sdk.authenticators import OAuthAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.pagination import BaseHATEOASPaginator
from typing_extensions import override

from tap_trading_grid.mailbox import is_loopback_host

if TYPE_CHECKING:
    from collections.abc import Generator, Mapping

    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

# The emulator's default limit is 10 requests per second per client (reference §2.5); staying
# at 8 leaves room for the token endpoint and for clock drift.
REQUESTS_PER_SECOND = 8.0
PAGE_SIZE = 500
MAX_TRIES = 8
MAX_WAIT_SECONDS = 120.0
TOKEN_TIMEOUT_SECONDS = 60


class ApiConfigError(ValueError):
    """The API settings cannot work: a missing setting, plain http to a remote host."""


def check_api_url(url: str) -> str:
    """The API URL without a trailing slash; https, or http only for a loopback host."""
    parsed = urlparse(url)
    if parsed.scheme == "https" or (parsed.scheme == "http" and is_loopback_host(parsed.hostname)):
        return url.rstrip("/")
    msg = "api_url must be https:// (http:// is accepted only for a loopback host)"
    raise ApiConfigError(msg)


class RequestPacer:
    """Spaces requests below the rate limit, shared by every stream of a tap.

    It also reads `X-RateLimit-Remaining` / `X-RateLimit-Reset`: when the server says the
    window is spent, the next request waits for the reset instead of collecting a 429.
    """

    def __init__(self, requests_per_second: float = REQUESTS_PER_SECOND) -> None:
        self.interval = 1.0 / requests_per_second
        self._lock = threading.Lock()
        self._next_at = 0.0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay = self._next_at - now
            self._next_at = max(now, self._next_at) + self.interval
        if delay > 0:
            time.sleep(delay)

    def observe(self, response: requests.Response) -> None:
        remaining = _number(response.headers.get("X-RateLimit-Remaining"))
        reset = _number(response.headers.get("X-RateLimit-Reset"))
        if remaining is not None and remaining <= 0 and reset is not None:
            with self._lock:
                self._next_at = max(self._next_at, time.monotonic() + min(reset, MAX_WAIT_SECONDS))


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class PacedSession(requests.Session):
    """A session whose every request, token requests included, goes through the pacer."""

    def __init__(self, pacer: RequestPacer) -> None:
        super().__init__()
        self.pacer = pacer

    @override
    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.pacer.wait()
        response = super().send(request, **kwargs)
        self.pacer.observe(response)
        return response


class TradingGridAuthenticator(OAuthAuthenticator):
    """OAuth2 client credentials, with the tenant header, on a paced session.

    The token request is retried like any other request (429 and 5xx wait and try again); a
    refused client is a fatal error whose message names the status and the API's error code.
    """

    def __init__(
        self,
        *,
        api_url: str,
        client_id: str,
        client_secret: str,
        tenant_id: str,
        session: PacedSession,
    ) -> None:
        super().__init__(
            auth_endpoint=f"{api_url}/oauth2/token",
            client_id=client_id,
            client_secret=client_secret,
            default_expiration=3600,
        )
        self._session = session
        self.tenant_id = tenant_id
        self._token_lock = threading.Lock()

    @property
    @override
    def oauth_request_body(self) -> dict[str, Any]:
        return {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    @override
    def is_token_valid(self) -> bool:
        if self.access_token is None or self.last_refreshed is None:
            return False
        if not self.expires_in:
            return True
        # Refresh a minute early, so that a token never expires between check and use.
        age = (datetime.datetime.now(tz=datetime.UTC) - self.last_refreshed).total_seconds()
        return age < self.expires_in - 60

    def invalidate(self) -> None:
        """Forget the token the API refused; the next request fetches a new one."""
        self.access_token = None
        self.last_refreshed = None

    @override
    def update_access_token(self) -> None:
        with self._token_lock:
            if self.is_token_valid():
                return
            self.logger.info("Requesting a new access token")
            response = self._session.post(
                self.auth_endpoint,
                data=self.oauth_request_payload,
                headers={"Accept": "application/json"},
                timeout=TOKEN_TIMEOUT_SECONDS,
            )
            if response.status_code == HTTPStatus.TOO_MANY_REQUESTS or response.status_code >= 500:
                raise RetriableAPIError(problem_summary(response, "token request"), response)
            if response.status_code != HTTPStatus.OK:
                raise FatalAPIError(problem_summary(response, "token request"))
            body = response.json()
            self.access_token = body["access_token"]
            self.expires_in = int(body.get("expires_in") or self._default_expiration or 3600)
            self.last_refreshed = datetime.datetime.now(tz=datetime.UTC)

    @override
    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request = super().authenticate_request(request)
        request.headers["X-Tenant-Id"] = self.tenant_id
        return request


def problem_summary(response: requests.Response, what: str) -> str:
    """A one-line description of a failed response: status, path and the API's own code.

    Only fields of an RFC 7807 body (or the Apigee-style fault of a token error) are quoted;
    never headers, and never what was sent.
    """
    path = urlparse(response.url).path if response.url else ""
    detail = ""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        if "fault" in body and isinstance(body["fault"], dict):
            fault = body["fault"]
            code = (fault.get("detail") or {}).get("errorcode")
            detail = (
                f"{fault.get('faultstring', '')} ({code})"
                if code
                else str(fault.get("faultstring", ""))
            )
        else:
            parts = [str(body.get(k)) for k in ("title", "code", "detail") if body.get(k)]
            detail = " / ".join(parts)
    summary = f"{what} failed: {response.status_code} {response.reason} for {path}"
    return f"{summary}: {detail}" if detail else summary


class NextLinkPaginator(BaseHATEOASPaginator):
    """Follows `metadata.pagination.next`, the full URL of the next page (null on the last)."""

    @override
    def get_next_url(self, response: requests.Response) -> str | None:
        body = response.json()
        pagination = (body.get("metadata") or {}).get("pagination") or {}
        return pagination.get("next")


class ApiContext:
    """What the API streams of one tap share: the pacer, the session and the token."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.pacer = RequestPacer()
        self.session = PacedSession(self.pacer)
        # Its own session: the SDK installs the authenticator on the streams' session, and a
        # token request must not go through the authenticator itself.
        self.token_session = PacedSession(self.pacer)
        self._authenticator: TradingGridAuthenticator | None = None

    @property
    def configured(self) -> bool:
        return bool(self.config.get("api_url"))

    @property
    def api_url(self) -> str:
        return check_api_url(self.config["api_url"])

    @property
    def authenticator(self) -> TradingGridAuthenticator:
        if self._authenticator is None:
            missing = [
                k for k in ("client_id", "client_secret", "tenant_id") if not self.config.get(k)
            ]
            if missing:
                msg = f"the API needs {', '.join(missing)}"
                raise ApiConfigError(msg)
            self._authenticator = TradingGridAuthenticator(
                api_url=self.api_url,
                client_id=self.config["client_id"],
                client_secret=self.config["client_secret"],
                tenant_id=self.config["tenant_id"],
                session=self.token_session,
            )
        return self._authenticator


class TradingGridStream(RESTStream[ParseResult]):
    """A list endpoint of the emulated API, read incrementally on `updatedAt`."""

    records_jsonpath = "$.data[*]"
    replication_key = "updatedAt"
    # The API sorts by (updatedAt, id), so the SDK may checkpoint mid-stream; a record out of
    # order would mean the API broke its contract, and the sync stops rather than skip data.
    is_sorted = True
    extra_params: dict[str, str] = {}

    def __init__(self, tap: Tap, api: ApiContext) -> None:
        self.api = api
        super().__init__(tap)

    @property
    @override
    def url_base(self) -> str:
        return self.api.api_url

    @property
    @override
    def authenticator(self) -> TradingGridAuthenticator:
        return self.api.authenticator

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.api.session

    @override
    def get_new_paginator(self) -> NextLinkPaginator:
        return NextLinkPaginator()

    @override
    def get_url_params(
        self, context: Context | None, next_page_token: ParseResult | None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": PAGE_SIZE, **self.extra_params}
        start = self.get_starting_replication_key_value(context)
        if start:
            # Inclusive: records updated at the bookmark itself are read again (the target
            # upserts them), so a record sharing the boundary timestamp is never missed.
            params["updatedSince"] = start
        return params

    @override
    def get_http_request(self, *, page: PageContext[ParseResult]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        if page.next_page_token is not None:
            # The next link already carries every query parameter, the cursor included.
            request.url = page.next_page_token._replace(query="").geturl()
            request.params = dict(parse_qsl(page.next_page_token.query, keep_blank_values=True))
        return request

    @override
    def get_records(self, context: Context | None) -> Any:
        if not self.api.configured:
            self.logger.warning("api_url is not set: stream %s has no records", self.name)
            return
        yield from super().get_records(context)

    @override
    def validate_response(self, response: requests.Response) -> None:
        if response.status_code == HTTPStatus.UNAUTHORIZED:
            # An expired or revoked token: fetch a new one and try again.
            self.api.authenticator.invalidate()
            raise RetriableAPIError(problem_summary(response, self.name), response)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS or response.status_code >= 500:
            raise RetriableAPIError(problem_summary(response, self.name), response)
        if response.status_code >= 400:
            raise FatalAPIError(problem_summary(response, self.name))

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return problem_summary(response, self.name)

    @override
    def backoff_wait_generator(self) -> Generator[float, Any, None]:
        # The protocol of the SDK's backoff_runtime: primed with next(), then sent each failure.
        exception = yield  # type: ignore[misc]
        attempt = 0
        while True:
            attempt += 1
            exception = yield retry_wait_seconds(exception, attempt)

    @override
    def backoff_jitter(self, value: float) -> float:
        # The waits come from the server (Retry-After) or are already spread by doubling.
        return value

    @override
    def backoff_max_tries(self) -> int:
        return MAX_TRIES

    @override
    def backoff_handler(self, details: Mapping[str, Any]) -> None:
        exception = details.get("exception")
        reason = (
            str(exception) if isinstance(exception, RetriableAPIError) else type(exception).__name__
        )
        self.logger.warning(
            "Retrying %s in %.1f s (try %d): %s",
            self.name,
            details.get("wait") or 0,
            details.get("tries") or 0,
            reason,
        )


def retry_wait_seconds(exception: Any, attempt: int) -> float:
    """Retry-After when the server gives one, else X-RateLimit-Reset, else doubling waits."""
    response = getattr(exception, "response", None)
    if response is not None:
        for header in ("Retry-After", "X-RateLimit-Reset"):
            value = _number(response.headers.get(header))
            if value is not None:
                return min(max(value, 0.0), MAX_WAIT_SECONDS)
    return min(0.25 * 2**attempt, MAX_WAIT_SECONDS)
