"""Route registration and the call/reply types shared by the `/tg/v1`, `/ac/v1` and admin
handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from grid_braze_sandbox.grid.pagination import list_page
from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.store import Record

if TYPE_CHECKING:
    from grid_braze_sandbox.grid.service import GridService


@dataclass
class Call:
    service: GridService
    request: Request
    params: dict[str, str]
    body: Any
    base_url: str
    actor: str = "HUB"

    @property
    def args(self) -> MultiDict[str, str]:
        return self.request.args

    def url(self) -> str:
        return self.base_url + self.request.path

    def json_object(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        return self.body

    def page(
        self,
        kind: str,
        id_field: str,
        filters: dict[str, Callable[[Record], Any]] | None = None,
        base: Callable[[Record], bool] | None = None,
        shape: Callable[[Record], Record] | None = None,
    ) -> Reply:
        """A paginated list with `updatedSince`, and exact-match filters from the query."""
        wanted = {
            name: self.args.get(name) for name in (filters or {}) if self.args.get(name) is not None
        }
        getters = filters or {}

        def predicate(record: Record) -> bool:
            if base is not None and not base(record):
                return False
            return all(_text(getters[name](record)) == value for name, value in wanted.items())

        config = self.service.config
        body = list_page(
            self.service.store,
            kind,
            id_field,
            self.args,
            self.url(),
            predicate,
            default_limit=config.page_size_default,
            max_limit=config.page_size_max,
            shape=shape,
        )
        return Reply(200, body)


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    raw: Response | None = None


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Route:
    rule: str
    methods: tuple[str, ...]
    handler: Handler


class RouteTable:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def __call__(self, rule: str, *methods: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(rule, methods or ("GET",), handler))
            return handler

        return register


def field_getter(path: str) -> Callable[[Record], Any]:
    """`senderAddress.display` → a function reading that nested value (None when absent)."""
    parts = path.split(".")

    def read(record: Record) -> Any:
        value: Any = record
        for part in parts:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    return read


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
