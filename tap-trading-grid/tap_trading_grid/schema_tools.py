"""Turning the EDI library's JSON Schemas into schemas every Singer target can read.

The library's schemas use `$ref`, `anyOf` with null and bare `enum`/`const`. They are valid
JSON Schema, but Singer targets map columns from each property's `type`, so the refs are
inlined and every property gets an explicit type. Nothing is loosened: the closed objects stay
closed and the enums stay.
"""

from __future__ import annotations

from typing import Any

_DROPPED_TOP_LEVEL = ("$schema", "$id", "$defs", "title", "description")


def singer_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with refs inlined and explicit types, ready for a SCHEMA message."""
    defs = schema.get("$defs", {})
    resolved = _resolve(schema, defs)
    for key in _DROPPED_TOP_LEVEL:
        resolved.pop(key, None)
    return resolved


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    # Every dict and list is rebuilt, never changed in place, so the library's schemas need no
    # defensive deep copies (which were most of the tap's start-up work on schemas).
    if isinstance(node, list):
        return [_resolve(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        merged = {**defs[name], **{k: v for k, v in node.items() if k != "$ref"}}
        return _resolve(merged, defs)
    node = {key: _resolve(value, defs) for key, value in node.items()}
    if "anyOf" in node:
        node = _nullable_any_of(node)
    if "type" not in node:
        if "const" in node:
            node["type"] = _json_type(node["const"])
        elif "enum" in node:
            node["type"] = sorted({_json_type(value) for value in node["enum"]})
    if isinstance(node.get("properties"), dict):
        required = set(node.get("required", []))
        for name, child in node["properties"].items():
            if name not in required and isinstance(child, dict):
                _allow_null(child)
    return node


def _allow_null(node: dict[str, Any]) -> None:
    """An optional property may be absent, which a Singer target stores as null: say so."""
    types = node.get("type")
    if isinstance(types, str) and types != "null":
        node["type"] = [types, "null"]
    elif isinstance(types, list) and "null" not in types:
        node["type"] = [*types, "null"]


def _nullable_any_of(node: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [X, {type: null}]` becomes X with null added to its type."""
    options = node["anyOf"]
    non_null = [option for option in options if option.get("type") != "null"]
    if len(non_null) != 1 or len(non_null) == len(options):
        return node
    merged = {**{k: v for k, v in node.items() if k != "anyOf"}, **non_null[0]}
    types = merged.get("type")
    if isinstance(types, str):
        merged["type"] = [types, "null"]
    elif isinstance(types, list) and "null" not in types:
        merged["type"] = [*types, "null"]
    if "enum" in merged and None not in merged["enum"]:
        merged["enum"] = [*merged["enum"], None]
    return merged


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
