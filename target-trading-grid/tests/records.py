"""Mart rows as tap-warehouse sends them (DESIGN §10), and helpers to turn them into Singer input.

The values are written out by hand; the tests compute what the partner must read from these
rows themselves, never with the target's code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ACME = "ZZ:ACMESUPPLY"  # X12 004010, production: 852, 824, 997
GLOBEX = "ZZ:GLOBEX"  # X12 005010, test: 830, 824, 999
EURO_GLN = "14:4012345000009"  # EDIFACT D96A, test: SLSRPT, APERAK, CONTRL
EURODIS = "ZZ:EURODIS"  # EDIFACT D01B, production: DELFOR

PARTNERS: dict[str, dict[str, Any]] = {
    ACME: {"our_address": "ZZ:OURCO", "dialect": "X12", "version": "004010", "usage": "production"},
    GLOBEX: {
        "our_address": "ZZ:OURCO",
        "dialect": "X12",
        "version": "005010",
        "usage": "test",
        "documents": {"demand_signals": "830", "functional_acks": "999"},
    },
    EURO_GLN: {
        "our_address": "14:5412345000013",
        "dialect": "EDIFACT",
        "version": "D96A",
        "usage": "test",
    },
    EURODIS: {
        "our_address": "ZZ:OURCO",
        "dialect": "EDIFACT",
        "version": "D01B",
        "usage": "production",
        "documents": {"demand_signals": "DELFOR"},
    },
}

_STRING = {"type": ["string", "null"]}
_INTEGER = {"type": ["integer", "null"]}
_BOOKKEEPING = {"message_key": {"type": "string"}, "flow": _STRING, "ready_at": _STRING}

SCHEMAS: dict[str, dict[str, Any]] = {
    "demand_signals": {
        "type": "object",
        "properties": {
            **_BOOKKEEPING,
            "partner_id": _STRING,
            "sku": _STRING,
            "region": _STRING,
            "period_start": _STRING,
            "views": _INTEGER,
            "clicks": _INTEGER,
            "cart_adds": _INTEGER,
            "abandoned_carts": _INTEGER,
            "units_purchased": _INTEGER,
            "distinct_customers": _INTEGER,
            "baseline": {"type": ["number", "null"]},
            "spike": {"type": ["boolean", "null"]},
        },
    },
    "application_advice": {
        "type": "object",
        "properties": {
            **_BOOKKEEPING,
            "partner_id": _STRING,
            "document_id": _STRING,
            "set_code": _STRING,
            "status": _STRING,
            "reference_qualifier": _STRING,
            "reference": _STRING,
            "errors": {"type": ["array", "null"], "items": {"type": "object"}},
        },
    },
    "functional_acks": {
        "type": "object",
        "properties": {
            **_BOOKKEEPING,
            "partner_id": _STRING,
            "interchange_control_number": _STRING,
            "group_control_number": _STRING,
            "functional_id": _STRING,
            "version": _STRING,
            "group_status": _STRING,
            "set_acknowledgements": {"type": ["array", "null"], "items": {"type": "object"}},
        },
    },
    "partner_case_updates": {
        "type": "object",
        "properties": {
            **_BOOKKEEPING,
            "case_id": _STRING,
            "partner_id": _STRING,
            "category": _STRING,
            "score": _INTEGER,
            "comment": _STRING,
            "order_id": _STRING,
            "po_number": _STRING,
            "origin": _STRING,
            "status": _STRING,
        },
    },
    "document_decisions": {
        "type": "object",
        "properties": {
            **_BOOKKEEPING,
            "document_id": _STRING,
            "decision": _STRING,
            "note": _STRING,
        },
    },
}


def demand_row(
    partner: str,
    sku: str,
    region: str,
    day: str = "2026-11-01",
    *,
    views: int = 340,
    clicks: int = 12,
    cart_adds: int = 9,
    abandoned_carts: int = 3,
    units_purchased: int = 7,
    baseline: float = 37.5,
    spike: bool = False,
    ready_at: str = "2026-11-03T02:07:00Z",
) -> dict[str, Any]:
    return {
        "message_key": f"f4:{partner}:{sku}:{region}:{day}",
        "flow": "4",
        "ready_at": ready_at,
        "partner_id": partner,
        "sku": sku,
        "region": region,
        "period_start": day,
        "views": views,
        "clicks": clicks,
        "cart_adds": cart_adds,
        "abandoned_carts": abandoned_carts,
        "units_purchased": units_purchased,
        "distinct_customers": 40,
        "baseline": baseline,
        "spike": spike,
    }


def demand_rows() -> list[dict[str, Any]]:
    """Two skus x two regions for each partner, one spike, distinct numbers everywhere."""
    rows = []
    for partner in (ACME, GLOBEX, EURO_GLN, EURODIS):
        rows += [
            demand_row(
                partner,
                "SKU-100",
                "US-EAST",
                views=340,
                clicks=12,
                cart_adds=9,
                abandoned_carts=3,
                units_purchased=7,
                baseline=37.5,
                spike=True,
            ),
            demand_row(
                partner,
                "SKU-100",
                "US-WEST",
                views=41,
                clicks=5,
                cart_adds=4,
                abandoned_carts=1,
                units_purchased=5,
                baseline=39.25,
            ),
            demand_row(
                partner,
                "SKU-200",
                "US-EAST",
                views=18,
                clicks=2,
                cart_adds=6,
                abandoned_carts=2,
                units_purchased=11,
                baseline=20,
            ),
            demand_row(
                partner,
                "SKU-200",
                "US-WEST",
                views=22,
                clicks=0,
                cart_adds=1,
                abandoned_carts=0,
                units_purchased=3,
                baseline=19.5,
            ),
        ]
    return rows


def advice_rows() -> list[dict[str, Any]]:
    return [
        {
            "message_key": f"aa:{partner}:{number}",
            "flow": "document_errors",
            "ready_at": "2026-11-03T04:30:00Z",
            "partner_id": partner,
            "document_id": f"{partner}:{number}:{number[-3:]}:0001",
            "set_code": code,
            "status": "TR",
            "reference_qualifier": qualifier,
            "reference": reference,
            "errors": [{"code": error_code, "message": "Ship date is before the order date"}],
        }
        for partner, number, code, qualifier, reference, error_code in (
            (ACME, "000000417", "856", "SI", "ASN-88231", "024"),
            (GLOBEX, "000000052", "810", "IV", "INV-5521", "024"),
            (EURO_GLN, "000000731", "DESADV", "AAK", "DN-7731", "12"),
        )
    ]


def ack_rows() -> list[dict[str, Any]]:
    return [
        {
            "message_key": f"fa:{ACME}:000000417:417",
            "flow": "fa",
            "ready_at": "2026-11-03T04:31:00Z",
            "partner_id": ACME,
            "interchange_control_number": "000000417",
            "group_control_number": "417",
            "functional_id": "SH",
            "version": "004010",
            "group_status": "A",
            "set_acknowledgements": [
                {"set_code": "856", "set_control_number": "0001", "status": "A"},
                {"set_code": "856", "set_control_number": "0002", "status": "A"},
            ],
        },
        {
            "message_key": f"fa:{GLOBEX}:000000052:52",
            "flow": "fa",
            "ready_at": "2026-11-03T04:32:00Z",
            "partner_id": GLOBEX,
            "interchange_control_number": "000000052",
            "group_control_number": "52",
            "functional_id": "IN",
            "version": "005010",
            "group_status": "R",
            "set_acknowledgements": [
                {
                    "set_code": "810",
                    "set_control_number": "0001",
                    "status": "R",
                    "set_errors": ["5"],
                    "segment_errors": [
                        {
                            "segment": "IT1",
                            "position": 7,
                            "code": "8",
                            "element_errors": [
                                {
                                    "position": 4,
                                    "element_reference": "212",
                                    "code": "6",
                                    "bad_value": "12.5O",
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "message_key": f"fa:{EURO_GLN}:731:",
            "flow": "fa",
            "ready_at": "2026-11-03T04:33:00Z",
            "partner_id": EURO_GLN,
            "interchange_control_number": "731",
            # EDIFACT interchanges usually carry no functional group (DESIGN §10's key then
            # ends in an empty field): the CONTRL answers the interchange.
            "group_control_number": None,
            "functional_id": "DESADV",
            "group_status": "A",
            "set_acknowledgements": [
                {"set_code": "DESADV", "set_control_number": "1", "status": "A"},
            ],
        },
    ]


def singer_text(stream: str, rows: Iterable[Mapping[str, Any]], state: Any = None) -> str:
    lines = [
        json.dumps(
            {
                "type": "SCHEMA",
                "stream": stream,
                "key_properties": ["message_key"],
                "schema": SCHEMAS[stream],
            }
        )
    ]
    lines += [json.dumps({"type": "RECORD", "stream": stream, "record": dict(r)}) for r in rows]
    if state is not None:
        lines.append(json.dumps({"type": "STATE", "value": state}))
    return "\n".join(lines) + "\n"


def write_singer(
    path: Path, stream: str, rows: Iterable[Mapping[str, Any]], state: Any = None
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(singer_text(stream, rows, state), encoding="utf-8")
    return path


def local_config(root: Path, **extra: Any) -> dict[str, Any]:
    """A target config that delivers to a local mailbox folder under `root`."""
    return {
        "mailbox_url": (root / "mailbox").as_uri(),
        "ledger_url": f"sqlite:///{root / 'ledger.sqlite'}",
        "dead_letter_dir": str(root / "dead-letters"),
        "partners": PARTNERS,
        **extra,
    }
