"""HTTP to Braze: one connection pool, pacing per endpoint family, and retries.

Retried: 429 (after `Retry-After` or `X-RateLimit-Reset`), 5xx and connection errors, with capped
exponential backoff. A connection that breaks after the request went out is *ambiguous*: Braze
may have acted on it. The caller says whether such a request may be repeated (at least once) or
must be reported in doubt instead (at most once).
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests.certs
import requests.utils
import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError

from target_braze.pacing import RateLimiters
from target_braze.records import encode
from target_braze.report import RunReport

MAX_ATTEMPTS = 8  # 5xx and connection errors
MAX_RATE_LIMITED = 30  # 429s for one request before the run gives up
BACKOFF_BASE_SECONDS = 0.25
BACKOFF_CAP_SECONDS = 15.0
MAX_RATE_LIMIT_WAIT_SECONDS = 120.0
TIMEOUT_SECONDS = (10.0, 60.0)  # connect, read
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class BrazeError(Exception):
    """A failure the run cannot recover from. Its text never carries the API key."""


class BrazeUnavailableError(BrazeError):
    """Braze kept failing (5xx, connection errors or 429s) after every retry."""


class AmbiguousDeliveryError(BrazeError):
    """The connection broke after the request was sent: Braze may or may not have acted."""


@dataclass
class BrazeReply:
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def message(self) -> str:
        """Braze's own words about the answer, for dead letters and errors."""
        text = str(self.body.get("message", ""))
        details = []
        for error in self.body.get("errors") or []:
            if isinstance(error, dict):
                described = error.get("type") or error.get("message") or error.get("id")
                if error.get("id") and error.get("message"):
                    described = f"{error['id']}: {error['message']}"
                if described:
                    details.append(str(described))
        return "; ".join([text, *details]) if details else text


def check_api_url(api_url: str) -> str:
    """TLS always, except on loopback, where the sandbox serves plain HTTP (DESIGN §7)."""
    parts = urlsplit(api_url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return api_url.rstrip("/")
    msg = "api_url must use https:// (http:// is accepted only for loopback hosts)"
    raise BrazeError(msg)


def _sent_before_failing(error: BaseException) -> bool:
    """Whether the request may have reached Braze before the error: anything but a connection
    that was never made (refused, unresolvable, timed out while connecting)."""
    reason: BaseException | None = error
    seen = 0
    while reason is not None and seen < 8:
        if isinstance(reason, ConnectTimeoutError):  # NewConnectionError is one too
            return False
        reason = (
            reason.__cause__
            or reason.__context__
            or getattr(reason, "original_error", None)  # a proxy's
            or getattr(reason, "reason", None)
        )
        seen += 1
    return True


def _connection_pool(api_url: str, pool_size: int) -> urllib3.PoolManager:
    """urllib3 directly: requests' session machinery (settings merged, hooks, cookies) costs more
    CPU per call than the rest of a request. Proxies and the CA bundle are chosen as requests
    would, from the environment, once."""
    options: dict[str, Any] = {"num_pools": 4, "maxsize": max(pool_size, 1), "retries": False}
    if urlsplit(api_url).scheme == "https":
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        options |= {"cert_reqs": "CERT_REQUIRED", "ca_certs": bundle or requests.certs.where()}
    proxies = requests.utils.get_environ_proxies(api_url)
    proxy = proxies.get(urlsplit(api_url).scheme) or proxies.get("all")
    if proxy:
        return urllib3.ProxyManager(proxy, **options)
    return urllib3.PoolManager(**options)


class BrazeClient:
    """Sends one request at a time per call; callers run calls concurrently."""

    def __init__(
        self,
        api_url: str,
        api_key: str,
        *,
        report: RunReport,
        logger: logging.Logger,
        pool_size: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._api_url = check_api_url(api_url)
        self._pool = _connection_pool(self._api_url, pool_size)
        self._timeout = urllib3.Timeout(connect=TIMEOUT_SECONDS[0], read=TIMEOUT_SECONDS[1])
        # The key lives only in this header; it is never logged, and errors never echo headers.
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "User-Agent": "target-braze",
        }
        self._report = report
        self._logger = logger
        self._limiters = RateLimiters()
        self._sleep = sleep
        self._random = random.Random()
        self._random_lock = threading.Lock()

    def close(self) -> None:
        self._pool.clear()

    def _backoff(self, attempt: int) -> float:
        with self._random_lock:
            jitter = self._random.uniform(0.5, 1.0)
        return min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1)) * jitter

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        family: str,
        stream: str,
        repeat_ambiguous: bool = True,
        params: dict[str, str] | None = None,
    ) -> BrazeReply:
        """One logical request: retried until Braze gives a definite answer or retries run out."""
        limiter = self._limiters.family(family)
        data = encode(body) if body is not None else None
        headers = dict(self._headers)
        if path == "/users/track":
            headers["X-Braze-Bulk"] = "true"
        url = self._api_url + path + (f"?{urlencode(params)}" if params else "")
        failures = 0
        rate_limited = 0
        while True:
            limiter.acquire()
            self._report.add(stream, "requests")
            try:
                response = self._pool.urlopen(
                    method,
                    url,
                    body=data,
                    headers=headers,
                    retries=False,
                    redirect=False,
                    timeout=self._timeout,
                )
            except (HTTPError, OSError) as error:
                limiter.release(None)
                sent = _sent_before_failing(error)
                if sent and not repeat_ambiguous:
                    msg = f"{method} {path}: the connection broke after the request was sent"
                    raise AmbiguousDeliveryError(msg) from None
                failures += 1
                if failures >= MAX_ATTEMPTS:
                    name = type(error).__name__
                    msg = f"{method} {path}: no answer after {failures} attempts ({name})"
                    raise BrazeUnavailableError(msg) from None
                self._report.add(stream, "retries")
                self._logger.warning(
                    "%s %s: %s, retrying (attempt %d)", method, path, type(error).__name__, failures
                )
                self._sleep(self._backoff(failures))
                continue
            status = response.status
            if status == 429:
                limiter.release(response.headers, rate_limited=True)
                rate_limited += 1
                self._report.add(stream, "rate_limited")
                if rate_limited > MAX_RATE_LIMITED:
                    msg = f"{method} {path}: still rate limited after {rate_limited} waits"
                    raise BrazeUnavailableError(msg)
                wait = self._rate_limit_wait(response)
                self._logger.info("%s %s: 429, waiting %.2f s", method, path, wait)
                limiter.hold_until(time.time() + wait)
                continue
            limiter.release(response.headers)
            if status >= 500:
                failures += 1
                if failures >= MAX_ATTEMPTS:
                    msg = f"{method} {path}: HTTP {status} after {failures} attempts"
                    raise BrazeUnavailableError(msg)
                self._report.add(stream, "retries")
                self._logger.warning(
                    "%s %s: HTTP %d, retrying (attempt %d)", method, path, status, failures
                )
                self._sleep(self._backoff(failures))
                continue
            return BrazeReply(status, _json_body(response))

    @staticmethod
    def _rate_limit_wait(response: urllib3.BaseHTTPResponse) -> float:
        retry_after = response.headers.get("Retry-After")
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), MAX_RATE_LIMIT_WAIT_SECONDS)
            except ValueError:
                pass
        reset = response.headers.get("X-RateLimit-Reset")
        if reset is not None:
            try:
                wait = float(reset) - time.time()
            except ValueError:
                wait = 1.0
            return min(max(wait, 0.0) + 0.05, MAX_RATE_LIMIT_WAIT_SECONDS)
        return 1.0


def _json_body(response: urllib3.BaseHTTPResponse) -> dict[str, Any]:
    data = response.data
    try:
        body = json.loads(data)
    except ValueError:
        return {"message": data.decode("utf-8", errors="replace")[:500]}
    return body if isinstance(body, dict) else {"message": str(body)[:500]}
