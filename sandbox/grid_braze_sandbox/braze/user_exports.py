"""The user exports: /users/export/ids and the asynchronous /users/export/segment."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, fatal, route
from grid_braze_sandbox.braze.segments import segment_contains
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile
from grid_braze_sandbox.timefmt import iso, parse_time

MAX_IDS = 50
TOO_MANY_IDS = "The max number of ids per request was exceeded"
EXPORTABLE_FIELDS = frozenset(
    {
        "apps",
        "attributed_campaign",
        "attributed_source",
        "attributed_adgroup",
        "attributed_ad",
        "braze_id",
        "campaigns_received",
        "canvases_received",
        "cards_clicked",
        "country",
        "created_at",
        "custom_attributes",
        "custom_events",
        "devices",
        "dob",
        "email",
        "email_subscribe",
        "external_id",
        "first_name",
        "gender",
        "home_city",
        "language",
        "last_coordinates",
        "last_name",
        "phone",
        "purchases",
        "push_subscribe",
        "push_tokens",
        "random_bucket",
        "time_zone",
        "total_revenue",
        "uninstalled_at",
        "user_aliases",
    }
)


def export_user(
    user: UserProfile, fields: set[str] | None, custom: set[str] | None = None
) -> dict[str, Any]:
    """A user object as /users/export/ids and segment exports write it (reference §5.2)."""
    revenue = sum(p["price"] for p in user.purchases)
    full: dict[str, Any] = {
        "external_id": user.external_id,
        "braze_id": user.braze_id,
        "user_aliases": list(user.user_aliases),
        "created_at": iso(user.created_at),
        "custom_attributes": dict(user.custom_attributes),
        "custom_events": _summarise(user.custom_events, "name"),
        "purchases": _summarise(user.purchases, "product_id"),
        "total_revenue": round(revenue, 2),
        "campaigns_received": list(user.campaigns_received.values()),
        "canvases_received": list(user.canvases_received.values()),
        "push_tokens": user.standard.get("push_tokens", []),
        "random_bucket": int(user.braze_id[:4], 16) % 10000,
        **{k: v for k, v in user.standard.items() if k in EXPORTABLE_FIELDS},
    }
    if custom is not None and "custom_attributes" not in (fields or set()):
        full["custom_attributes"] = {k: v for k, v in user.custom_attributes.items() if k in custom}
        fields = (fields or set()) | {"custom_attributes"}
    if fields is None:
        return {k: v for k, v in full.items() if v is not None}
    return {k: v for k, v in full.items() if k in fields and v is not None}


def _summarise(occurrences: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for occurrence in occurrences:
        name = occurrence[key]
        entry = summary.setdefault(
            name,
            {"name": name, "first": occurrence["time"], "last": occurrence["time"], "count": 0},
        )
        entry["first"] = min(entry["first"], occurrence["time"])
        entry["last"] = max(entry["last"], occurrence["time"])
        entry["count"] += 1
    return list(summary.values())


def _fields_to_export(body: dict[str, Any], *, required: bool) -> set[str] | None:
    fields = body.get("fields_to_export")
    if fields is None:
        if required:
            raise fatal("'fields_to_export' is required")
        return None
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise fatal("'fields_to_export' must be an array of strings")
    unknown = sorted(set(fields) - EXPORTABLE_FIELDS)
    if unknown:
        raise fatal(f"Invalid fields_to_export: {', '.join(unknown)}")
    return set(fields)


@route("/users/export/ids", "POST", permission="users.export.ids", family="users_export_ids")
def export_ids(call: Call) -> Reply:
    body = call.json_object()
    external_ids = body.get("external_ids") or []
    aliases = body.get("user_aliases") or []
    if not isinstance(external_ids, list) or not isinstance(aliases, list):
        raise fatal("'external_ids' and 'user_aliases' must be arrays")
    if len(external_ids) + len(aliases) > MAX_IDS:
        raise fatal(TOO_MANY_IDS)
    singles = [key for key in ("device_id", "braze_id", "email_address", "phone") if key in body]
    if not (external_ids or aliases or singles):
        raise fatal("No user identifier was given")
    fields = _fields_to_export(body, required=False)
    state = call.service.state
    users: list[UserProfile] = []
    invalid: list[Any] = []
    with state.lock:
        for external_id in external_ids:
            user = state.by_external_id(str(external_id))
            (users.append(user) if user else invalid.append(external_id))
        for alias in aliases:
            user = (
                state.by_alias(alias.get("alias_name", ""), alias.get("alias_label", ""))
                if isinstance(alias, dict)
                else None
            )
            (users.append(user) if user else invalid.append(alias))
        for key in singles:
            if key == "braze_id":
                found = [u for u in [state.by_braze_id(body[key])] if u]
            elif key == "email_address":
                found = state.by_email(body[key])
            elif key == "phone":
                found = state.by_phone(body[key])
            else:
                found = []
            users.extend(found)
        exported = [export_user(user, fields) for user in users]
    reply: dict[str, Any] = {"message": "success", "users": exported}
    if invalid:
        reply["invalid_user_ids"] = invalid
    return Reply(201, reply)


@route("/users/export/segment", "POST", permission="users.export.segment")
def export_segment(call: Call) -> Reply:
    body = call.json_object()
    service = call.service
    segment_id = body.get("segment_id")
    if not isinstance(segment_id, str) or segment_id not in service.state.segments:
        raise fatal("Invalid segment_id")
    fields = _fields_to_export(body, required=True)
    custom = body.get("custom_attributes_to_export")
    if custom is not None and (not isinstance(custom, list) or len(custom) > 500):
        raise fatal("'custom_attributes_to_export' must be an array of at most 500 names")
    callback = body.get("callback_endpoint")
    now = service.clock.now()
    with service.state.lock:
        if segment_id in service.state.running_exports:
            # One running export per segment (reference §5.3).
            raise fatal("An export of this segment is already running", status=429)
        service.state.running_exports.add(segment_id)
        members = [
            u for u in service.state.users.values() if segment_contains(service, segment_id, u)
        ]
        rows = [
            export_user(u, fields, set(custom) if custom is not None else None) for u in members
        ]
    object_prefix = f"{service.simulation.new_id()}-{int(now.timestamp())}"
    by_url = service.config.segment_export_storage == "url"
    if by_url:
        target = service.export_root / "downloads" / f"{object_prefix}.zip"
        url: str | None = f"{call.base_url}/_sandbox/downloads/{object_prefix}.zip"
    else:
        target = (
            service.export_root
            / "segment-export"
            / segment_id
            / now.strftime("%Y-%m-%d")
            / object_prefix
        )
        url = None
    job = {
        "segment_id": segment_id,
        "object_prefix": object_prefix,
        "path": target.relative_to(service.export_root).as_posix(),
        "url": url,
        "callback_endpoint": callback,
        "status": "running",
        "users": len(rows),
        "started_at": iso(now),
    }
    with service.state.lock:
        service.state.exports.append(job)
    worker = threading.Thread(target=_run_export, args=(service, job, target, rows), daemon=True)
    service.track_export_thread(worker)
    worker.start()
    answer = {"message": "success", "object_prefix": object_prefix}
    return Reply(201, answer | ({"url": url} if url else {}))


def _member(job: dict[str, Any], number: int) -> zipfile.ZipInfo:
    """A zip entry stamped with the simulated start time, so the same scenario gives the same
    bytes (zipfile would stamp the wall clock)."""
    started = parse_time(job["started_at"])
    assert started is not None  # written by export_segment itself
    info = zipfile.ZipInfo(
        f"{job['object_prefix']}-{number}.txt", date_time=started.timetuple()[:6]
    )
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _ndjson(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, sort_keys=True) + "\n" for row in rows)


def _run_export(
    service: BrazeService, job: dict[str, Any], target: Path, rows: list[dict[str, Any]]
) -> None:
    time.sleep(service.config.segment_export_delay_seconds)
    size = service.config.users_per_export_file
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    try:
        # Everything is written under a hidden name and renamed when complete, so a reader that
        # polls sees the whole export or nothing of it.
        staging = target.parent / f".{target.name}.partial"
        staging.parent.mkdir(parents=True, exist_ok=True)
        if job["url"]:
            with zipfile.ZipFile(staging, "w", zipfile.ZIP_DEFLATED) as archive:
                for number, chunk in enumerate(chunks):
                    archive.writestr(_member(job, number), _ndjson(chunk))
        else:
            staging.mkdir(exist_ok=True)
            for number, chunk in enumerate(chunks):
                with zipfile.ZipFile(staging / f"{number}.zip", "w", zipfile.ZIP_DEFLATED) as one:
                    one.writestr(_member(job, number), _ndjson(chunk))
        staging.replace(target)
        job["status"] = "done"
    finally:
        with service.state.lock:
            service.state.running_exports.discard(job["segment_id"])
    callback = job["callback_endpoint"]
    if isinstance(callback, str) and callback:
        _post_callback(callback, {"success": True} | ({"url": job["url"]} if job["url"] else {}))


def _post_callback(url: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5):
            pass
    except OSError:
        pass  # Braze does not retry callbacks either (n/d); the files are there regardless
