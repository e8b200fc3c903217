"""The Grid emulator's WSGI application: `/oauth2/token`, `/tg/v1`, `/ac/v1` and `/_sandbox/grid`.

Around every API call: a request id (echoed as `X-Request-ID` and in problem bodies), faults, the
Bearer token and the tenant header, the rate limit, `Idempotency-Key` on POST, and the request
log. The admin API skips all of that.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from grid_braze_sandbox.grid import ac_api, admin, tg_api
from grid_braze_sandbox.grid.api import Call, Reply, Route
from grid_braze_sandbox.grid.idempotency import StoredResponse
from grid_braze_sandbox.grid.oauth import EXPIRED_TOKEN
from grid_braze_sandbox.grid.problems import (
    GatewayFaultError,
    GridError,
    fault_response,
    json_response,
    problem_response,
)
from grid_braze_sandbox.grid.service import GridService

API_PREFIXES = ("/tg/", "/ac/")
LOGGED_HEADERS = ("Content-Type", "User-Agent", "X-Tenant-Id", "Idempotency-Key", "X-Filename")


def _map(routes: list[Route]) -> Map:
    return Map(
        [Rule(r.rule, methods=list(r.methods), endpoint=r) for r in routes], strict_slashes=False
    )


class GridApp:
    def __init__(self, service: GridService) -> None:
        self.service = service
        self._api = _map(tg_api.routes.routes + ac_api.routes.routes)
        self._admin = _map(admin.routes.routes)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = request.path.rstrip("/") or "/"
        request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())
        if path == "/_sandbox/grid" or path.startswith("/_sandbox/grid/"):
            response = self._dispatch(self._admin, request, path, request_id, actor="NETWORK")
        elif path == "/oauth2/token" or path.startswith(API_PREFIXES):
            response = self._serve_api(request, path, request_id, environ)
        else:
            response = problem_response(
                GridError(404, "not_found", f"no resource {path}"), request_id, path
            )
        response.headers["X-Request-ID"] = request_id
        return response(environ, start_response)

    # API -------------------------------------------------------------------------------------

    def _serve_api(
        self, request: Request, path: str, request_id: str, environ: dict[str, Any]
    ) -> Response:
        service = self.service
        started = time.monotonic()
        delay = service.faults.latency(path)
        if delay:
            time.sleep(delay)
        if service.faults.should_drop(path):
            self._drop(environ)
            return Response(b"", status=500)
        try:
            if path == "/oauth2/token":
                response = self._token(request, path, request_id)
            else:
                response = self._authorised(request, path, request_id)
        except GatewayFaultError as fault:
            response = fault_response(fault)
        self._log(request, path, response, started)
        return response

    def _token(self, request: Request, path: str, request_id: str) -> Response:
        if request.method != "POST":
            return problem_response(
                GridError(405, "method_not_allowed", "POST the token request"), request_id, path
            )
        status = self.service.faults.server_error(path)
        if status is not None:
            return problem_response(
                GridError(status, "server_error", "the token service failed"), request_id, path
            )
        try:
            return json_response(200, self.service.tokens.issue(request))
        except GridError as error:
            return problem_response(error, request_id, path)

    def _authorised(self, request: Request, path: str, request_id: str) -> Response:
        service = self.service
        if service.faults.tokens_expired():
            raise EXPIRED_TOKEN
        client = service.tokens.check(request)
        tenant = request.headers.get("X-Tenant-Id")
        try:
            if not tenant:
                raise GridError(400, "tenant_required", "send the X-Tenant-Id header")
            if tenant != service.config.tenant_id:
                raise GridError(403, "unknown_tenant", f"this client has no tenant {tenant}")
        except GridError as error:
            return problem_response(error, request_id, path)
        decision = service.limiter.take(client)
        if decision.allowed and service.faults.forced_rate_limit(path):
            decision.allowed, decision.remaining, decision.retry_after = False, 0, 1.0
        headers = decision.headers()
        if not decision.allowed:
            error = GridError(429, "rate_limited", "too many requests", headers=headers)
            return problem_response(error, request_id, path)
        status = service.faults.server_error(path)
        if status is not None:
            error = GridError(status, "server_error", "the service failed", headers=headers)
            return problem_response(error, request_id, path)
        key = request.headers.get("Idempotency-Key")
        if request.method == "POST" and key:
            response = self._idempotent(request, path, request_id, client, key)
        else:
            response = self._dispatch(self._api, request, path, request_id, actor="HUB")
        response.headers.update(headers)
        return response

    def _idempotent(
        self, request: Request, path: str, request_id: str, client: str, key: str
    ) -> Response:
        service = self.service
        cache = service.idempotency
        fingerprint = cache.fingerprint(request.method, path, request.get_data(cache=True))
        with service.network_lock:
            try:
                stored = cache.lookup(client, key, fingerprint, service.clock.now())
            except GridError as error:
                return problem_response(error, request_id, path)
            if stored is not None:
                return Response(
                    stored.body,
                    status=stored.status,
                    content_type=stored.content_type,
                    headers={"Idempotent-Replayed": "true"},
                )
            response = self._dispatch(self._api, request, path, request_id, actor="HUB")
            cache.store(
                client,
                key,
                StoredResponse(
                    fingerprint,
                    response.status_code,
                    response.get_data(),
                    response.content_type or "application/json",
                    service.clock.now(),
                ),
            )
            return response

    # Dispatch --------------------------------------------------------------------------------

    def _dispatch(
        self, routes: Map, request: Request, path: str, request_id: str, actor: str
    ) -> Response:
        try:
            route, params = routes.bind("sandbox", path_info=path).match(method=request.method)
        except NotFound:
            return problem_response(
                GridError(404, "not_found", f"no resource {path}"), request_id, path
            )
        except MethodNotAllowed:
            return problem_response(
                GridError(405, "method_not_allowed", f"{request.method} is not allowed here"),
                request_id,
                path,
            )
        try:
            body = self._body(request)
            call = Call(
                self.service, request, params, body, request.host_url.rstrip("/"), actor=actor
            )
            reply: Reply = route.handler(call)
        except GridError as error:
            return problem_response(error, request_id, path)
        except Exception as error:
            # A 500 that names the bug, so that a client's test fails with the real cause.
            problem = GridError(500, "sandbox_error", repr(error))
            return problem_response(problem, request_id, path)
        if reply.raw is not None:
            return reply.raw
        return json_response(reply.status, reply.body, reply.headers)

    @staticmethod
    def _body(request: Request) -> Any:
        if request.mimetype in (
            "application/edi-x12",
            "application/edifact",
            "text/plain",
            "application/octet-stream",
        ):
            return None
        if request.mimetype == "application/x-www-form-urlencoded":
            return None
        raw = request.get_data(cache=True)
        if not raw:
            return None
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise GridError(400, "malformed_json", "the body is not JSON") from error

    @staticmethod
    def _drop(environ: dict[str, Any]) -> None:
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def _log(self, request: Request, path: str, response: Response, started: float) -> None:
        headers = {h: request.headers[h] for h in LOGGED_HEADERS if h in request.headers}
        body: Any = None
        if request.mimetype == "application/json":
            try:
                body = json.loads(request.get_data(cache=True) or b"null")
            except ValueError:
                body = None
        self.service.log.add(
            "rest",
            method=request.method,
            path=path,
            query=request.query_string.decode(),
            headers=headers,
            body=body,
            status=response.status_code,
            duration_seconds=round(time.monotonic() - started, 4),
        )
