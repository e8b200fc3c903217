"""The WSGI application: auth, rate limits, faults and the request log around every endpoint."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

# Importing the endpoint modules registers their routes.
from grid_braze_sandbox.braze import (  # noqa: F401
    catalogs,
    exports,
    identity_endpoints,
    messaging,
    series,
    subscriptions,
    track,
    user_exports,
)
from grid_braze_sandbox.braze.api import ROUTES, BrazeError, Call, Reply, Route
from grid_braze_sandbox.braze.sandbox_admin import SandboxAdmin
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.timefmt import iso

# Exact 401/403/429 texts are not documented (reference §6.3); these are the sandbox's (n/d).
UNKNOWN_KEY = "Invalid API key"
ACCESS_DENIED = "Access Denied"
RATE_LIMITED = "Rate Limited"
LOGGED_HEADERS = ("Content-Type", "User-Agent", "X-Braze-Bulk", "X-Braze-Batch")


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers or {}, content_type="application/json"
    )


class BrazeApp:
    def __init__(self, service: BrazeService) -> None:
        self.service = service
        self.admin = SandboxAdmin(service)
        self._routes = Map(
            [Rule(r.rule, methods=list(r.methods), endpoint=r) for r in ROUTES],
            strict_slashes=False,
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        # Clients in the wild (braze-client-p311) add a trailing slash; Braze serves them anyway.
        path = request.path.rstrip("/") or "/"
        if path.startswith("/_sandbox"):
            response = self.admin.handle(request, path)
        else:
            response = self._serve_api(request, path, environ)
        return response(environ, start_response)

    # The Braze API ----------------------------------------------------------------------------

    def _serve_api(self, request: Request, path: str, environ: dict[str, Any]) -> Response:
        service = self.service
        started = time.monotonic()
        delay = service.faults.latency(path)
        if delay:
            time.sleep(delay)
        if service.faults.should_drop(path):
            # Logged as status 0 (the client got no answer at all), and before the connection
            # closes: a client's next request must not be logged ahead of this one.
            response = self._log(request, path, None, Response(b"", status=0), started)
            self._drop(environ)
            return response
        body, body_error = self._parse_body(request)
        try:
            matched, params = self._routes.bind("sandbox", path_info=path).match(
                method=request.method
            )
        except NotFound:
            response = json_response(404, {"message": "Not Found"}, self._peek("default"))
            return self._log(request, path, body, response, started)
        except MethodNotAllowed:
            response = json_response(405, {"message": "Method Not Allowed"}, self._peek("default"))
            return self._log(request, path, body, response, started)
        route: Route = matched
        call = Call(
            service,
            request.method,
            path,
            request.args,
            body,
            params,
            base_url=request.host_url.rstrip("/"),
        )
        response = self._authorised_call(request, route, call, body_error)
        if service.faults.should_drop_answer(path):
            self._log(request, path, body, response, started, answer_dropped=True)
            self._drop(environ)
            return Response(b"", status=0)
        return self._log(request, path, body, response, started)

    def _authorised_call(
        self, request: Request, route: Route, call: Call, body_error: str | None
    ) -> Response:
        service = self.service
        family = route.family if isinstance(route.family, str) else "default"
        if body_error is None and callable(route.family):
            family = route.family(call)
        key = self._api_key(request, call.body)
        if key is None or key not in service.api_keys:
            return json_response(401, {"message": UNKNOWN_KEY}, self._peek(family))
        permissions = service.api_keys[key]
        if permissions is not None and route.permission not in permissions:
            return json_response(403, {"message": ACCESS_DENIED}, self._peek(family))
        decision = service.limiter.take(family)
        headers = decision.headers()
        if not decision.allowed or service.faults.forced_rate_limit(call.path):
            headers["X-RateLimit-Remaining"] = "0"
            return json_response(429, {"message": RATE_LIMITED}, headers)
        error_status = service.faults.server_error(call.path)
        if error_status is not None:
            return json_response(error_status, {"message": "Internal Server Error"}, headers)
        if service.faults.queued(call.path):
            return json_response(202, {"message": "queued"}, headers)
        if body_error is not None:
            return json_response(400, {"message": body_error}, headers)
        try:
            reply: Reply = route.handler(call)
        except BrazeError as error:
            return json_response(error.status, error.body, headers)
        except Exception as error:
            # A 500 whose body names the bug, so that a client test fails with the real cause.
            body = {"message": "Internal Server Error", "sandbox_error": repr(error)}
            return json_response(500, body, headers)
        return json_response(reply.status, reply.body, headers | reply.headers)

    def _peek(self, family: str) -> dict[str, str]:
        return self.service.limiter.peek(family).headers()

    @staticmethod
    def _parse_body(request: Request) -> tuple[Any, str | None]:
        raw = request.get_data(cache=True)
        if not raw:
            return None, None
        try:
            return json.loads(raw), None
        except (ValueError, UnicodeDecodeError):
            return None, "Malformed JSON in request body"

    @staticmethod
    def _api_key(request: Request, body: Any) -> str | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return header.removeprefix("Bearer ").strip()
        # The legacy `api_key` body or query parameter (before May 2020) is still honoured.
        if isinstance(body, dict) and isinstance(body.get("api_key"), str):
            return body["api_key"]
        return request.args.get("api_key")

    @staticmethod
    def _drop(environ: dict[str, Any]) -> None:
        """Close the TCP connection without an answer, as a failing load balancer would."""
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def _log(
        self,
        request: Request,
        path: str,
        body: Any,
        response: Response,
        started: float,
        *,
        answer_dropped: bool = False,
    ) -> Response:
        headers = {
            name: request.headers[name] for name in LOGGED_HEADERS if name in request.headers
        }
        try:
            answer = json.loads(response.get_data())
        except ValueError:
            answer = None
        if isinstance(body, dict) and "api_key" in body:
            body = body | {"api_key": "[REDACTED]"}  # the log must never show a key
        state = self.service.state
        with state.lock:
            state.requests_seen += 1
            state.requests.append(
                {
                    "sequence": state.requests_seen,
                    "method": request.method,
                    "path": path,
                    "query": request.query_string.decode(),
                    "headers": headers,
                    "body": body,
                    "status": response.status_code,
                    "response": answer,
                    "simulated_time": iso(self.service.clock.now()),
                    "duration_seconds": round(time.monotonic() - started, 4),
                    "answer_dropped": answer_dropped,
                }
            )
        return response
