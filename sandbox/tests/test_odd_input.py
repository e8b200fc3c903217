"""Odd request bodies get Braze-style 4xx answers, never a 500 from the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from braze_http import BrazeHttp

WRITE_ENDPOINTS = [
    ("POST", "/users/track"),
    ("POST", "/users/delete"),
    ("POST", "/users/alias/new"),
    ("POST", "/users/identify"),
    ("POST", "/users/merge"),
    ("POST", "/users/export/ids"),
    ("POST", "/users/export/segment"),
    ("POST", "/campaigns/trigger/send"),
    ("POST", "/canvas/trigger/send"),
    ("POST", "/sends/id/create"),
    ("POST", "/subscription/status/set"),
    ("POST", "/v2/subscription/status/set"),
    ("POST", "/catalogs"),
    ("POST", "/catalogs/shop/items"),
    ("PATCH", "/catalogs/shop/items"),
    ("PUT", "/catalogs/shop/items"),
    ("DELETE", "/catalogs/shop/items"),
    ("POST", "/catalogs/shop/items/a"),
    ("PUT", "/catalogs/shop/items/a"),
]

ODD_BODIES: list[Any] = [
    None,
    [],
    "text",
    7,
    {"attributes": ["x"], "events": "x", "purchases": [None]},
    {"external_ids": "c1", "user_aliases": ["x"], "braze_ids": [None]},
    {"user_aliases": [{"alias_name": 1}], "aliases_to_identify": [{"user_alias": "x"}]},
    {"merge_updates": [{"identifier_to_merge": "x", "identifier_to_keep": {"email": 5}}]},
    {
        "campaign_id": "c",
        "canvas_id": "c",
        "recipients": [{"external_user_id": "c1", "attributes": 3}],
    },
    {"segment_id": "all_customers", "fields_to_export": "x"},
    {"subscription_group_id": "g", "subscription_state": "subscribed", "external_id": [1]},
    {"subscription_groups": [{"subscription_group_id": 5}]},
    {"catalogs": [{"name": "shop", "fields": [{"name": "id"}]}]},
    {"items": [{"id": "a", "price": {"$add": 1}}], "campaign_id": ["x"]},
]


@pytest.mark.parametrize(("method", "path"), WRITE_ENDPOINTS)
def test_odd_bodies_are_client_errors(braze: BrazeHttp, method: str, path: str) -> None:
    braze.admin("POST", "campaigns", {"name": "c"})
    braze.admin("POST", "canvases", {"name": "c"})
    braze.post(
        "/catalogs",
        {
            "catalogs": [
                {
                    "name": "shop",
                    "fields": [
                        {"name": "id", "type": "string"},
                        {"name": "price", "type": "array"},
                    ],
                }
            ]
        },
    )
    for body in ODD_BODIES:
        response = braze.request(method, path, json=body)
        assert response.status_code < 500, (body, response.text)
        assert "message" in response.json()


READ_ENDPOINTS = [
    "/campaigns/list",
    "/campaigns/details",
    "/campaigns/data_series",
    "/canvas/list",
    "/canvas/details",
    "/canvas/data_series",
    "/canvas/data_summary",
    "/segments/list",
    "/segments/details",
    "/segments/data_series",
    "/events/list",
    "/events",
    "/events/data_series",
    "/custom_attributes",
    "/purchases/product_list",
    "/purchases/quantity_series",
    "/purchases/revenue_series",
    "/kpi/new_users/data_series",
    "/kpi/dau/data_series",
    "/kpi/mau/data_series",
    "/kpi/uninstalls/data_series",
    "/sessions/data_series",
    "/email/hard_bounces",
    "/email/unsubscribes",
    "/subscription/user/status",
    "/templates/email/list",
    "/content_blocks/list",
    "/catalogs",
    "/catalogs/shop/items",
    "/catalogs/shop/items/a",
]

ODD_PARAMS: list[dict[str, str]] = [
    {"page": "-1", "length": "abc", "limit": "0", "offset": "-5"},
    {"page": "x", "ending_at": "yesterday", "starting_at": "2020-13-45", "unit": "minute"},
    {"cursor": "c2tpcDp4", "sort_direction": "sideways", "end_date": "2020-02-30"},
    {"last_edit.time[gt]": "nope", "modified_after": "nope", "include_archived": "maybe"},
    {"campaign_id": "", "canvas_id": "", "segment_id": "", "event": "", "length": "5"},
]


@pytest.mark.parametrize("path", READ_ENDPOINTS)
def test_odd_parameters_are_client_errors(braze: BrazeHttp, path: str) -> None:
    for params in ODD_PARAMS:
        response = braze.get(path, **params)
        assert response.status_code < 500, (params, response.text)
        assert "message" in response.json()
