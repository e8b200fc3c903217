"""Catalogs and catalog items (reference §4), with Braze's catalog error ids."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable
from typing import Any

from grid_braze_sandbox.braze.api import Call, Reply, catalog_error, cursor_page, route
from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import Catalog
from grid_braze_sandbox.timefmt import parse_time

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,250}$")
FIELD_TYPES = frozenset({"string", "number", "boolean", "time", "object", "array"})
MAX_FIELDS = 500
MAX_ITEMS = 50
MAX_ID_LENGTH = 250
MAX_VALUE_LENGTH = 5_000
MAX_NESTING = 50
ITEMS_PER_PAGE = 50
SUCCESS = {"message": "success"}


def _catalog(service: BrazeService, name: str) -> Catalog:
    catalog = service.state.catalogs.get(name)
    if catalog is None:
        raise catalog_error(
            "catalog-not-found",
            "Could not find catalog",
            status=404,
            parameters=["catalog_name"],
            values=[name],
        )
    return catalog


# Catalog management --------------------------------------------------------------------------


@route("/catalogs", "GET", permission="catalogs.get", family="catalogs_management")
def list_catalogs(call: Call) -> Reply:
    with call.service.state.lock:
        catalogs = [c.summary() for c in call.service.state.catalogs.values()]
    return Reply(200, {"catalogs": catalogs, "message": "success"})


@route("/catalogs", "POST", permission="catalogs.create", family="catalogs_management")
def create_catalog(call: Call) -> Reply:
    body = call.body if isinstance(call.body, dict) else {}
    catalogs = body.get("catalogs")
    if not isinstance(catalogs, list) or len(catalogs) != 1 or not isinstance(catalogs[0], dict):
        raise catalog_error("catalog-array-invalid", "catalogs must be an array of one object")
    spec = catalogs[0]
    name = spec.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise catalog_error(
            "invalid-catalog-name",
            "Catalog name can only include letters, numbers, hyphens, and underscores",
            parameters=["name"],
            values=[name],
        )
    description = spec.get("description") or ""
    fields = _validate_fields(spec.get("fields"))
    service = call.service
    with service.state.lock:
        if name in service.state.catalogs:
            raise catalog_error(
                "catalog-name-already-exists",
                "Catalog with that name already exists",
                parameters=["name"],
                values=[name],
            )
        catalog = Catalog(name, str(description)[:250], fields, service.clock.now())
        service.state.catalogs[name] = catalog
        summary = catalog.summary()
    return Reply(201, {"catalogs": [summary], "message": "success"})


def _validate_fields(fields: Any) -> list[dict[str, str]]:
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
        raise catalog_error("invalid-fields", "fields must be a non-empty array of objects")
    if len(fields) > MAX_FIELDS:
        raise catalog_error("too-many-fields", "Number of fields is limited to 500")
    names = [f.get("name") for f in fields]
    bad_names = [n for n in names if not isinstance(n, str) or not NAME_PATTERN.match(n)]
    if any(isinstance(n, str) and len(n) > 250 for n in names):
        raise catalog_error("field-names-too-large", "Field names are limited to 250 characters")
    if bad_names:
        raise catalog_error(
            "invalid-field-names",
            "Fields can only include letters, numbers, hyphens, and underscores",
            parameters=["fields"],
            values=bad_names,
        )
    if len(set(names)) != len(names):
        raise catalog_error("field-names-not-unique", "Field names must be unique")
    bad_types = [f.get("type") for f in fields if f.get("type") not in FIELD_TYPES]
    if bad_types:
        raise catalog_error(
            "invalid-field-types",
            "Field types are not valid",
            parameters=["fields"],
            values=bad_types,
        )
    if names[0] != "id" or fields[0].get("type") != "string":
        raise catalog_error("id-not-first-column", "The first field must be id, of type string")
    return [{"name": f["name"], "type": f["type"]} for f in fields]


@route("/catalogs/<name>", "DELETE", permission="catalogs.delete", family="catalogs_management")
def delete_catalog(call: Call) -> Reply:
    service = call.service
    with service.state.lock:
        catalog = _catalog(service, call.path_params["name"])
        del service.state.catalogs[catalog.name]
    return Reply(200, dict(SUCCESS))


# Item validation ------------------------------------------------------------------------------


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _bad_object_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return any("." in k or "$" in k or _bad_object_keys(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_object_keys(v) for v in value)
    return False


def _coerces(field_type: str, value: Any) -> bool:
    if value is None:
        return True
    checks: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "time": lambda v: parse_time(v) is not None,
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
    }
    return checks[field_type](value)


def _validate_item_values(
    catalog: Catalog, item_id: str, item: dict[str, Any], patch: bool
) -> None:
    types = {f["name"]: f["type"] for f in catalog.fields}
    unknown = [k for k in item if k != "id" and k not in types]
    if unknown:
        raise catalog_error(
            "invalid-fields",
            "Some of the fields given do not exist in the catalog",
            parameters=["id"],
            values=[item_id],
        )
    for key, value in item.items():
        if key == "id":
            continue
        array_operation = isinstance(value, dict) and set(value) <= {"$add", "$remove"}
        if patch and types[key] == "array" and array_operation:
            continue
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            raise catalog_error(
                "items-too-large",
                "Item values are limited to 5,000 characters",
                parameters=["id"],
                values=[item_id],
            )
        if _depth(value) > MAX_NESTING:
            raise catalog_error(
                "too-deep-nesting-in-value-object",
                "Item values are limited to 50 levels of nesting",
                parameters=["id"],
                values=[item_id],
            )
        if _bad_object_keys(value):
            raise catalog_error(
                "invalid-keys-in-value-object",
                "Object keys cannot include '.' or '$'",
                parameters=["id"],
                values=[item_id],
            )
        if not _coerces(types[key], value):
            raise catalog_error(
                "unable-to-coerce-value",
                f"Value of {key} could not be coerced to {types[key]}",
                parameters=["id"],
                values=[item_id],
            )


def _check_item_id(item_id: Any) -> str:
    if not isinstance(item_id, str):
        raise catalog_error("ids-not-strings", "Item IDs must be strings", values=[item_id])
    if len(item_id) > MAX_ID_LENGTH:
        raise catalog_error(
            "ids-too-large", "Item IDs are limited to 250 characters", values=[item_id]
        )
    if not NAME_PATTERN.match(item_id):
        raise catalog_error(
            "invalid-ids",
            "Item IDs can only include letters, numbers, hyphens, and underscores",
            values=[item_id],
        )
    return item_id


def _items_in_body(call: Call, *, exactly_one: bool = False) -> list[dict[str, Any]]:
    body = call.body if isinstance(call.body, dict) else {}
    items = body.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise catalog_error("item-array-invalid", "items must be an array of objects")
    if exactly_one and len(items) != 1:
        raise catalog_error("item-array-invalid", "items must contain exactly one object")
    if len(items) > MAX_ITEMS:
        raise catalog_error(
            "request-includes-too-many-items",
            "Your request includes too many items. The maximum is 50.",
        )
    return items


# Asynchronous bulk item endpoints -------------------------------------------------------------


def _bulk(call: Call, mode: str) -> Reply:
    service = call.service
    items = _items_in_body(call)
    with service.state.lock:
        catalog = _catalog(service, call.path_params["name"])
        if any("id" not in item for item in items):
            raise catalog_error("items-missing-ids", "There are items that do not have item IDs")
        ids = [_check_item_id(item["id"]) for item in items]
        if len(set(ids)) != len(ids):
            raise catalog_error("ids-not-unique", "Item IDs must be unique in the request")
        if mode != "delete":
            for item_id, item in zip(ids, items, strict=True):
                _validate_item_values(catalog, item_id, item, patch=mode == "patch")
        if mode == "post":
            existing = [i for i in ids if i in catalog.items]
            if existing:
                raise catalog_error(
                    "item-already-exists",
                    "The item already exists",
                    parameters=["id"],
                    values=existing,
                )
        if mode == "patch":
            missing = [i for i in ids if i not in catalog.items]
            if missing:
                raise catalog_error(
                    "item-not-found", "Could not find item", parameters=["id"], values=missing
                )
    changes = copy.deepcopy(items)

    def apply() -> None:
        with service.state.lock:
            target = service.state.catalogs.get(catalog.name)
            if target is not None:
                for item in changes:
                    _write_item(target, item["id"], item, mode)
                target.updated_at = service.clock.now()

    delay = service.config.catalog_async_delay_seconds
    if delay > 0:
        # Async means accepted, not applied: a client must not read its own writes at once.
        timer = threading.Timer(delay, apply)
        timer.daemon = True
        timer.start()
    else:
        apply()
    return Reply(202, dict(SUCCESS))


def _write_item(catalog: Catalog, item_id: str, item: dict[str, Any], mode: str) -> None:
    values = {k: v for k, v in item.items() if k != "id"}
    if mode == "delete":
        catalog.items.pop(item_id, None)
        return
    if mode == "patch":
        current = catalog.items.get(item_id)
        if current is None:
            return
        for key, value in values.items():
            if (
                isinstance(value, dict)
                and set(value) <= {"$add", "$remove"}
                and isinstance(current.get(key), list | type(None))
            ):
                array = list(current.get(key) or [])
                array.extend(value.get("$add", []))
                array = [v for v in array if v not in value.get("$remove", [])]
                current[key] = array
            else:
                current[key] = value
        return
    catalog.items[item_id] = {"id": item_id, **values}


@route(
    "/catalogs/<name>/items", "POST", permission="catalogs.add_items", family="catalog_items_async"
)
def add_items(call: Call) -> Reply:
    return _bulk(call, "post")


@route(
    "/catalogs/<name>/items",
    "PATCH",
    permission="catalogs.update_items",
    family="catalog_items_async",
)
def update_items(call: Call) -> Reply:
    return _bulk(call, "patch")


@route(
    "/catalogs/<name>/items",
    "PUT",
    permission="catalogs.replace_items",
    family="catalog_items_async",
)
def replace_items(call: Call) -> Reply:
    return _bulk(call, "put")


@route(
    "/catalogs/<name>/items",
    "DELETE",
    permission="catalogs.delete_items",
    family="catalog_items_async",
)
def delete_items(call: Call) -> Reply:
    return _bulk(call, "delete")


@route(
    "/catalogs/<name>/items", "GET", permission="catalogs.get_items", family="catalog_items_sync"
)
def list_items(call: Call) -> Reply:
    service = call.service
    with service.state.lock:
        catalog = _catalog(service, call.path_params["name"])
        items = [copy.deepcopy(item) for item in catalog.items.values()]
    invalid = catalog_error(
        "invalid-cursor",
        "The cursor is invalid",
        parameters=["cursor"],
        values=[call.args.get("cursor")],
    )
    page, headers = cursor_page(call, items, ITEMS_PER_PAGE, invalid)
    return Reply(200, {"items": page, "message": "success"}, headers)


# Synchronous single-item endpoints ------------------------------------------------------------


def _single(call: Call, mode: str) -> Reply:
    service = call.service
    item_id = _check_item_id(call.path_params["item_id"])
    with service.state.lock:
        catalog = _catalog(service, call.path_params["name"])
        exists = item_id in catalog.items
        not_found = catalog_error(
            "item-not-found",
            "Could not find item",
            status=404,
            parameters=["item_id"],
            values=[item_id],
        )
        if mode == "get":
            if not exists:
                raise not_found
            return Reply(
                200, {"items": [copy.deepcopy(catalog.items[item_id])], "message": "success"}
            )
        if mode == "delete":
            if not exists:
                raise not_found
            del catalog.items[item_id]
            catalog.updated_at = service.clock.now()
            return Reply(202, dict(SUCCESS))
        item = _items_in_body(call, exactly_one=True)[0]
        if "id" in item:
            raise catalog_error(
                "id-in-body",
                "Item ID must be in the path, not the body",
                parameters=["id"],
                values=[item["id"]],
            )
        _validate_item_values(catalog, item_id, item, patch=mode == "patch")
        if mode == "post" and exists:
            raise catalog_error(
                "item-already-exists",
                "The item already exists",
                parameters=["id"],
                values=[item_id],
            )
        if mode == "patch" and not exists:
            raise not_found
        _write_item(catalog, item_id, item, mode)
        catalog.updated_at = service.clock.now()
        status = 201 if mode == "post" else 200
        return Reply(status, dict(SUCCESS))


def _single_route(method: str, permission: str, mode: str) -> None:
    def handler(call: Call) -> Reply:
        return _single(call, mode)

    handler.__name__ = f"item_{mode}"
    route(
        "/catalogs/<name>/items/<item_id>",
        method,
        permission=permission,
        family="catalog_items_sync",
    )(handler)


for _method, _permission, _mode in (
    ("GET", "catalogs.get_item", "get"),
    ("POST", "catalogs.create_item", "post"),
    ("PATCH", "catalogs.update_item", "patch"),
    ("PUT", "catalogs.replace_item", "put"),
    ("DELETE", "catalogs.delete_item", "delete"),
):
    _single_route(_method, _permission, _mode)
