"""What the Braze sandbox received from target-braze, read from its request log (/_sandbox).

The log holds each request's body and Braze's answer, so objects Braze refused inside a 201
(`errors`) are left out, and the simulated time of each request is the message's delivery time.
The demo empties the log before each job and reads it after, so the sandbox's bounded log only
ever holds one job's requests and the scenario's own /users/track calls are never mistaken for
the pipeline's.
"""

from __future__ import annotations

from .flows import flow_of_received
from .messages import Message
from .sandbox_http import sandbox_call

PAGE = 1000
_TRACK_ARRAYS = {"attributes": "user_attributes", "events": "events"}


def clear_request_log(braze_url: str) -> None:
    sandbox_call(f"{braze_url}/_sandbox/requests", method="DELETE")


def read_request_log(braze_url: str) -> list[dict]:
    rows: list[dict] = []
    while True:
        url = f"{braze_url}/_sandbox/requests?offset={len(rows)}&limit={PAGE}"
        page = sandbox_call(url)["requests"]
        rows.extend(page)
        if len(page) < PAGE:
            return rows


def received_messages(requests: list[dict]) -> list[Message]:
    messages: list[Message] = []
    for request in requests:
        if not 200 <= int(request.get("status") or 0) < 300:
            continue
        body, at = request.get("body") or {}, request.get("simulated_time", "")
        path, method = request["path"].rstrip("/"), request["method"]
        if method == "POST" and path == "/users/track":
            messages += _tracked(body, request.get("response") or {}, at)
        elif method == "POST" and path == "/campaigns/trigger/send":
            messages += _triggered(body, "campaign", at)
        elif method == "POST" and path == "/canvas/trigger/send":
            messages += _triggered(body, "canvas", at)
        elif method in ("PUT", "POST", "PATCH") and _is_catalog_items(path):
            messages += _catalog_items(path, body, at)
    return messages


def _tracked(body: dict, answer: dict, at: str) -> list[Message]:
    refused = {
        (error.get("input_array"), error.get("index")) for error in answer.get("errors") or []
    }
    messages = []
    for array, stream in _TRACK_ARRAYS.items():
        for index, item in enumerate(body.get(array) or []):
            if (array, index) in refused:
                continue
            if stream == "events":
                payload = {
                    "external_id": item.get("external_id"),
                    "name": item.get("name"),
                    "time": item.get("time"),
                    "properties": item.get("properties"),
                }
            else:
                payload = {
                    key: value
                    for key, value in item.items()
                    if not key.startswith("_") and key != "external_id"
                }
                payload = {"external_id": item.get("external_id"), **payload}
            messages.append(Message(stream, payload, flow_of_received(stream, payload), "", at))
    return messages


def _triggered(body: dict, kind: str, at: str) -> list[Message]:
    stream = f"{kind}_triggers"
    properties = "trigger_properties" if kind == "campaign" else "canvas_entry_properties"
    messages = []
    for recipient in body.get("recipients") or []:
        merged = {**(body.get(properties) or {}), **(recipient.get(properties) or {})}
        if kind == "canvas" and not recipient.get(properties):
            merged = {**merged, **(recipient.get("context") or {})}
        payload = {
            f"{kind}_id": body.get(f"{kind}_id"),
            "external_id": recipient.get("external_user_id"),
            properties: merged,
        }
        messages.append(Message(stream, payload, flow_of_received(stream, payload), "", at))
    return messages


def _is_catalog_items(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 3 and parts[0] == "catalogs" and parts[2] == "items"


def _catalog_items(path: str, body: dict, at: str) -> list[Message]:
    catalog = path.strip("/").split("/")[1]
    return [
        Message(
            "catalog_items",
            {"catalog_name": catalog, **item},
            flow_of_received("catalog_items", item),
            "",
            at,
        )
        for item in body.get("items") or []
    ]
