"""DESIGN §10's rules on hand-built ground truths, with the expected rows worked out by hand."""

from __future__ import annotations

from datetime import date

from scenariohelpers import SUPPLIER, d, facts, order, t

from grid_braze_sandbox.scenario.model import (
    AckLine,
    ActivityCompletion,
    CaseComment,
    CaseEvent,
    Customer,
    PartnerCase,
    PartnerDocument,
    Project,
    ProjectDocument,
    StorefrontEvent,
    SurveyComment,
)
from grid_braze_sandbox.scenario.rules import (
    approvals,
    availability,
    cases,
    demand,
    feedback,
    fulfilment,
    recovery,
)

ASN_856 = "ZZ:ACMESUPPLY:000000011:11:0001"


def doc(kind: str, control: int, moment, **fields) -> PartnerDocument:
    return PartnerDocument(kind, SUPPLIER, moment, control, **fields)


def rows_by_key(rows) -> dict:
    return {row.message_key: row.columns for row in rows}


# Flow 2 ------------------------------------------------------------------------------------------


def test_one_late_po_gives_one_event_and_two_attribute_rows() -> None:
    late = order()  # requested delivery 11-09
    documents = [
        doc("855", 10, t("11-02", 15), po_number="PO-1", sku="SKU-1", acks=(AckLine("IA", 1),)),
        # The 856 promises delivery on 11-12, after the 850's DTM*002 (11-09): LATE_SHIPMENT.
        doc("856", 11, t("11-03", 9), po_number="PO-1", sku="SKU-1", estimated_delivery=d("11-12")),
        # Delivered (214 D1) on 11-12: the exception closes.
        doc("214", 12, t("11-12", 14), po_number="PO-1", carrier_status="D1", carrier_reason="NS"),
    ]
    known = facts(t("11-14"), story_orders=[late], documents=documents)
    assert rows_by_key(fulfilment.event_rows(known)) == {
        f"f2:ORD-1:LATE_SHIPMENT:{ASN_856}:C1": {
            "flow": "2",
            "external_id": "C1",
            "name": "fulfillment_exception",
            "time": "2026-11-03T09:00:00Z",
            "properties": {
                "order_id": "ORD-1",
                "po_number": "PO-1",
                "reason": "LATE_SHIPMENT",
                "revised_delivery_date": "2026-11-12",
                "source_document": ASN_856,
            },
        }
    }
    assert list(rows_by_key(fulfilment.attribute_rows(known))) == [
        "f2a:C1:true:ORD-1:2026-11-12",
        "f2a:C1:false::",
    ]
    # Before the delivery only the first attribute row exists.
    before = facts(t("11-10"), story_orders=[late], documents=documents[:2])
    assert list(rows_by_key(fulfilment.attribute_rows(before))) == ["f2a:C1:true:ORD-1:2026-11-12"]


def test_missing_asn_is_judged_at_as_of() -> None:
    promised = order()
    ack = doc(
        "855", 10, t("11-02", 15), po_number="PO-1", acks=(AckLine("IA", 1, "068", d("11-05")),)
    )
    # Promised ship date 11-05 (855 ACK05 with 068) + 48 h = 11-07T00:00.
    assert (
        fulfilment.event_rows(facts(t("11-06", 23), story_orders=[promised], documents=[ack])) == []
    )
    rows = rows_by_key(
        fulfilment.event_rows(facts(t("11-07"), story_orders=[promised], documents=[ack]))
    )
    assert list(rows) == ["f2:ORD-1:MISSING_ASN:missing-asn:C1"]
    event = rows["f2:ORD-1:MISSING_ASN:missing-asn:C1"]
    assert event["time"] == "2026-11-07T00:00:00Z"
    assert event["properties"]["revised_delivery_date"] is None
    # An 856 before the deadline means no exception; without an 855 the 850's DTM*010 counts.
    shipped = doc("856", 11, t("11-06", 9), po_number="PO-1", estimated_delivery=d("11-08"))
    assert (
        fulfilment.event_rows(facts(t("11-14"), story_orders=[promised], documents=[ack, shipped]))
        == []
    )
    no_ack = rows_by_key(fulfilment.event_rows(facts(t("11-06"), story_orders=[promised])))
    assert no_ack["f2:ORD-1:MISSING_ASN:missing-asn:C1"]["time"] == "2026-11-06T00:00:00Z"


def test_reschedule_backorder_and_carrier_delay() -> None:
    placed = order()
    documents = [
        doc(
            "855", 10, t("11-02", 15), po_number="PO-1", acks=(AckLine("DR", 1, "067", d("11-08")),)
        ),
        doc(
            "855", 13, t("11-02", 16), po_number="PO-1", acks=(AckLine("BP", 1, "068", d("11-05")),)
        ),
        doc(
            "214",
            14,
            t("11-03", 8),
            po_number="PO-1",
            carrier_status="X6",
            carrier_reason="AO",
            estimated_delivery=d("11-10"),
        ),
        doc("214", 15, t("11-03", 9), po_number="PO-1", carrier_status="X6", carrier_reason="NS"),
    ]
    rows = rows_by_key(
        fulfilment.event_rows(facts(t("11-04"), story_orders=[placed], documents=documents))
    )
    # DR reschedules even to a date before DTM*002; BP is a backorder; AT702 AO is a delay,
    # an X6 with NS is not.
    assert sorted(row["properties"]["reason"] for row in rows.values()) == [
        "BACKORDERED",
        "CARRIER_DELAY",
        "RESCHEDULED",
    ]


# Flow 1 and 7 ------------------------------------------------------------------------------------


def _case(case_id: str = "CASE-1", category: str = "SHIPMENT_DELAY", raised_by: str = "PARTNER"):
    return PartnerCase(
        case_id,
        SUPPLIER,
        category,
        raised_by,
        t("11-05", 16),
        po_number="PO-1",
        order_id="ORD-1",
        revised_eta=d("11-11"),
        resolution_note="Sorted.",
    )


def _statuses(case_id: str = "CASE-1") -> list[CaseEvent]:
    return [
        CaseEvent(case_id, "OPEN", t("11-05", 16)),
        CaseEvent(case_id, "WAITING_ON_PARTNER", t("11-06", 9)),
        CaseEvent(case_id, "IN_PROGRESS", t("11-07", 9)),
        CaseEvent(case_id, "WAITING_ON_PARTNER", t("11-08", 9)),  # entered again
        CaseEvent(case_id, "RESOLVED", t("11-09", 9)),
        CaseEvent(case_id, "CLOSED", t("11-10", 9)),
    ]


def test_case_sends_on_first_open_waiting_and_resolved_only() -> None:
    known = facts(t("11-14"), story_orders=[order()], cases=[_case()], case_events=_statuses())
    rows = rows_by_key(cases.case_update_rows(known, frozenset()))
    assert list(rows) == [
        "f1:CASE-1:OPEN:C1",
        "f1:CASE-1:WAITING_ON_PARTNER:C1",
        "f1:CASE-1:RESOLVED:C1",
    ]
    assert rows["f1:CASE-1:OPEN:C1"] == {
        "flow": "1",
        "campaign_id": "partner_case_update",
        "external_id": "C1",
        "trigger_properties": {
            "case_id": "CASE-1",
            "case_type": "SHIPMENT_DELAY",
            "case_status": "OPEN",
            "po_number": "PO-1",
            "order_id": "ORD-1",
            "revised_eta": "2026-11-11",
        },
    }
    hub = facts(
        t("11-14"), story_orders=[order()], cases=[_case(raised_by="HUB")], case_events=_statuses()
    )
    assert cases.case_update_rows(hub, frozenset()) == []
    incident = facts(
        t("11-14"),
        story_orders=[order()],
        cases=[_case(category="DAMAGED_SHIPMENT")],
        case_events=_statuses(),
    )
    assert cases.case_update_rows(incident, frozenset()) == []


def test_feedback_on_a_case_comes_back_as_partner_updates_and_loop_closed() -> None:
    survey = StorefrontEvent(
        "C1",
        "survey_response",
        t("11-06", 12),
        {"order_id": "ORD-1", "score": 2, "comment": "Late. This is Ada Hale, ada@example.com"},
    )
    parts = SurveyComment(
        (
            ("text", "Late. This is "),
            ("name", "Ada"),
            ("text", " "),
            ("name", "Hale"),
            ("text", ", "),
            ("email", "ada@example.com"),
        )
    )
    comments = [
        CaseComment(
            "CMT-1", "CASE-1", "PARTNER", "PARTNER", "Before the feedback.", t("11-06", 10)
        ),
        CaseComment("CMT-2", "CASE-1", "PARTNER", "PARTNER", "x" * 250, t("11-07", 10)),
        CaseComment("CMT-3", "CASE-1", "HUB", "HUB", "Ours.", t("11-07", 11)),
    ]
    known = facts(
        t("11-14"),
        story_orders=[order()],
        cases=[_case()],
        case_events=_statuses(),
        comments=comments,
        surveys=[survey],
        survey_comments={("C1", t("11-06", 12)): parts},
    )
    updates = rows_by_key(feedback.partner_case_update_rows(known, lambda e: "EVT-1"))
    assert updates == {
        "f7a:EVT-1": {
            "flow": "7a",
            "case_id": "CASE-1",
            "partner_id": SUPPLIER,
            "category": "SHIPMENT_DELAY",
            "score": 2,
            "comment": "Late. This is [removed] [removed], [removed]",
            "order_id": "ORD-1",
            "po_number": "PO-1",
            "origin": "CUSTOMER_FEEDBACK",
        }
    }
    partner_updates = rows_by_key(feedback.partner_update_rows(known))
    assert list(partner_updates) == ["f7b:CMT-2:C1"]
    assert partner_updates["f7b:CMT-2:C1"]["properties"] == {
        "case_id": "CASE-1",
        "status": "IN_PROGRESS",  # since 11-07T09:00, an hour before the comment
        "summary": "x" * 200,
    }
    assert rows_by_key(feedback.loop_closed_rows(known)) == {
        "f7b:CASE-1:resolved:C1": {
            "flow": "7b",
            "campaign_id": "loop_closed",
            "external_id": "C1",
            "trigger_properties": {"case_id": "CASE-1", "resolution_note": "Sorted."},
        }
    }
    # With feedback, flow 1's RESOLVED row gives way to loop_closed.
    with_feedback = frozenset(feedback.feedback_by_case(known))
    assert "f1:CASE-1:RESOLVED:C1" not in rows_by_key(cases.case_update_rows(known, with_feedback))


def test_feedback_without_a_case_opens_process_feedback_and_good_scores_send_nothing() -> None:
    late = order()
    low = StorefrontEvent(
        "C1",
        "survey_response",
        t("11-08"),
        {"order_id": "ORD-1", "score": 1, "comment": "Where is it?"},
    )
    good = StorefrontEvent(
        "C1",
        "survey_response",
        t("11-08", 1),
        {"order_id": "ORD-1", "score": 3, "comment": "Fine."},
    )
    # No 856 by 11-06T00:00: MISSING_ASN, so the order has a fulfilment exception.
    known = facts(t("11-09"), story_orders=[late], surveys=[low, good])
    rows = list(
        feedback.partner_case_update_rows(known, lambda e: e.properties["comment"]).__iter__()
    )
    assert [(r.message_key, r.columns["case_id"], r.columns["category"]) for r in rows] == [
        ("f7a:Where is it?", None, "PROCESS_FEEDBACK")
    ]
    nothing_wrong = facts(t("11-05"), story_orders=[late], surveys=[low])
    assert feedback.partner_case_update_rows(nothing_wrong) == []


# Flow 3 ------------------------------------------------------------------------------------------


def test_documents_approved_trigger_once_and_a_later_rejection_sends_nothing() -> None:
    project = Project(
        "PRJ-1", "Claim", "CLAIM", SUPPLIER, t("11-03"), ("FORM", "PHOTO"), "C1", "ORD-1"
    )
    documents = [
        ProjectDocument("D1", "PRJ-1", "FORM", t("11-04"), "APPROVED", t("11-05", 10)),
        ProjectDocument("D2", "PRJ-1", "PHOTO", t("11-04"), "REJECTED", t("11-05", 11)),
        ProjectDocument("D3", "PRJ-1", "PHOTO", t("11-06"), "APPROVED", t("11-07", 12)),
        ProjectDocument("D4", "PRJ-1", "FORM", t("11-08"), "REJECTED", t("11-09", 9)),
    ]
    assert (
        approvals.canvas_trigger_rows(
            facts(t("11-07"), projects=[project], project_documents=documents)
        )
        == []
    )
    rows = rows_by_key(
        approvals.canvas_trigger_rows(
            facts(t("11-14"), projects=[project], project_documents=documents)
        )
    )
    assert rows == {
        "f3:PRJ-1:C1": {
            "flow": "3",
            "canvas_id": "next_step_claim",
            "external_id": "C1",
            "canvas_entry_properties": {
                "project_id": "PRJ-1",
                "process": "CLAIM",
                "order_id": "ORD-1",
                "approved_at": "2026-11-07T12:00:00Z",
            },
        }
    }


# Flow 5 ------------------------------------------------------------------------------------------


def test_service_recovery_offer_rma_and_credit() -> None:
    case = _case(category="DAMAGED_SHIPMENT")
    documents = [
        doc("180", 20, t("11-06"), po_number="PO-1", rma_number="RMA-9"),
        doc("810", 21, t("11-07"), po_number="PO-1", credit=True, total_amount=10.0),
    ]
    statuses = [
        CaseEvent("CASE-1", "OPEN", t("11-05", 16)),
        CaseEvent("CASE-1", "RESOLVED", t("11-08")),
        CaseEvent("CASE-1", "IN_PROGRESS", t("11-09")),
        CaseEvent("CASE-1", "RESOLVED", t("11-10")),  # resolved again: no second row
    ]
    known = facts(
        t("11-14"),
        story_orders=[order()],
        cases=[case],
        case_events=statuses,
        documents=documents,
        tiers={"C1": "GOLD"},
    )
    assert rows_by_key(recovery.service_recovery_rows(known)) == {
        "f5:CASE-1:C1": {
            "flow": "5",
            "campaign_id": "service_recovery",
            "external_id": "C1",
            "trigger_properties": {
                "case_id": "CASE-1",
                "incident_type": "DAMAGED_SHIPMENT",
                "offer": "RETENTION",
                "rma_number": "RMA-9",
                "credit_amount": 10.0,
            },
        }
    }


# Flow 6 ------------------------------------------------------------------------------------------


def test_backorder_delay_and_restock_notices() -> None:
    first = doc("846", 30, t("10-01"), inventory=(("SKU-1", 50, None),))
    backorder = doc("846", 31, t("11-01"), inventory=(("SKU-1", 0, d("11-10")),))
    later = doc("846", 32, t("11-04"), inventory=(("SKU-1", 0, d("11-12")),))
    restock = doc("846", 33, t("11-08"), inventory=(("SKU-1", 5, None),))
    open_order = order(placed=t("11-02", 9), sku="SKU-1")
    known = facts(
        t("11-14"), story_orders=[open_order], documents=[first, backorder, later, restock]
    )
    changes = availability.availability_changes(known)
    assert list(rows_by_key(availability.catalog_rows(changes))) == [
        "f6c:SKU-1:IN_STOCK:50:",
        "f6c:SKU-1:BACKORDERED:0:2026-11-10",
        "f6c:SKU-1:BACKORDERED:0:2026-11-12",
        "f6c:SKU-1:LOW_STOCK:5:",
    ]
    assert rows_by_key(availability.delay_notice_rows(known, changes)) == {
        "f6d:SKU-1:C1:2026-11-12": {
            "flow": "6",
            "campaign_id": "delay_notice",
            "external_id": "C1",
            "trigger_properties": {
                "sku": "SKU-1",
                "order_id": "ORD-1",
                "restock_date": "2026-11-12",
            },
        }
    }
    notices = availability.RestockNotices(changes)
    asked = [StorefrontEvent("C2", "notify_me", t("11-03"), {"sku": "SKU-1"})]
    assert list(rows_by_key(notices.rows_for("C2", asked))) == [
        f"f6r:SKU-1:C2:{restock.document_id}"
    ]
    # A notify_me before the backorder's end but after nothing else still counts once; none, none.
    assert notices.rows_for("C3", []) == []


def test_launch_readiness_then_stock() -> None:
    project = Project(
        "PRJ-9",
        "Launch",
        "LAUNCH_READINESS",
        SUPPLIER,
        t("09-30"),
        sku="SKU-L",
        activities=("A1", "A2"),
    )
    completions = [
        ActivityCompletion("PRJ-9", "A1", t("11-01")),
        ActivityCompletion("PRJ-9", "A2", t("11-02")),
    ]
    stock = doc("846", 40, t("11-05"), inventory=(("SKU-L", 30, None),))
    known = facts(t("11-14"), projects=[project], completions=completions, documents=[stock])
    changes = availability.availability_changes(known)
    assert [(c.after.status, c.before.status if c.before else None) for c in changes] == [
        ("PRE_LAUNCH", None),
        ("LAUNCH_READY", "PRE_LAUNCH"),
        ("IN_STOCK", "LAUNCH_READY"),
    ]
    # From LAUNCH_READY (not PRE_LAUNCH) the rule sends no restock notice.
    assert availability.restocks(changes) == []


# Flow 4 ------------------------------------------------------------------------------------------


def _customer(number: int, region: str = "WEST") -> Customer:
    return Customer(number, f"C{number}", "A", "B", "a@b", "+1", "GOLD", region, ())


def _views(customer: str, day: date, count: int) -> list[StorefrontEvent]:
    return [
        StorefrontEvent(
            customer, "product_viewed", t(f"{day.month}-{day.day}", 8 + n), {"sku": "SKU-1"}
        )
        for n in range(count)
    ]


def test_demand_k_anonymity_and_spike() -> None:
    as_of = t("11-05")  # days up to 11-03 are settled
    counter = demand.DemandCounter(as_of)
    start = date(2026, 10, 1)
    # Five customers view SKU-1 once a day for 28 days; on 10-29 each views it 10 times.
    for number in range(5):
        events = []
        for offset in range(28):
            events += _views(
                f"C{number}", date.fromordinal(start.toordinal() + offset), 1 + offset % 2
            )
        events += _views(f"C{number}", date(2026, 10, 29), 10)
        counter.add(_customer(number), [], events)
    # Four customers of another region: never emitted.
    for number in range(5, 9):
        counter.add(_customer(number, "EAST"), [], _views(f"C{number}", date(2026, 10, 29), 3))
    partner_map = doc("846", 50, t("09-30"), inventory=(("SKU-1", 10, None),))
    rows = rows_by_key(demand.demand_rows(facts(as_of, documents=[partner_map]), counter, start))
    assert all(":EAST:" not in key for key in rows)
    spike = rows[f"f4:{SUPPLIER}:SKU-1:WEST:2026-10-29"]
    # Views per day alternate 5 and 10 (mean 7.5, stddev 2.5); 50 views: z = 17 ≥ 3.
    assert spike["views"] == 50
    assert spike["baseline"] == 7.5
    assert spike["spike"] is True
    assert spike["distinct_customers"] == 5
    # Day 10-28 has only 27 days of history: no spike whatever the numbers.
    assert rows[f"f4:{SUPPLIER}:SKU-1:WEST:2026-10-28"]["spike"] is False
    assert demand.settled_until(as_of) == date(2026, 11, 3)
