"""The story's shapes: its roles, the Story that holds every scripted fact, and helpers the
parts of the story share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from grid_braze_sandbox.scenario.edi_controls import STORY_DOCUMENT_CONTROL_BASE
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
from grid_braze_sandbox.scenario.timeline import HISTORY_START, STORY_PO_SENT, at

STORY_ROLES = (
    "rescheduled",
    "backordered",
    "missing_asn",
    "late_asn",
    "carrier_delay",
    "short_invoice",
    "damaged",
    "missing_component",
    "rejected_line",
    "onboarding",
    "claim",
    "warranty",
    "financial_approval",
)

LAUNCH_READINESS_START = HISTORY_START - timedelta(hours=12)


@dataclass(frozen=True)
class Spike:
    sku: str
    region: str
    day: date


@dataclass
class Story:
    role_of_order: dict[int, str] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    extra_events: dict[str, tuple[StorefrontEvent, ...]] = field(default_factory=dict)
    unavailable: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    spikes: tuple[Spike, ...] = ()
    documents: list[PartnerDocument] = field(default_factory=list)
    cases: list[PartnerCase] = field(default_factory=list)
    case_events: list[CaseEvent] = field(default_factory=list)
    comments: list[CaseComment] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    project_documents: list[ProjectDocument] = field(default_factory=list)
    completions: list[ActivityCompletion] = field(default_factory=list)
    # Survey comments in parts (customer, time) -> parts, so flow 7a's scrubbed text is known.
    survey_comments: dict[tuple[str, datetime], SurveyComment] = field(default_factory=dict)

    def notify_window(self, sku: str, moment: datetime) -> bool:
        """True when a view of the sku at `moment` may lead to a notify_me: it is unavailable,
        and the request lands well before the restock, never between a restock document and the
        notices it causes."""
        window = self.unavailable.get(sku)
        return window is not None and window[0] < moment < window[1] - timedelta(hours=2)


def story_moments(story: Story) -> list[datetime]:
    """Every moment the phase runner replays something of the story at (it moves the clock to
    each): documents, Active Community actions and the story's batch of 850s."""
    moments = {d.time for d in story.documents}
    moments |= {c.created_at for c in story.cases}
    moments |= {e.time for e in story.case_events}
    moments |= {c.time for c in story.comments}
    moments |= {p.created_at for p in story.projects}
    moments |= {d.uploaded_at for d in story.project_documents}
    moments |= {d.decided_at for d in story.project_documents if d.decided_at is not None}
    moments |= {c.time for c in story.completions}
    moments.add(STORY_PO_SENT)
    return sorted(moments)


class Controls:
    def __init__(self) -> None:
        self.next = STORY_DOCUMENT_CONTROL_BASE

    def take(self) -> int:
        self.next += 1
        return self.next


def answer_time(order: Order) -> datetime:
    """Story 855s come in the afternoon after our batch of story 850s went out."""
    return at("11-02", 15) + timedelta(minutes=5 * STORY_ROLES.index(order.story or ""))


def asn_number(order: Order) -> str:
    return f"ASN-{order.po_number}"
