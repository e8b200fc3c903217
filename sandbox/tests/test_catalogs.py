"""Catalogs and items (reference §4): limits, status codes, error ids and cursor pages."""

from __future__ import annotations

import re
import time
from typing import Any

import requests
from braze_http import BrazeHttp, SandboxFactory

FIELDS = [
    {"name": "id", "type": "string"},
    {"name": "status", "type": "string"},
    {"name": "available_qty", "type": "number"},
    {"name": "restock_date", "type": "time"},
    {"name": "tags", "type": "array"},
]


def create(
    braze: BrazeHttp, name: str = "product_availability", fields: Any = None
) -> requests.Response:
    return braze.post(
        "/catalogs",
        {"catalogs": [{"name": name, "description": "Availability", "fields": fields or FIELDS}]},
    )


def error_id(response: requests.Response) -> str:
    body = response.json()
    assert body["message"] == "Invalid Request"
    [error] = body["errors"]
    assert set(error) == {"id", "message", "parameters", "parameter_values"}
    return error["id"]


def items(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"sku-{i:04}", "status": "IN_STOCK", "available_qty": i}
        for i in range(start, start + n)
    ]


def test_create_list_and_delete(braze: BrazeHttp) -> None:
    created = create(braze)
    assert created.status_code == 201
    assert created.json()["catalogs"][0]["name"] == "product_availability"
    assert created.json()["catalogs"][0]["num_items"] == 0
    listed = braze.get("/catalogs")
    assert listed.status_code == 200
    [catalog] = listed.json()["catalogs"]
    assert set(catalog) == {"name", "description", "fields", "num_items", "updated_at"}
    assert catalog["fields"] == FIELDS
    deleted = braze.request("DELETE", "/catalogs/product_availability")
    assert deleted.status_code == 200
    assert braze.get("/catalogs").json()["catalogs"] == []


def test_catalog_errors(braze: BrazeHttp) -> None:
    assert create(braze).status_code == 201
    assert error_id(create(braze)) == "catalog-name-already-exists"
    assert error_id(create(braze, "bad name!")) == "invalid-catalog-name"
    assert (
        error_id(create(braze, "x1", [{"name": "sku", "type": "string"}])) == "id-not-first-column"
    )
    assert (
        error_id(create(braze, "x2", [*FIELDS, {"name": "f", "type": "money"}]))
        == "invalid-field-types"
    )
    assert (
        error_id(create(braze, "x3", [*FIELDS, {"name": "status", "type": "string"}]))
        == "field-names-not-unique"
    )
    assert (
        error_id(create(braze, "x4", [*FIELDS, {"name": "a b", "type": "string"}]))
        == "invalid-field-names"
    )
    many = [{"name": "id", "type": "string"}] + [
        {"name": f"f{i}", "type": "string"} for i in range(500)
    ]
    assert error_id(create(braze, "x5", many)) == "too-many-fields"
    two = braze.post(
        "/catalogs",
        {"catalogs": [{"name": "a", "fields": FIELDS}, {"name": "b", "fields": FIELDS}]},
    )
    assert error_id(two) == "catalog-array-invalid"
    missing = braze.request("DELETE", "/catalogs/none")
    assert missing.status_code == 404
    assert error_id(missing) == "catalog-not-found"


def test_async_item_endpoints_answer_202_and_apply(braze: BrazeHttp) -> None:
    create(braze)
    path = "/catalogs/product_availability/items"
    posted = braze.post(path, {"items": items(50)})
    assert posted.status_code == 202
    assert posted.json() == {"message": "success"}
    patched = braze.request(
        "PATCH",
        path,
        json={"items": [{"id": "sku-0001", "available_qty": 99, "tags": {"$add": ["new"]}}]},
    )
    assert patched.status_code == 202
    put = braze.request(
        "PUT",
        path,
        json={
            "items": [
                {"id": "sku-9999", "status": "OUT_OF_STOCK"},
                {"id": "sku-0002", "status": "LOW_STOCK"},
            ]
        },
    )
    assert put.status_code == 202
    deleted = braze.request("DELETE", path, json={"items": [{"id": "sku-0000"}]})
    assert deleted.status_code == 202
    [catalog] = braze.admin("GET", "catalogs")["catalogs"]
    by_id = {item["id"]: item for item in catalog["items"]}
    assert len(by_id) == 50
    assert "sku-0000" not in by_id
    assert by_id["sku-0001"] == {
        "id": "sku-0001",
        "status": "IN_STOCK",
        "available_qty": 99,
        "tags": ["new"],
    }
    assert by_id["sku-0002"] == {"id": "sku-0002", "status": "LOW_STOCK"}  # PUT replaces
    assert by_id["sku-9999"]["status"] == "OUT_OF_STOCK"  # PUT creates


def test_async_item_errors(braze: BrazeHttp) -> None:
    create(braze)
    path = "/catalogs/product_availability/items"
    braze.post(path, {"items": items(1)})
    cases = [
        ({"items": items(51)}, "request-includes-too-many-items"),
        ({"items": []}, "item-array-invalid"),
        ({"items": [{"status": "IN_STOCK"}]}, "items-missing-ids"),
        ({"items": [{"id": 5}]}, "ids-not-strings"),
        ({"items": [{"id": "x" * 251}]}, "ids-too-large"),
        ({"items": [{"id": "bad id"}]}, "invalid-ids"),
        ({"items": [{"id": "a"}, {"id": "a"}]}, "ids-not-unique"),
        ({"items": [{"id": "a", "colour": "red"}]}, "invalid-fields"),
        ({"items": [{"id": "a", "available_qty": "many"}]}, "unable-to-coerce-value"),
        ({"items": [{"id": "a", "status": "x" * 5001}]}, "items-too-large"),
        ({"items": [{"id": "a", "tags": [{"a.b": 1}]}]}, "invalid-keys-in-value-object"),
        ({"items": [{"id": "sku-0000"}]}, "item-already-exists"),
    ]
    for body, expected in cases:
        response = braze.post(path, body)
        assert response.status_code == 400, expected
        assert error_id(response) == expected
    missing = braze.post("/catalogs/none/items", {"items": items(1)})
    assert missing.status_code == 404
    assert error_id(missing) == "catalog-not-found"
    assert (
        error_id(braze.request("PATCH", path, json={"items": [{"id": "nope", "status": "x"}]}))
        == "item-not-found"
    )


def test_async_writes_can_lag(make_braze: SandboxFactory) -> None:
    braze = make_braze(catalog_async_delay_seconds=1.0)
    create(braze)
    assert (
        braze.post("/catalogs/product_availability/items", {"items": items(3)}).status_code == 202
    )
    assert braze.get("/catalogs/product_availability/items").json()["items"] == []
    time.sleep(1.3)
    assert len(braze.get("/catalogs/product_availability/items").json()["items"]) == 3


def test_items_page_by_cursor_to_the_last_page(braze: BrazeHttp) -> None:
    create(braze)
    for start in range(0, 120, 50):
        braze.post(
            "/catalogs/product_availability/items", {"items": items(min(50, 120 - start), start)}
        )
    seen: list[str] = []
    pages = 0
    url = "/catalogs/product_availability/items"
    rels: list[set[str]] = []
    while url:
        response = braze.request("GET", url)
        assert response.status_code == 200
        pages += 1
        seen += [item["id"] for item in response.json()["items"]]
        links = {
            rel: target
            for target, rel in re.findall(
                r'<([^>]+)>; rel="(\w+)"', response.headers.get("Link", "")
            )
        }
        rels.append(set(links))
        assert all(
            target.startswith("/catalogs/product_availability/items?cursor=")
            for target in links.values()
        )
        url = links.get("next", "")
    assert pages == 3
    # The first page's link is exactly the documented form: base64 of "skip:50", `=` kept.
    first = braze.get("/catalogs/product_availability/items").headers["Link"]
    assert first == '</catalogs/product_availability/items?cursor=c2tpcDo1MA==>; rel="next"'
    second = braze.get("/catalogs/product_availability/items", cursor="c2tpcDo1MA==").headers[
        "Link"
    ]
    assert second.startswith('</catalogs/product_availability/items?cursor=c2tpcDow>; rel="prev",')
    assert rels == [{"next"}, {"prev", "next"}, {"prev"}]
    assert seen == [f"sku-{i:04}" for i in range(120)]


def test_one_page_has_no_link_and_bad_cursor_is_400(braze: BrazeHttp) -> None:
    create(braze)
    braze.post("/catalogs/product_availability/items", {"items": items(50)})
    response = braze.get("/catalogs/product_availability/items")
    assert len(response.json()["items"]) == 50
    assert "Link" not in response.headers
    bad = braze.get("/catalogs/product_availability/items", cursor="not-a-cursor")
    assert bad.status_code == 400
    assert error_id(bad) == "invalid-cursor"


def test_single_item_endpoints(braze: BrazeHttp) -> None:
    create(braze)
    path = "/catalogs/product_availability/items/sku-1"
    body = {"items": [{"status": "IN_STOCK", "available_qty": 3}]}
    assert braze.request("POST", path, json=body).status_code == 201
    assert error_id(braze.request("POST", path, json=body)) == "item-already-exists"
    got = braze.get(path)
    assert got.status_code == 200
    assert got.json() == {
        "items": [{"id": "sku-1", "status": "IN_STOCK", "available_qty": 3}],
        "message": "success",
    }
    assert braze.request("PATCH", path, json={"items": [{"available_qty": 4}]}).status_code == 200
    assert braze.request("PUT", path, json={"items": [{"status": "LOW_STOCK"}]}).status_code == 200
    assert braze.get(path).json()["items"] == [{"id": "sku-1", "status": "LOW_STOCK"}]
    assert error_id(braze.request("PUT", path, json={"items": [{"id": "sku-1"}]})) == "id-in-body"
    two = {"items": [{"status": "a"}, {"status": "b"}]}
    assert error_id(braze.request("PUT", path, json=two)) == "item-array-invalid"
    assert braze.request("DELETE", path).status_code == 202
    gone = braze.get(path)
    assert gone.status_code == 404
    assert error_id(gone) == "item-not-found"
    assert braze.request("PATCH", path, json={"items": [{"status": "x"}]}).status_code == 404
