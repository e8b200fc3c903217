"""Survey answers from story customers: low scores that reach partners, and ones that cannot."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from grid_braze_sandbox.scenario.model import (
    StorefrontEvent,
    SurveyComment,
)
from grid_braze_sandbox.scenario.story.base import Story
from grid_braze_sandbox.scenario.timeline import at

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario


def add_feedback(story: Story, scenario: Scenario) -> None:
    """Survey answers from story customers: low scores that reach partners, and one that cannot."""
    o = story.orders
    extra: dict[str, list[StorefrontEvent]] = {}

    def survey(role: str, moment: datetime, score: int, comment: SurveyComment) -> None:
        order = o[role]
        event = StorefrontEvent(
            order.customer,
            "survey_response",
            moment,
            {"order_id": order.order_id, "score": score, "comment": comment.text},
        )
        extra.setdefault(order.customer, []).append(event)
        story.survey_comments[(order.customer, moment)] = comment

    def personal(role: str, lead: str) -> SurveyComment:
        person = scenario.customer(scenario.customer_of_order(o[role].index))
        return SurveyComment(
            (
                ("text", lead + " This is "),
                ("name", person.first_name),
                ("text", " "),
                ("name", person.last_name),
                ("text", ", reach me at "),
                ("email", person.email),
                ("text", " or "),
                ("phone", person.phone),
                ("text", "."),
            )
        )

    # On a case (7a comment) and later answered by the partner (7b).
    survey("late_asn", at("11-06", 12), 2, personal("late_asn", "Still waiting for my parcel."))
    # A fulfilment exception without a case: a new PROCESS_FEEDBACK case for the partner.
    survey(
        "missing_asn", at("11-07", 9), 1, personal("missing_asn", "Nobody can tell me anything.")
    )
    # A low score on an order with neither: nothing reaches a partner.
    survey("onboarding", at("11-07", 10), 2, SurveyComment((("text", "Checkout was confusing."),)))
    # A good score on an order with a case: nothing either.
    survey("short_invoice", at("11-07", 11), 4, SurveyComment((("text", "Sorted quickly."),)))
    story.extra_events = {key: tuple(value) for key, value in sorted(extra.items())}
