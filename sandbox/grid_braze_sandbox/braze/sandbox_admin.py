"""`/_sandbox/...`: read and change the emulator's state. Real Braze has no such API.

These endpoints need no key and are never rate limited, faulted or logged, so tests can inspect the
emulator without disturbing what they assert about.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from grid_braze_sandbox.braze import dashboard
from grid_braze_sandbox.braze.config import RateLimit
from grid_braze_sandbox.braze.faults import FaultSettings
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.timefmt import iso, parse_time


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json(status: int, body: Any) -> Response:
    return Response(
        json.dumps(body, default=_encode), status=status, content_type="application/json"
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(type(value).__name__)


def _window(request: Request, rows: list[Any]) -> list[Any]:
    """`?offset=&limit=` on the inspection lists, which grow large in big scenarios."""
    try:
        offset = max(int(request.args.get("offset", 0)), 0)
        limit = int(request.args["limit"]) if "limit" in request.args else None
    except ValueError:
        raise AdminError(400, "'offset' and 'limit' must be integers") from None
    return rows[offset:] if limit is None else rows[offset : offset + max(limit, 0)]


class SandboxAdmin:
    def __init__(self, service: BrazeService) -> None:
        self.service = service

    def handle(self, request: Request, path: str) -> Response:
        parts = path.removeprefix("/_sandbox").strip("/").split("/")
        resource, rest = parts[0], parts[1:]
        if resource == "downloads":
            return self._download(rest)
        handler = getattr(self, f"_{resource}", None) if resource.isidentifier() else None
        if handler is None:
            return _json(404, {"message": f"Unknown sandbox resource: {resource!r}"})
        try:
            body = json.loads(request.get_data() or b"null")
        except ValueError:
            return _json(400, {"message": "Malformed JSON in request body"})
        try:
            status, answer = handler(request.method, rest, request, body)
        except AdminError as error:
            return _json(error.status, {"message": error.message})
        return _json(status, answer)

    def _download(self, rest: list[str]) -> Response:
        """Segment exports in "url" mode, as the pre-signed link would serve them."""
        folder = self.service.export_root / "downloads"
        name = rest[0] if len(rest) == 1 else ""
        path = folder / name
        # Only plain file names inside the folder: the path comes from the client.
        if not name or name.startswith(".") or "/" in name or not path.is_file():
            return _json(404, {"message": "No such export (yet)"})
        return Response(path.read_bytes(), status=200, content_type="application/zip")

    # Inspection -------------------------------------------------------------------------------

    def _users(self, method: str, rest: list[str], request: Request, body: Any) -> tuple[int, Any]:
        state = self.service.state
        with state.lock:
            if rest:
                user = state.by_external_id(rest[0])
                if user is None:
                    raise AdminError(404, f"No user with external_id {rest[0]!r}")
                return 200, user.to_json()
            users = list(state.users.values())
            if request.args.get("external_id"):
                found = state.by_external_id(request.args["external_id"])
                users = [found] if found else []
            if request.args.get("email"):
                users = [u for u in users if u in state.by_email(request.args["email"])]
            return 200, {"users": [u.to_json() for u in _window(request, users)]}

    def _sends(self, method: str, rest: list[str], request: Request, body: Any) -> tuple[int, Any]:
        kind, message_id = request.args.get("kind"), request.args.get("id")
        with self.service.state.lock:
            sends = [
                s
                for s in self.service.state.sends
                if (kind is None or s["kind"] == kind)
                and (message_id is None or s.get(f"{s['kind']}_id") == message_id)
            ]
            return 200, {
                "sends": json.loads(json.dumps(_window(request, sends))),
                "send_ids": list(self.service.state.send_ids),
            }

    def _catalogs(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        with self.service.state.lock:
            catalogs = [
                c.summary() | {"items": list(c.items.values())}
                for c in self.service.state.catalogs.values()
            ]
        return 200, {"catalogs": json.loads(json.dumps(catalogs))}

    def _subscriptions(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        with self.service.state.lock:
            states = [
                {
                    "braze_id": u.braze_id,
                    "external_id": u.external_id,
                    "email": u.email,
                    "phone": u.phone,
                    "subscription_group_id": group,
                    "subscription_state": state,
                }
                for u in self.service.state.users.values()
                for group, state in sorted(u.subscription_groups.items())
            ]
            history = list(self.service.state.subscription_history)
        return 200, {"states": states, "history": history}

    def _requests(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        state = self.service.state
        with state.lock:
            if method == "DELETE":
                state.requests.clear()
                return 200, {"requests": []}
            prefix = request.args.get("path")
            rows = [r for r in state.requests if prefix is None or r["path"].startswith(prefix)]
            return 200, {"requests": json.loads(json.dumps(_window(request, rows)))}

    def _engagement(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        with self.service.state.lock:
            rows = [
                e | {"time": iso(e["time"])}
                for e in _window(request, list(self.service.state.engagement))
            ]
        return 200, {"engagement": rows, "pending": self.service.simulation.pending()}

    def _exports(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        with self.service.state.lock:
            return 200, {"exports": [dict(e) for e in self.service.state.exports]}

    # The clock ---------------------------------------------------------------------------------

    def _clock(self, method: str, rest: list[str], request: Request, body: Any) -> tuple[int, Any]:
        clock = self.service.clock
        if method == "POST":
            body = body or {}
            try:
                if "now" in body:
                    moment = parse_time(body["now"])
                    if moment is None:
                        raise AdminError(400, "'now' must be an ISO-8601 time")
                    clock.set(moment)
                elif "advance_seconds" in body:
                    clock.advance(float(body["advance_seconds"]))
                else:
                    raise AdminError(400, "Give 'now' or 'advance_seconds'")
            except ValueError as error:
                raise AdminError(400, str(error)) from None
        return 200, {"now": iso(clock.now())}

    # Things real Braze has no API for ------------------------------------------------------------

    def _dashboard(self, kind: str, method: str, body: Any) -> tuple[int, Any]:
        if method != "POST":
            return 200, {kind: dashboard.listing(self.service, kind)}
        records = body if isinstance(body, list) else [body]
        try:
            created = [dashboard.upsert(self.service, kind, record) for record in records]
        except dashboard.InvalidDashboardObjectError as error:
            raise AdminError(400, str(error)) from None
        return 201, created if isinstance(body, list) else created[0]

    def _campaigns(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        return self._dashboard("campaigns", method, body)

    def _canvases(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        return self._dashboard("canvases", method, body)

    def _segments(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        return self._dashboard("segments", method, body)

    def _design_presets(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        """Create DESIGN §10's campaigns, Canvases and availability catalog at once."""
        if method != "POST":
            raise AdminError(405, "POST creates DESIGN §10's campaigns, Canvases and catalog")
        return 201, dashboard.create_design_presets(self.service)

    def _templates(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        state = self.service.state
        if method == "POST":
            if not isinstance(body, dict) or not body.get("template_name"):
                raise AdminError(400, "Give a 'template_name'")
            now = iso(self.service.clock.now())
            with state.lock:
                template = {
                    "email_template_id": body.get("email_template_id")
                    or f"template-{len(state.email_templates) + 1}",
                    "template_name": body["template_name"],
                    "created_at": body.get("created_at", now),
                    "updated_at": body.get("updated_at", now),
                    "tags": body.get("tags", []),
                }
                state.email_templates.append(template)
            return 201, template
        with state.lock:
            return 200, {"templates": list(state.email_templates)}

    def _content_blocks(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        state = self.service.state
        if method == "POST":
            if not isinstance(body, dict) or not body.get("name"):
                raise AdminError(400, "Give a 'name'")
            now = iso(self.service.clock.now())
            with state.lock:
                block_id = (
                    body.get("content_block_id") or f"content-block-{len(state.content_blocks) + 1}"
                )
                block = {
                    "content_block_id": block_id,
                    "name": body["name"],
                    "content_type": body.get("content_type", "html"),
                    "liquid_tag": "{{content_blocks.${" + body["name"] + "}}}",
                    "inclusion_count": body.get("inclusion_count", 0),
                    "created_at": body.get("created_at", now),
                    "last_edited": body.get("last_edited", now),
                    "tags": body.get("tags", []),
                }
                state.content_blocks.append(block)
            return 201, block
        with state.lock:
            return 200, {"content_blocks": list(state.content_blocks)}

    def _email_events(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        """Seed hard bounces and unsubscribes, which otherwise only come from simulated sends."""
        state = self.service.state
        if method == "POST":
            if not isinstance(body, dict):
                raise AdminError(400, "Give 'hard_bounces' and/or 'unsubscribes'")
            for key, time_key in (
                ("hard_bounces", "hard_bounced_at"),
                ("unsubscribes", "unsubscribed_at"),
            ):
                for row in body.get(key, []):
                    moment = parse_time(row.get(time_key)) if isinstance(row, dict) else None
                    if moment is None or not isinstance(row.get("email"), str):
                        raise AdminError(400, f"Each {key} entry needs 'email' and '{time_key}'")
                    with state.lock:
                        getattr(state, key).append({"email": row["email"], time_key: iso(moment)})
        with state.lock:
            return 200, {
                "hard_bounces": list(state.hard_bounces),
                "unsubscribes": list(state.unsubscribes),
            }

    # Faults, limits, keys, Currents, reset -------------------------------------------------------

    def _faults(self, method: str, rest: list[str], request: Request, body: Any) -> tuple[int, Any]:
        faults = self.service.faults
        if method == "POST":
            try:
                faults.configure(FaultSettings.from_json(body or {}))
            except (TypeError, ValueError) as error:
                raise AdminError(400, str(error)) from None
        elif method == "DELETE":
            faults.clear()
        return 200, faults.describe()

    def _rate_limits(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        limiter = self.service.limiter
        if method == "POST":
            if not isinstance(body, dict):
                raise AdminError(400, "Give {family: {limit, window_seconds}}")
            for family, spec in body.items():
                try:
                    limiter.override(
                        family, RateLimit(int(spec["limit"]), float(spec["window_seconds"]))
                    )
                except (KeyError, TypeError, ValueError):
                    raise AdminError(400, f"Bad rate limit for {family!r}") from None
        elif method == "DELETE":
            limiter.reset()
        return 200, {family: asdict(limit) for family, limit in limiter.families().items()}

    def _api_keys(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        keys = self.service.api_keys
        if method == "POST":
            if not isinstance(body, dict) or not isinstance(body.get("key"), str):
                raise AdminError(
                    400, "Give a 'key' and its 'permissions' (null for every permission)"
                )
            permissions = body.get("permissions")
            keys[body["key"]] = None if permissions is None else frozenset(permissions)
            return 201, {"key": body["key"], "permissions": permissions}
        if method == "DELETE" and rest:
            keys.pop(rest[0], None)
        return 200, {"keys": {k: (sorted(v) if v is not None else None) for k, v in keys.items()}}

    def _currents(
        self, method: str, rest: list[str], request: Request, body: Any
    ) -> tuple[int, Any]:
        if rest != ["flush"] or method != "POST":
            raise AdminError(404, "POST /_sandbox/currents/flush writes the buffered events")
        self.service.simulation.release_due(self.service.clock.now())
        files = self.service.currents.flush()
        root = self.service.currents_root
        return 200, {"files": [p.relative_to(root).as_posix() for p in files]}

    def _reset(self, method: str, rest: list[str], request: Request, body: Any) -> tuple[int, Any]:
        if method != "POST":
            raise AdminError(405, "POST resets the workspace")
        restart_at = None
        if isinstance(body, dict) and "clock" in body:
            restart_at = parse_time(body["clock"])
            if restart_at is None:
                raise AdminError(400, "'clock' must be an ISO-8601 time")
        self.service.currents.flush()
        self.service.reset()
        if restart_at is not None:
            self.service.clock.restart(restart_at)
        return 200, {"message": "reset", "clock": iso(self.service.clock.now())}
