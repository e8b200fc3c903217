"""A small story for flows 4, 7a and 7b and our functional acknowledgements, as raw records, and
the mart rows DESIGN §10 makes of it, derived by hand (independently of the models).

It is built in a warehouse of its own (the `loop_builds` fixture), so that its engagement and
documents do not mix with the Grid → Braze story. Phase 1 is built at AS_OF_1; phase 2 adds a
day of demand, a partner comment and the case's resolution, and one more partner group, and is
built at AS_OF_2; a rerun at AS_OF_RERUN loads nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ..conftest import MELTANO, IsolatedProject
from . import raw
from .conftest import Build, dbt, read_marts, read_raw
from .story import (
    ACME,
    BOLT,
    US,
    Records,
    _merge,
    case,
    case_events,
    custom_event,
    inventory,
    purchase,
    purchase_order,
)

AS_OF_1 = "2026-10-31T00:00:00Z"
AS_OF_2 = "2026-11-01T00:00:00Z"
AS_OF_RERUN = "2026-11-01T06:00:00Z"

EDIFACT = "14:4012345000009"

PARTNER_MARTS = ("demand_signals", "partner_case_updates", "functional_acks")
PARTNER_JSON = {"set_acknowledgements"}


def _user(external_id: str, region: str, first: str, last: str) -> dict[str, Any]:
    return {
        "braze_id": f"b-{external_id[2:]}",
        "external_id": external_id,
        "first_name": first,
        "last_name": last,
        "email_subscribe": "opted_in",
        "custom_attributes": {"tier": "SILVER", "region": region},
        "tier": "SILVER",
        "region": region,
    }


def customers() -> Records:
    people = [(f"c-n{i}", "NORTH", f"North{i}", "Person") for i in range(1, 7)]
    people += [(f"c-e{i}", "EAST", f"East{i}", "Person") for i in range(1, 6)]
    people += [
        ("c-s1", "SOUTH", "South", "Person"),
        ("c-ada", "WEST", "Ada", "Hale"),
        ("c-ben", "WEST", "Ben", "Stone"),
        ("c-cy", "WEST", "Cy", "Moss"),
    ]
    return {"users": [_user(*person) for person in people]}


# Flow 4: demand signals -----------------------------------------------------------------------
#
# SKU-D is supplied by ACME (its 846) and BOLT (its 846); SKU-E by ACME only. Storefront data
# starts on 10-01 (c-s1 views SKU-E in the SOUTH: one customer, suppressed).
# - SKU-D x NORTH, 10-01 … 10-28: c-n1 views it on the even days only (14 views, one customer a
#   day: every one of these cells is suppressed). Over those 28 days the mean is 0.5 and
#   stddev_pop 0.5.
# - SKU-D x NORTH, 10-29: c-n1 … c-n5 view it (5 views), c-n1 adds it to a cart, c-n2 abandons
#   a cart, c-n3 buys it, c-n6 clicks a campaign link with ?sku=SKU-D (one click; a click
#   without the parameter and an open with it count nothing): 6 distinct customers, baseline
#   0.5, z = (5 - 0.5) / 0.5 = 9 ≥ 3, a spike. One row per partner.
# - SKU-D x SOUTH, 10-29: c-s1 views it: one customer, suppressed.
# - SKU-E x NORTH, 10-10: c-n2 … c-n6 view it: 5 customers, no history before the day so the
#   baseline is 0 and there is no spike (less history than the window).
# - SKU-E x EAST: c-e1 views it on the even days 10-02 … 10-28 (mean 0.5, stddev_pop 0.5, all
#   suppressed); on 10-29 c-e1 and c-e2 view it and c-e3 … c-e5 add it to carts: 5 customers,
#   z = (2 - 0.5) / 0.5 = 3 exactly, which is a spike (z ≥ spike_z).
# - At AS_OF_1 (10-31 00:00), 10-29 is 24 h past its end: sent; 10-30 is not yet.
# - Phase 2: SKU-D x NORTH, 10-30: c-n1 … c-n5 each buy it (5 units, 0 views); its window
#   10-02 … 10-29 holds 14 even days of one view plus the 5 views of 10-29: 19 views, so the
#   baseline is 19 / 28 = 0.678571 (6 decimals); views 0 is no spike. Sent at AS_OF_2 (11-01
#   00:00, exactly 24 h past the day's end). A late view of SKU-E on 10-10 changes nothing
#   already sent.


def _click(event_id: str, customer: str, moment: str, url: str, action: str = "Click") -> Records:
    return {
        "currents_message_engagement": [
            {
                "id": event_id,
                "user_id": f"b-{customer[2:]}",
                "external_user_id": customer,
                "time": moment,
                "event_type": f"users.messages.email.{action}",
                "channel": "email",
                "action": action,
                "url": url,
            }
        ]
    }


def flow_4_phase_1() -> Records:
    parts = [
        inventory("ACME-846-D", "2026-10-01T06:00:00Z", ACME, [("SKU-D", 40, None)]),
        inventory("BOLT-846-D", "2026-10-01T07:00:00Z", BOLT, [("SKU-D", 30, None)]),
        inventory("ACME-846-E", "2026-10-01T08:00:00Z", ACME, [("SKU-E", 12, None)]),
    ]
    for day in range(2, 29, 2):
        moment = f"2026-10-{day:02d}T10:00:00Z"
        parts.append(custom_event(f"v-n1-{day}", "c-n1", "product_viewed", moment, sku="SKU-D"))
    for i in range(1, 6):
        parts.append(
            custom_event(
                f"v-n{i}-29", f"c-n{i}", "product_viewed", f"2026-10-29T0{i}:00:00Z", sku="SKU-D"
            )
        )
    parts += [
        custom_event(
            "ca-n1", "c-n1", "cart_added", "2026-10-29T11:00:00Z", sku="SKU-D", cart_id="K1"
        ),
        custom_event(
            "cb-n2", "c-n2", "cart_abandoned", "2026-10-29T12:00:00Z", sku="SKU-D", cart_id="K2"
        ),
        purchase("p-n3-29", "c-n3", "O-4003", "SKU-D", "2026-10-29T13:00:00Z"),
        _click(
            "e-n6-1", "c-n6", "2026-10-29T14:00:00Z", "https://shop.example/p?utm=mail&sku=SKU-D"
        ),
        _click("e-n6-2", "c-n6", "2026-10-29T14:05:00Z", "https://shop.example/home"),
        _click(
            "e-n6-3", "c-n6", "2026-10-29T14:10:00Z", "https://shop.example/p?sku=SKU-D", "Open"
        ),
        custom_event("v-s1-29", "c-s1", "product_viewed", "2026-10-29T09:00:00Z", sku="SKU-D"),
        custom_event("v-s1-01", "c-s1", "product_viewed", "2026-10-01T09:00:00Z", sku="SKU-E"),
    ]
    for day in range(2, 29, 2):
        moment = f"2026-10-{day:02d}T11:00:00Z"
        parts.append(custom_event(f"v-e1-{day}", "c-e1", "product_viewed", moment, sku="SKU-E"))
    for i in (1, 2):
        moment = f"2026-10-29T1{i}:00:00Z"
        parts.append(custom_event(f"v-e{i}-29", f"c-e{i}", "product_viewed", moment, sku="SKU-E"))
    for i in (3, 4, 5):
        moment = f"2026-10-29T1{i}:00:00Z"
        parts.append(
            custom_event(f"ca-e{i}", f"c-e{i}", "cart_added", moment, sku="SKU-E", cart_id=f"E{i}")
        )
    for i in range(2, 7):
        parts.append(
            custom_event(
                f"v-n{i}-10", f"c-n{i}", "product_viewed", f"2026-10-10T0{i}:00:00Z", sku="SKU-E"
            )
        )
    return _merge(*parts)


def flow_4_phase_2() -> Records:
    parts = [
        purchase(f"p-n{i}-30", f"c-n{i}", f"O-43{i}", "SKU-D", f"2026-10-30T0{i}:00:00Z")
        for i in range(1, 6)
    ]
    parts.append(
        custom_event("late-n1-10", "c-n1", "product_viewed", "2026-10-10T20:00:00Z", sku="SKU-E")
    )
    return _merge(*parts)


def _signal(
    partner: str,
    sku: str,
    day: str,
    counts: tuple[int, int, int, int, int, int],
    baseline: float,
    spike: bool,
    region: str = "NORTH",
) -> tuple[str, dict[str, Any]]:
    views, clicks, cart_adds, abandoned, units, customers_ = counts
    return (
        f"f4:{partner}:{sku}:{region}:{day}",
        {
            "flow": "4",
            "partner_id": partner,
            "sku": sku,
            "region": region,
            "period_start": day,
            "views": views,
            "clicks": clicks,
            "cart_adds": cart_adds,
            "abandoned_carts": abandoned,
            "units_purchased": units,
            "distinct_customers": customers_,
            "baseline": baseline,
            "spike": spike,
        },
    )


DEMAND_1 = dict(
    [
        _signal(ACME, "SKU-D", "2026-10-29", (5, 1, 1, 1, 1, 6), 0.5, True),
        _signal(BOLT, "SKU-D", "2026-10-29", (5, 1, 1, 1, 1, 6), 0.5, True),
        _signal(ACME, "SKU-E", "2026-10-10", (5, 0, 0, 0, 0, 5), 0.0, False),
        _signal(ACME, "SKU-E", "2026-10-29", (2, 0, 3, 0, 0, 5), 0.5, True, "EAST"),
    ]
)
DEMAND_2 = dict(
    [
        _signal(ACME, "SKU-D", "2026-10-30", (0, 0, 0, 0, 5, 5), 0.678571, False),
        _signal(BOLT, "SKU-D", "2026-10-30", (0, 0, 0, 0, 5, 5), 0.678571, False),
    ]
)


# Flow 7: the feedback loop -----------------------------------------------------------------------
#
# O-7001 (c-ada, PO-7001 to ACME) has CASE-71, a partner's SHIPMENT_DELAY. c-ada answers a
#   survey with 2 and her name, email and phone in the comment (7a: a comment on CASE-71, the
#   contact data removed); she also answers 4 on it (no feedback). Partner comments: CM-1
#   before her feedback (not sent), CM-2 after it, longer than 200 characters (partner_update,
#   status IN_PROGRESS); the hub's CM-3 and our own 7a comment CM-4 (origin CUSTOMER_FEEDBACK)
#   never come back. Flow 1 sends OPEN; phase 2 resolves the case: loop_closed, not flow 1's
#   RESOLVED, and CM-5 (status still WAITING_ON_PARTNER) becomes a partner_update.
# O-7002 (c-ben, PO-7002 to BOLT) has no case but a MISSING_ASN (ship date 10-15, no 856):
#   his 1 opens a new PROCESS_FEEDBACK case for BOLT.
# O-7003 (c-cy) has neither: his 2 reaches no partner.

ADA_COMMENT = (
    "Still waiting for my parcel. This is Ada Hale (ADA), reach me at ada.hale.7@example.com "
    "or +1 555 010 2030."
)
ADA_SCRUBBED = (
    "Still waiting for my parcel. This is [removed] [removed] ([removed]), reach me at "
    "[removed] or [removed]."
)
BEN_COMMENT = "Nobody can tell me anything. Call (555) 010-4477 or ben@stone.example.org -Ben"
BEN_SCRUBBED = "Nobody can tell me anything. Call [removed] or [removed] -[removed]"
LONG_BODY = "We found the parcel at the hub and re-sent it with express delivery. " * 4


def comment(
    comment_id: str, author: str, origin: str, moment: str, body: str, ref: str | None = None
) -> Records:
    return {
        "partner_case_comments": [
            {
                "commentId": comment_id,
                "caseId": "CASE-71",
                "author": author,
                "origin": origin,
                "externalRef": ref,
                "body": body,
                "createdAt": moment,
                "updatedAt": moment,
            }
        ]
    }


CASE_71_OPENED = (("OPEN", "2026-10-20T10:00:00Z"), ("IN_PROGRESS", "2026-10-21T12:00:00Z"))


def flow_7_phase_1() -> Records:
    return _merge(
        purchase_order(
            "PO-7001",
            "O-7001",
            "c-ada",
            sent="2026-10-18T08:00:00Z",
            delivery="2026-10-25",
            ship="2026-11-20",
            sku="SKU-D",
        ),
        purchase_order(
            "PO-7002",
            "O-7002",
            "c-ben",
            sent="2026-10-12T08:00:00Z",
            delivery="2026-10-18",
            ship="2026-10-15",
            sku="SKU-D",
            partner=BOLT,
        ),
        purchase_order(
            "PO-7003",
            "O-7003",
            "c-cy",
            sent="2026-10-20T08:00:00Z",
            delivery="2026-11-25",
            ship="2026-11-22",
            sku="SKU-E",
        ),
        case(
            "CASE-71",
            "SHIPMENT_DELAY",
            "PARTNER",
            "2026-10-20T10:00:00Z",
            po="PO-7001",
            order="O-7001",
        ),
        case_events("CASE-71", *CASE_71_OPENED),
        custom_event(
            "s-71",
            "c-ada",
            "survey_response",
            "2026-10-21T09:00:00Z",
            order_id="O-7001",
            score=2,
            comment=ADA_COMMENT,
        ),
        custom_event(
            "s-71-good",
            "c-ada",
            "survey_response",
            "2026-10-21T09:30:00Z",
            order_id="O-7001",
            score=4,
            comment="The app is nice.",
        ),
        custom_event(
            "s-72",
            "c-ben",
            "survey_response",
            "2026-10-25T10:00:00Z",
            order_id="O-7002",
            score=1,
            comment=BEN_COMMENT,
        ),
        custom_event(
            "s-73",
            "c-cy",
            "survey_response",
            "2026-10-26T10:00:00Z",
            order_id="O-7003",
            score=2,
            comment="Checkout was confusing.",
        ),
        comment("CM-1", "PARTNER", "PARTNER", "2026-10-20T12:00:00Z", "Looking into it."),
        comment(
            "CM-4", "HUB", "CUSTOMER_FEEDBACK", "2026-10-21T10:00:00Z", ADA_SCRUBBED, "f7a:s-71"
        ),
        comment("CM-2", "PARTNER", "PARTNER", "2026-10-22T08:00:00Z", LONG_BODY),
        comment("CM-3", "HUB", "HUB", "2026-10-22T09:00:00Z", "Chasing the partner."),
    )


def flow_7_phase_2() -> Records:
    resolved = {
        **case(
            "CASE-71",
            "SHIPMENT_DELAY",
            "PARTNER",
            "2026-10-20T10:00:00Z",
            po="PO-7001",
            order="O-7001",
        )["partner_cases"][0],
        "status": "RESOLVED",
        "resolutionNote": "Re-sent by express; arrives 11-02.",
        "updatedAt": "2026-10-31T18:00:00Z",
    }
    return _merge(
        {"partner_cases": [resolved]},
        case_events(
            "CASE-71",
            *CASE_71_OPENED,
            ("WAITING_ON_PARTNER", "2026-10-31T08:00:00Z"),
            ("RESOLVED", "2026-10-31T18:00:00Z"),
        ),
        comment("CM-5", "PARTNER", "PARTNER", "2026-10-31T09:00:00Z", "Re-sent today."),
    )


UPDATES_1 = {
    "f7a:s-71": {
        "flow": "7a",
        "case_id": "CASE-71",
        "partner_id": ACME,
        "category": "SHIPMENT_DELAY",
        "score": 2,
        "comment": ADA_SCRUBBED,
        "order_id": "O-7001",
        "po_number": "PO-7001",
        "origin": "CUSTOMER_FEEDBACK",
    },
    "f7a:s-72": {
        "flow": "7a",
        "case_id": None,
        "partner_id": BOLT,
        "category": "PROCESS_FEEDBACK",
        "score": 1,
        "comment": BEN_SCRUBBED,
        "order_id": "O-7002",
        "po_number": "PO-7002",
        "origin": "CUSTOMER_FEEDBACK",
    },
}


def _update(comment_id: str, status: str, summary: str, time: str) -> tuple[str, dict[str, Any]]:
    return (
        f"f7b:{comment_id}:c-ada",
        {
            "flow": "7b",
            "external_id": "c-ada",
            "name": "partner_update",
            "time": time,
            "properties": {"case_id": "CASE-71", "status": status, "summary": summary},
        },
    )


PARTNER_UPDATES_1 = dict([_update("CM-2", "IN_PROGRESS", LONG_BODY[:200], "2026-10-22T08:00:00Z")])
PARTNER_UPDATES_2 = dict(
    [_update("CM-5", "WAITING_ON_PARTNER", "Re-sent today.", "2026-10-31T09:00:00Z")]
)
LOOP_CLOSED_2 = {
    "f7b:CASE-71:resolved:c-ada": {
        "flow": "7b",
        "campaign_id": "loop_closed",
        "external_id": "c-ada",
        "trigger_properties": {
            "case_id": "CASE-71",
            "resolution_note": "Re-sent by express; arrives 11-02.",
        },
    }
}
# Flow 1 still announces CASE-71's OPEN (to c-ada) and, in phase 2, WAITING_ON_PARTNER; its
# RESOLVED is 7b's.
CASE_71_FLOW_1 = {"f1:CASE-71:OPEN:c-ada"}
CASE_71_FLOW_1_2 = {"f1:CASE-71:WAITING_ON_PARTNER:c-ada"}


# Our functional acknowledgements -----------------------------------------------------------------
#
# Phase 1: ACME's group 101 (two clean 855s): A. BOLT's group 201: one clean 856, one that could
# not be read (a bad TD503): P, the second set R with its segment and element. ACME's 997 is not
# acknowledged, nor is our own 850 in sent/. An EDIFACT DESADV (no group): the key ends empty.
# Phase 2: ACME's 810 group 103 is new; ACME's 855 delivered again changes nothing.


def mailbox_document(
    sender: str,
    interchange: str,
    group: str | None,
    set_control: str,
    transaction_set: str,
    *,
    dialect: str = "X12",
    folder: str = "inbound",
    error_code: str | None = None,
    received: str = "2026-10-30T10:00:00Z",
) -> dict[str, Any]:
    return {
        "document_id": f"{sender}:{interchange}:{group or ''}:{set_control}",
        "document_type": "document_error" if error_code else "partner_document",
        "dialect": dialect,
        "transaction_set": transaction_set,
        "version": "004010" if dialect == "X12" else "D96A",
        "sender": sender,
        "receiver": US,
        "interchange_control_number": interchange,
        "group_control_number": group,
        "set_control_number": set_control,
        "folder": folder,
        "received_at": received,
        "error_code": error_code,
    }


def acks_phase_1() -> Records:
    return {
        "mailbox_documents": [
            mailbox_document(ACME, "000000101", "101", "0002", "855"),
            mailbox_document(ACME, "000000101", "101", "0001", "855"),
            mailbox_document(BOLT, "000000201", "201", "0001", "856"),
            mailbox_document(BOLT, "000000201", "201", "0002", "856", error_code="INVALID_CODE"),
            mailbox_document(ACME, "000000102", "102", "0001", "997"),
            mailbox_document(US, "000000900", "900", "0001", "850", folder="sent"),
            mailbox_document(EDIFACT, "EU0001", None, "1", "DESADV", dialect="EDIFACT"),
        ],
        "document_errors": [
            {
                "document_id": f"{BOLT}:000000201:201:0002",
                "sender": BOLT,
                "interchange_control_number": "000000201",
                "group_control_number": "201",
                "set_control_number": "0002",
                "code": "INVALID_CODE",
                "message": "TD503 is not a known code",
                "segment": "TD5",
                "position": 7,
                "element": "TD503",
            }
        ],
    }


def acks_phase_2() -> Records:
    return {
        "mailbox_documents": [
            mailbox_document(ACME, "000000103", "103", "0001", "810"),
            mailbox_document(ACME, "000000101", "101", "0001", "855"),
        ]
    }


def _ack(
    partner: str,
    interchange: str,
    group: str | None,
    functional_id: str | None,
    version: str,
    status: str,
    sets: list[dict[str, Any]],
) -> tuple[str, dict[str, Any]]:
    return (
        f"fa:{partner}:{interchange}:{group or ''}",
        {
            "flow": "fa",
            "partner_id": partner,
            "interchange_control_number": interchange,
            "group_control_number": group,
            "functional_id_code": functional_id,
            "functional_id": functional_id,
            "version": version,
            "group_status": status,
            "set_acknowledgements": sets,
        },
    )


def _set(code: str, control: str) -> dict[str, Any]:
    return {"set_code": code, "set_control_number": control, "status": "A"}


ACKS_1 = dict(
    [
        _ack(
            ACME,
            "000000101",
            "101",
            "PR",
            "004010",
            "A",
            [_set("855", "0001"), _set("855", "0002")],
        ),
        _ack(
            BOLT,
            "000000201",
            "201",
            "SH",
            "004010",
            "P",
            [
                _set("856", "0001"),
                {
                    "set_code": "856",
                    "set_control_number": "0002",
                    "status": "R",
                    "set_errors": [],
                    "segment_errors": [
                        {
                            "segment": "TD5",
                            "position": 7,
                            "code": "INVALID_CODE",
                            "element_errors": [
                                {"element_reference": "TD503", "code": "INVALID_CODE"}
                            ],
                        }
                    ],
                },
            ],
        ),
        _ack(EDIFACT, "EU0001", None, None, "D96A", "A", [_set("DESADV", "1")]),
    ]
)
ACKS_2 = dict([_ack(ACME, "000000103", "103", "IN", "004010", "A", [_set("810", "0001")])])


def phase_1() -> Records:
    return _merge(customers(), flow_4_phase_1(), flow_7_phase_1(), acks_phase_1())


def phase_2() -> Records:
    return _merge(flow_4_phase_2(), flow_7_phase_2(), acks_phase_2())


# Building --------------------------------------------------------------------------------------


@dataclass
class LoopBuild:
    build: Build
    partner_marts: dict[str, dict[str, dict[str, Any]]]  # table -> message_key -> row


def read_partner_marts_from(execute, describe) -> dict[str, dict[str, dict[str, Any]]]:
    marts: dict[str, dict[str, dict[str, Any]]] = {}
    for table in PARTNER_MARTS:
        cursor = execute(f"select * from marts_trading_grid.{table} order by message_key")
        names = [column[0] for column in describe(cursor)]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for column in PARTNER_JSON & row.keys():
                if isinstance(row[column], str):
                    row[column] = json.loads(row[column])
            rows[row["message_key"]] = row
        marts[table] = rows
    return marts


def read_partner_marts(warehouse: Path) -> dict[str, dict[str, dict[str, Any]]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return read_partner_marts_from(connection.execute, lambda cursor: cursor.description)


def _build(project: IsolatedProject, as_of: str) -> LoopBuild:
    result = dbt(project, "dbt-duckdb", as_of)
    if result.returncode != 0:
        pytest.fail(
            f"dbt build at {as_of} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
        )
    build = Build(
        project,
        read_marts(project.warehouse),
        result.stdout + result.stderr,
        read_raw(project.warehouse),
    )
    return LoopBuild(build, read_partner_marts(project.warehouse))


_BUILDS: dict[str, tuple[LoopBuild, LoopBuild, LoopBuild]] = {}


def loop_builds(factory: pytest.TempPathFactory) -> tuple[LoopBuild, LoopBuild, LoopBuild]:
    """Phase 1 at AS_OF_1, phase 2 at AS_OF_2, and a rerun with nothing new: built once per
    session, however many test modules ask."""
    if "builds" not in _BUILDS:
        if not MELTANO.exists():
            pytest.fail(
                "Run `make test` (or `make bootstrap`) first: .venv/bin/meltano is missing."
            )
        project = IsolatedProject(factory.mktemp("dbt-loop"))
        raw.load(project.warehouse, phase_1())
        first = _build(project, AS_OF_1)
        raw.load(project.warehouse, phase_2())
        second = _build(project, AS_OF_2)
        rerun = _build(project, AS_OF_RERUN)
        _BUILDS["builds"] = (first, second, rerun)
    return _BUILDS["builds"]


def rows(
    marts: dict[str, dict[str, dict[str, Any]]], table: str, flow: str
) -> dict[str, dict[str, Any]]:
    """The rows of one flow, without the bookkeeping columns message_key and ready_at."""
    return {
        key: {
            column: value
            for column, value in row.items()
            if column not in ("message_key", "ready_at")
        }
        for key, row in marts[table].items()
        if row["flow"] == flow
    }
