"""The scenario's ground truth: plain, immutable facts about what happened and when.

Everything the drivers push into the sandbox and everything the manifest expects is derived from
these objects, never from what the emulators answer. Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

REGIONS = ("NORTHEAST", "SOUTHEAST", "MIDWEST", "SOUTHWEST", "WEST")
TIERS = ("BRONZE", "SILVER", "GOLD")
SUBSCRIPTION_GROUPS = ("order_updates", "product_news")

STOREFRONT_EVENTS = (
    "product_viewed",
    "cart_added",
    "cart_abandoned",
    "notify_me",
    "survey_response",
)

# Our own company's EDI address: the buyer on every 850, the receiver of every partner document.
OUR_QUALIFIER = "ZZ"
OUR_ID = "OURCO"
OUR_ADDRESS = f"{OUR_QUALIFIER}:{OUR_ID}"


def key_time(moment: datetime) -> str:
    """DESIGN §10: timestamps in keys and rows are UTC `YYYY-MM-DDTHH:MM:SSZ`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def key_date(day: date | None) -> str:
    """DESIGN §10: dates are `YYYY-MM-DD`; a null is an empty string in keys."""
    return "" if day is None else day.isoformat()


@dataclass(frozen=True, slots=True)
class Supplier:
    """A trading partner that supplies skus, played by one mock-edi instance."""

    qualifier: str
    edi_id: str
    name: str
    behaviour: str  # mock-edi behaviour: accept, short-ship, reject-line
    dialect: str  # X12 or EDIFACT
    version: str  # 004010, 005010 or D96A

    @property
    def address(self) -> str:
        return f"{self.qualifier}:{self.edi_id}"


@dataclass(frozen=True, slots=True)
class Sku:
    sku: str
    name: str
    price: float
    suppliers: tuple[str, ...]  # EDI addresses, the first one is where our 850s go
    launch: bool = False  # a new sku that starts in PRE_LAUNCH


@dataclass(frozen=True, slots=True)
class Customer:
    index: int
    external_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    tier: str
    region: str
    subscriptions: tuple[tuple[str, str], ...]  # (group id, subscribed | unsubscribed)


@dataclass(frozen=True, slots=True)
class Order:
    """A customer order: a Braze purchase, and our drop-ship 850 to the sku's supplier."""

    index: int
    order_id: str
    po_number: str
    customer: str  # external_id
    sku: str
    quantity: int
    unit_price: float
    supplier: str  # EDI address
    placed_at: datetime
    requested_ship: date  # 850 DTM*010
    requested_delivery: date  # 850 DTM*002
    story: str | None = None  # the story role, None for an uneventful order


@dataclass(frozen=True, slots=True)
class StorefrontEvent:
    """A Braze custom event from the storefront (DESIGN §10 names and properties)."""

    customer: str
    name: str
    time: datetime
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SurveyComment:
    """A survey comment kept in parts, so the scrubbed text follows from the parts, not a regex."""

    parts: tuple[tuple[str, str], ...]  # (kind, text): kind is text, name, email or phone

    @property
    def text(self) -> str:
        return "".join(text for _kind, text in self.parts)

    @property
    def scrubbed(self) -> str:
        return "".join("[removed]" if kind != "text" else text for kind, text in self.parts)


@dataclass(frozen=True, slots=True)
class AckLine:
    """One 855 ACK: the line status, and the schedule date it promises (if any)."""

    status: str  # IA, IB, BP, DR ...
    quantity: int
    date_qualifier: str | None = None  # 068, 067, 017
    schedule_date: date | None = None


@dataclass(frozen=True, slots=True)
class PartnerDocument:
    """A document a partner sends us. `kind` is the X12 set; EDIFACT suppliers send the peer.

    Only the fields the rules read are typed here; `extra` carries what only the writer needs.
    """

    kind: str  # 855, 856, 810, 846, 214, 180, 997
    sender: str  # EDI address
    time: datetime  # the interchange time, which is also the document's own date and time
    interchange_control: int
    po_number: str | None = None
    order_id: str | None = None
    sku: str | None = None
    # 855
    acks: tuple[AckLine, ...] = ()
    # 856
    asn_number: str | None = None
    estimated_delivery: date | None = None
    shipped_quantity: int | None = None
    ordered_quantity: int | None = None
    # 810
    invoice_number: str | None = None
    invoiced_quantity: int | None = None
    unit_price: float | None = None
    credit: bool = False
    total_amount: float | None = None
    # 846: (sku, available quantity, available date) per line
    inventory: tuple[tuple[str, int, date | None], ...] = ()
    # 214
    carrier_status: str | None = None  # AT701
    carrier_reason: str | None = None  # AT702
    # 180
    rma_number: str | None = None
    dialect: str = "X12"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def interchange_id(self) -> str:
        """ISA13 is nine digits; an EDIFACT UNB reference is written as it is."""
        if self.dialect == "EDIFACT":
            return str(self.interchange_control)
        return f"{self.interchange_control:09d}"

    @property
    def group_id(self) -> str:
        """The GS06 group control; EDIFACT interchanges carry no group (UNG)."""
        return "" if self.dialect == "EDIFACT" else str(self.interchange_control)

    @property
    def set_id(self) -> str:
        return "1" if self.dialect == "EDIFACT" else "0001"

    @property
    def document_id(self) -> str:
        """The EDI library's document id: sender address and control numbers."""
        return f"{self.sender}:{self.interchange_id}:{self.group_id}:{self.set_id}"


@dataclass(frozen=True, slots=True)
class CaseEvent:
    case_id: str
    status: str
    time: datetime


@dataclass(frozen=True, slots=True)
class CaseComment:
    comment_id: str
    case_id: str
    author: str  # PARTNER or HUB
    origin: str  # PARTNER, HUB (CUSTOMER_FEEDBACK is only ever written by the pipeline)
    body: str
    time: datetime


@dataclass(frozen=True, slots=True)
class PartnerCase:
    """An Active Community case (an invented object, DESIGN §11)."""

    case_id: str
    company: str  # EDI address of the partner company
    category: str
    raised_by: str  # PARTNER or HUB
    created_at: datetime
    po_number: str | None = None
    order_id: str | None = None
    asn_number: str | None = None
    invoice_number: str | None = None
    rma_number: str | None = None
    revised_eta: date | None = None
    resolution_note: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """An Active Community project: document collection for a customer, or a launch."""

    project_id: str
    name: str
    process: str  # ONBOARDING, CLAIM, WARRANTY, FINANCIAL_APPROVAL, LAUNCH_READINESS
    company: str  # EDI address of the participating partner
    created_at: datetime
    required_document_types: tuple[str, ...] = ()
    customer: str | None = None
    order_id: str | None = None
    sku: str | None = None
    activities: tuple[str, ...] = ()  # activity ids, for launch readiness


@dataclass(frozen=True, slots=True)
class ProjectDocument:
    """A document uploaded to a project, and its decision (if any) at `decided_at`."""

    document_id: str
    project_id: str
    document_type: str
    uploaded_at: datetime
    decision: str | None = None  # APPROVED, REJECTED
    decided_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ActivityCompletion:
    project_id: str
    activity_id: str
    time: datetime
