"""A small stand-in for the emulated API, for what the sandbox cannot stage on demand.

The sandbox stamps every change with a strictly increasing `updatedAt`, so it can never serve two
records with the same timestamp on either side of a page boundary; this fake can. It follows
the same contract (reference §2.5): OAuth2 client credentials, `X-Tenant-Id`, `limit` + opaque
`cursor`, inclusive `updatedSince`, order `(updatedAt, id)`, 429 with `Retry-After`, 5xx, and
401 for a token it no longer accepts.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

CLIENT_ID = "fake-client"
TENANT = "fake-tenant"


@dataclass
class FakeApi:
    """Records per path, and the faults to serve next."""

    client_secret: str
    collections: dict[str, tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    page_size: int = 2
    rate_limit_next: int = 0
    server_error_next: int = 0
    expire_tokens_next: int = 0
    tokens_issued: int = 0
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    valid_tokens: set[str] = field(default_factory=set)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self.lock:
            response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        self.requests.append((request.path, dict(request.args)))
        if request.path == "/oauth2/token":
            form = request.form
            if (form.get("client_id"), form.get("client_secret")) != (
                CLIENT_ID,
                self.client_secret,
            ):
                return problem(401, "invalid_client", "the client is not known")
            self.tokens_issued += 1
            token = f"token-{self.tokens_issued}"
            self.valid_tokens.add(token)
            return json_response(
                200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
            )
        if self.rate_limit_next:
            self.rate_limit_next -= 1
            response = problem(429, "rate_limited", "slow down")
            response.headers["Retry-After"] = "0.2"
            return response
        if self.server_error_next:
            self.server_error_next -= 1
            return problem(503, "unavailable", "try again")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.expire_tokens_next:
            self.expire_tokens_next -= 1
            self.valid_tokens.clear()
        if token not in self.valid_tokens:
            return json_response(
                401,
                {
                    "fault": {
                        "faultstring": "Invalid Access Token",
                        "detail": {"errorcode": "keymanagement.service.invalid_access_token"},
                    }
                },
            )
        if request.headers.get("X-Tenant-Id") != TENANT:
            return problem(403, "tenant_required", "X-Tenant-Id is missing or unknown")
        if request.path not in self.collections:
            return problem(404, "not_found", "no such path")
        id_field, rows = self.collections[request.path]
        return json_response(200, self.page(request, id_field, rows))

    def page(self, request: Request, id_field: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
        ordered = sorted(rows, key=lambda r: (r["updatedAt"], r[id_field]))
        since = request.args.get("updatedSince")
        if since:
            ordered = [r for r in ordered if r["updatedAt"] >= since]
        cursor = request.args.get("cursor")
        if cursor:
            after = tuple(json.loads(base64.urlsafe_b64decode(cursor.encode())))
            ordered = [r for r in ordered if (r["updatedAt"], r[id_field]) > after]
        limit = min(int(request.args.get("limit", self.page_size)), self.page_size)
        chunk, more = ordered[:limit], len(ordered) > limit
        next_url = None
        if more:
            last = chunk[-1]
            cursor = base64.urlsafe_b64encode(
                json.dumps([last["updatedAt"], last[id_field]]).encode()
            ).decode()
            query = [(k, v) for k, v in request.args.items() if k != "cursor"] + [
                ("cursor", cursor)
            ]
            next_url = f"{request.host_url.rstrip('/')}{request.path}?{urlencode(query)}"
        return {"data": chunk, "metadata": {"pagination": {"next": next_url}}}


def json_response(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def problem(status: int, code: str, detail: str) -> Response:
    body = {
        "type": "about:blank",
        "title": code.replace("_", " "),
        "status": status,
        "detail": detail,
        "code": code,
    }
    return Response(json.dumps(body), status=status, content_type="application/problem+json")
