"""The small vocabulary every endpoint module uses: a call, a reply, errors and routes."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

if TYPE_CHECKING:
    from grid_braze_sandbox.braze.service import BrazeService


class BrazeError(Exception):
    """An error answer; the body is exactly what Braze sends for it."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


def fatal(message: str, status: int = 400, errors: list[Any] | None = None) -> BrazeError:
    body: dict[str, Any] = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return BrazeError(status, body)


def catalog_error(
    error_id: str,
    message: str,
    *,
    status: int = 400,
    parameters: list[str] | None = None,
    values: list[Any] | None = None,
) -> BrazeError:
    """The body every catalog endpoint uses (reference §4.2)."""
    return BrazeError(
        status,
        {
            "errors": [
                {
                    "id": error_id,
                    "message": message,
                    "parameters": parameters or [],
                    "parameter_values": values or [],
                }
            ],
            "message": "Invalid Request",
        },
    )


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    service: BrazeService
    method: str
    path: str
    args: MultiDict[str, str]
    body: Any
    path_params: dict[str, str]
    base_url: str = ""

    def json_object(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise fatal("Request body must be a JSON object")
        return self.body


Handler = Callable[[Call], Reply]
FamilyChooser = Callable[[Call], str]


@dataclass(frozen=True)
class Route:
    rule: str
    methods: tuple[str, ...]
    permission: str
    family: str | FamilyChooser
    handler: Handler


ROUTES: list[Route] = []


def route(
    rule: str, *methods: str, permission: str, family: str | FamilyChooser = "default"
) -> Callable[[Handler], Handler]:
    """Register an endpoint with its permission (reference §1.3) and rate-limit family (§6.1)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(rule, methods or ("GET",), permission, family, handler))
        return handler

    return register


# Cursor pagination ----------------------------------------------------------------------------
# Braze's cursors are base64 of "skip:N" (the reference's Link example decodes that way).


def encode_cursor(skip: int) -> str:
    return base64.b64encode(f"skip:{skip}".encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix, _, number = text.partition(":")
    if prefix != "skip" or not number.isdigit():
        return None
    return int(number)


def cursor_page(
    call: Call, items: list[Any], page_size: int, invalid: BrazeError
) -> tuple[list[Any], dict[str, str]]:
    """One page of `items` and its RFC 5988 `Link` header (relative URLs; none for one page)."""
    cursor = call.args.get("cursor")
    skip = 0
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded is None or decoded > len(items):
            raise invalid
        skip = decoded
    page = items[skip : skip + page_size]
    links = []
    other_args = [(k, v) for k, v in call.args.items(multi=True) if k != "cursor"]

    def link(to: int, rel: str) -> str:
        # `=` stays literal, as in Braze's documented links (`?cursor=c2tpcDoxMDA=`).
        query = urlencode([*other_args, ("cursor", encode_cursor(to))], safe="=")
        return f'<{call.path}?{query}>; rel="{rel}"'

    if skip > 0:
        links.append(link(max(skip - page_size, 0), "prev"))
    if skip + page_size < len(items):
        links.append(link(skip + page_size, "next"))
    return page, ({"Link": ",".join(links)} if links else {})


def int_arg(call: Call, name: str, default: int, *, low: int, high: int) -> int:
    raw = call.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise fatal(f"'{name}' must be an integer") from None
    if not low <= value <= high:
        raise fatal(f"'{name}' must be between {low} and {high}")
    return value


def bool_arg(call: Call, name: str) -> bool:
    return call.args.get(name, "false").lower() == "true"
