"""What the rules may see: the ground truth cut at `as_of`.

The rules implement DESIGN §10 on their own, from the generator's facts. They share no code with
the dbt models; §10 is the only thing both sides read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from grid_braze_sandbox.scenario.model import (
    ActivityCompletion,
    CaseComment,
    CaseEvent,
    Order,
    PartnerCase,
    PartnerDocument,
    Project,
    ProjectDocument,
    StorefrontEvent,
    SurveyComment,
)

# DESIGN §10 dbt var defaults.
ASN_WINDOW_HOURS = 48
LOW_STOCK_THRESHOLD = 10
K_ANONYMITY = 5
SPIKE_Z = 3.0
SPIKE_WINDOW_DAYS = 28
DEMAND_SETTLE_HOURS = 24


@dataclass
class Facts:
    """The bounded part of the ground truth (the story), as known at `as_of`.

    Customers, orders and storefront events are not here: they are streamed through the rules
    that need them (flow 4 and restock notices), one customer at a time.
    """

    as_of: datetime
    story_orders: list[Order]
    documents: list[PartnerDocument]
    cases: list[PartnerCase]
    case_events: list[CaseEvent]
    comments: list[CaseComment]
    projects: list[Project]
    project_documents: list[ProjectDocument]
    completions: list[ActivityCompletion]
    surveys: list[StorefrontEvent]  # story customers' survey answers
    tiers: dict[str, str] = field(default_factory=dict)  # external_id -> tier, story customers
    survey_comments: dict[tuple[str, datetime], SurveyComment] = field(default_factory=dict)

    def order_by_id(self, order_id: str | None) -> Order | None:
        return next((o for o in self.story_orders if o.order_id == order_id), None)

    def order_by_po(self, po_number: str | None) -> Order | None:
        return next((o for o in self.story_orders if o.po_number == po_number), None)

    def documents_for(self, po_number: str, *kinds: str) -> Iterator[PartnerDocument]:
        for document in self.documents:
            if document.po_number == po_number and (not kinds or document.kind in kinds):
                yield document

    def case_customers(self, case: PartnerCase) -> list[str]:
        """The customers whose orders the case references (by order id, or else by PO)."""
        order = self.order_by_id(case.order_id) or self.order_by_po(case.po_number)
        return [] if order is None else [order.customer]


def cut(facts: Facts, as_of: datetime) -> Facts:
    """The same facts, keeping only what happened at or before `as_of`."""

    def known(items: list, attribute: str) -> list:
        return [item for item in items if getattr(item, attribute) <= as_of]

    return Facts(
        as_of=as_of,
        story_orders=known(facts.story_orders, "placed_at"),
        documents=known(facts.documents, "time"),
        cases=known(facts.cases, "created_at"),
        case_events=known(facts.case_events, "time"),
        comments=known(facts.comments, "time"),
        projects=known(facts.projects, "created_at"),
        project_documents=known(facts.project_documents, "uploaded_at"),
        completions=known(facts.completions, "time"),
        surveys=known(facts.surveys, "time"),
        tiers=facts.tiers,
        survey_comments=facts.survey_comments,
    )


def rename_ids(facts: Facts, ids: dict[str, str]) -> Facts:
    """The same facts with our logical ids of Active Community objects replaced by the ids the
    emulator gave them when the scenario created them (identity when there is no sandbox)."""
    if not ids:
        return facts

    def new(logical: str) -> str:
        return ids.get(logical, logical)

    return replace(
        facts,
        cases=[replace(c, case_id=new(c.case_id)) for c in facts.cases],
        case_events=[replace(e, case_id=new(e.case_id)) for e in facts.case_events],
        comments=[
            replace(c, comment_id=new(c.comment_id), case_id=new(c.case_id)) for c in facts.comments
        ],
        projects=[
            replace(
                p,
                project_id=new(p.project_id),
                activities=tuple(new(a) for a in p.activities),
            )
            for p in facts.projects
        ],
        project_documents=[
            replace(d, project_id=new(d.project_id), document_id=new(d.document_id))
            for d in facts.project_documents
        ],
        completions=[
            replace(c, project_id=new(c.project_id), activity_id=new(c.activity_id))
            for c in facts.completions
        ],
    )
