"""RFC 7807 problem bodies with a request id (reference §2.5, after SPS Commerce), and the
Apigee-style fault bodies the emulated OpenText gateway gives for bad tokens and clients."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

PROBLEM_TYPE_BASE = "https://sandbox.invalid/problems/"


class GridError(Exception):
    """An error answered as `application/problem+json`."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or code.replace("_", " ").capitalize()
        self.headers = headers or {}


class GatewayFaultError(Exception):
    """A 401 in the gateway's own shape, which is not RFC 7807 (reference §2.5)."""

    def __init__(self, faultstring: str, errorcode: str) -> None:
        super().__init__(faultstring)
        self.faultstring = faultstring
        self.errorcode = errorcode


def problem_response(error: GridError, request_id: str, instance: str) -> Response:
    body = {
        "type": PROBLEM_TYPE_BASE + error.code,
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": instance,
        "code": error.code,
        "requestId": request_id,
    }
    return Response(
        json.dumps(body),
        status=error.status,
        headers=error.headers,
        content_type="application/problem+json",
    )


def fault_response(fault: GatewayFaultError, status: int = 401) -> Response:
    body = {"fault": {"faultstring": fault.faultstring, "detail": {"errorcode": fault.errorcode}}}
    return json_response(status, body)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers or {}, content_type="application/json"
    )
