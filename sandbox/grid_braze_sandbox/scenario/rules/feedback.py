"""Flow 7, the feedback loop: 7a `partner_case_updates`, 7b `events` (`partner_update`) and the
`loop_closed` campaign.

7a's key is the Currents event id of the survey answer. Braze assigns it, so the manifest asks a
resolver for it: the live driver reads it back from the Currents files it caused; without a sandbox
a stable placeholder stands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from grid_braze_sandbox.scenario.model import PartnerCase, StorefrontEvent
from grid_braze_sandbox.scenario.rules.cases import FLOW1_CATEGORIES, status_at
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.fulfilment import exceptions
from grid_braze_sandbox.scenario.rules.recovery import FLOW5_CATEGORIES
from grid_braze_sandbox.scenario.rules.rows import MartRow, json_time, key

LOW_SCORE = 2
SUMMARY_LENGTH = 200

EventIdResolver = Callable[[StorefrontEvent], str]


def placeholder_event_id(event: StorefrontEvent) -> str:
    """Stands in for the Currents id when no sandbox ran: stable, and plainly not Braze's."""
    return f"unresolved-{event.customer}-{json_time(event.time)}"


@dataclass(frozen=True)
class Feedback:
    survey: StorefrontEvent
    case: PartnerCase | None  # None: a new PROCESS_FEEDBACK case
    partner_id: str
    order_id: str
    po_number: str


def feedback(facts: Facts) -> list[Feedback]:
    """Low scores on orders with a partner case (flows 1 and 5) or a fulfilment exception."""
    excepted = {e.order.order_id for e in exceptions(facts)}
    found: list[Feedback] = []
    for survey in facts.surveys:
        if survey.name != "survey_response" or int(survey.properties["score"]) > LOW_SCORE:
            continue
        order = facts.order_by_id(survey.properties["order_id"])
        if order is None:
            continue
        cases = [
            c
            for c in facts.cases
            if c.category in FLOW1_CATEGORIES + FLOW5_CATEGORIES
            and (c.order_id == order.order_id or c.po_number == order.po_number)
        ]
        if cases:
            case = min(cases, key=lambda c: (c.created_at, c.case_id))
            found.append(Feedback(survey, case, case.company, order.order_id, order.po_number))
        elif order.order_id in excepted:
            found.append(Feedback(survey, None, order.supplier, order.order_id, order.po_number))
    return found


def feedback_by_case(facts: Facts) -> dict[str, list[Feedback]]:
    by_case: dict[str, list[Feedback]] = {}
    for item in feedback(facts):
        if item.case is not None:
            by_case.setdefault(item.case.case_id, []).append(item)
    return by_case


def partner_case_update_rows(
    facts: Facts, resolve_event_id: EventIdResolver = placeholder_event_id
) -> list[MartRow]:
    rows = []
    for item in feedback(facts):
        comment = item.survey.properties["comment"]
        rows.append(
            MartRow(
                "partner_case_updates",
                key("f7a", resolve_event_id(item.survey)),
                {
                    "flow": "7a",
                    "case_id": item.case.case_id if item.case else None,
                    "partner_id": item.partner_id,
                    "category": item.case.category if item.case else "PROCESS_FEEDBACK",
                    "score": int(item.survey.properties["score"]),
                    "comment": _scrubbed(facts, item.survey, comment),
                    "order_id": item.order_id,
                    "po_number": item.po_number,
                    "origin": "CUSTOMER_FEEDBACK",
                },
            )
        )
    return rows


def _scrubbed(facts: Facts, survey: StorefrontEvent, comment: str) -> str:
    parts = facts.survey_comments.get((survey.customer, survey.time))
    return parts.scrubbed if parts is not None else comment


def partner_update_rows(facts: Facts) -> list[MartRow]:
    """7b: each partner comment after the feedback, to each customer who gave it."""
    rows = []
    for case_id, items in sorted(feedback_by_case(facts).items()):
        first_feedback = min(i.survey.time for i in items)
        customers = sorted({i.survey.customer for i in items})
        for comment in facts.comments:
            if (
                comment.case_id != case_id
                or comment.origin != "PARTNER"
                or comment.author != "PARTNER"
                or comment.time <= first_feedback
            ):
                continue
            for customer in customers:
                rows.append(
                    MartRow(
                        "events",
                        key("f7b", comment.comment_id, customer),
                        {
                            "flow": "7b",
                            "external_id": customer,
                            "name": "partner_update",
                            "time": json_time(comment.time),
                            "properties": {
                                "case_id": case_id,
                                "status": status_at(facts, case_id, comment.time),
                                "summary": comment.body[:SUMMARY_LENGTH],
                            },
                        },
                    )
                )
    return rows


def loop_closed_rows(facts: Facts) -> list[MartRow]:
    rows = []
    for case_id, items in sorted(feedback_by_case(facts).items()):
        case = items[0].case
        assert case is not None
        resolved = _first_resolved_after(facts, case_id, min(i.survey.time for i in items))
        if resolved is None:
            continue
        for customer in sorted({i.survey.customer for i in items}):
            rows.append(
                MartRow(
                    "campaign_triggers",
                    key("f7b", case_id, "resolved", customer),
                    {
                        "flow": "7b",
                        "campaign_id": "loop_closed",
                        "external_id": customer,
                        "trigger_properties": {
                            "case_id": case_id,
                            "resolution_note": case.resolution_note,
                        },
                    },
                )
            )
    return rows


def _first_resolved_after(facts: Facts, case_id: str, moment: datetime) -> datetime | None:
    return min(
        (
            e.time
            for e in facts.case_events
            if e.case_id == case_id and e.status == "RESOLVED" and e.time > moment
        ),
        default=None,
    )
