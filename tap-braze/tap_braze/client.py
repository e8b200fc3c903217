"""The base stream for Braze's REST API: auth, pacing per rate-limit family, retries, skips."""

from __future__ import annotations

import typing as t
from collections.abc import Generator, Iterable
from functools import cached_property
from http import HTTPStatus

import requests
from singer_sdk import RESTStream
from singer_sdk.authenticators import BearerTokenAuthenticator
from singer_sdk.exceptions import ConfigValidationError, FatalAPIError, RetriableAPIError
from typing_extensions import override

from tap_braze.ratelimits import FamilyPacer, PacerRegistry, seconds_until_retry
from tap_braze.urls import require_tls_unless_loopback

if t.TYPE_CHECKING:
    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context, RequestFunc


class MissingPermissionError(FatalAPIError):
    """Braze answered 403: the key was created without this endpoint's permission."""


class BrazeStream(RESTStream[t.Any]):
    """A stream read from one Braze REST endpoint.

    Subclasses name the endpoint's `path`, its `permission` (for the warning when the key lacks
    it, and for the README's least-permission list) and its rate-limit `family`.
    """

    permission: str = ""
    rate_limit_family: str = "default"
    records_jsonpath = "$[*]"

    def __init__(self, tap: Tap, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(tap, *args, **kwargs)
        # One registry per tap run: every stream of a family draws on the same budget.
        registry = getattr(tap, "pacers", None)
        self._pacers: PacerRegistry = registry if registry is not None else PacerRegistry()
        self._permission_missing = False

    @property
    @override
    def url_base(self) -> str:
        if not self.config.get("api_url") or not self.config.get("api_key"):
            msg = (
                f"'{self.name}' reads Braze's REST API and needs 'api_url' and 'api_key'; "
                "deselect the REST streams to read Currents only"
            )
            raise ConfigValidationError(msg, errors=[msg])
        return require_tls_unless_loopback(self.config["api_url"], "api_url")

    @cached_property
    @override
    def authenticator(self) -> BearerTokenAuthenticator:
        return BearerTokenAuthenticator(token=self.config["api_key"])

    @property
    def pacer(self) -> FamilyPacer:
        return self._pacers.for_family(self.rate_limit_family)

    # Requests: paced before sending, checked after ---------------------------------------------

    @override
    def request_decorator(self, func: RequestFunc) -> RequestFunc:
        def paced(prepared_request: requests.PreparedRequest, context: Context | None) -> t.Any:
            self.pacer.wait_for_turn()
            return func(prepared_request, context)

        return super().request_decorator(paced)

    @override
    def validate_response(self, response: requests.Response) -> None:
        self.pacer.observe(response)
        if response.status_code == HTTPStatus.FORBIDDEN:
            raise MissingPermissionError(self.response_error_message(response), response)
        if response.status_code == HTTPStatus.ACCEPTED and _is_queued(response):
            # Braze's maintenance answer: nothing was done, so asking again is safe.
            raise RetriableAPIError("Braze queued the request (maintenance)", response)
        super().validate_response(response)

    @override
    def response_error_message(self, response: requests.Response) -> str:
        # The path only: query strings can carry email addresses (the email lists' filters).
        return (
            f"{response.status_code} {response.reason} for path {self.path}: {response.text[:300]}"
        )

    @override
    def backoff_wait_generator(self) -> Generator[float, t.Any, None]:
        def waits() -> Generator[float, t.Any, None]:
            exception = yield  # type: ignore[misc]
            attempt = 0
            while True:
                attempt += 1
                response = getattr(exception, "response", None)
                exception = yield seconds_until_retry(
                    response if isinstance(response, requests.Response) else None, attempt
                )

        return waits()

    @override
    def backoff_jitter(self, value: float) -> float:
        # The waits come from the server's own reset times; jitter would only lengthen them.
        return value

    @override
    def backoff_max_tries(self) -> int:
        return 8

    # Records -------------------------------------------------------------------------------------

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        if self._permission_missing:
            return
        try:
            yield from super().get_records(context)
        except MissingPermissionError:
            self._permission_missing = True
            self.logger.warning(
                "Skipping stream '%s': the API key lacks the Braze permission '%s'. Create a key "
                "with it to read this stream.",
                self.name,
                self.permission,
            )


def _is_queued(response: requests.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("message") == "queued"


def without_message(body: dict[str, t.Any]) -> dict[str, t.Any]:
    """Detail endpoints put the object at the top level beside `"message": "success"`."""
    return {key: value for key, value in body.items() if key != "message"}
