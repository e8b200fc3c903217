"""The scripted story told around a handful of orders (issue 5, item 4).

Everything here is small and fixed per seed: which orders are story orders, the partner documents
that answer them, the cases, comments, projects and document decisions, stock movements and demand
spikes. Each fact carries its time, and the phase it belongs to is the window its time falls in
(`timeline.phase_of`), so "phase 2 adds a late 856" is just an 856 dated inside phase 2.

Per phase:
1. the scene: customers, campaigns and Canvases, five weeks of storefront history and orders,
   supplier answers, stock levels (one sku goes on backorder), launch-readiness projects, document
   collection projects with uploads, a rescheduled 855, a backordered 855, a rejected line and its
   ORDER_EXCEPTION case, a short shipment with a full invoice.
2. delays and cases: a late 856 and a SHIPMENT_DELAY case, a carrier delay (214 SD), a missing ASN
   (judged at the clock), a damaged shipment (214 A9), its RMA (180) and DAMAGED_SHIPMENT case, an
   INVOICE_DISCREPANCY case, a later restock date for the backordered sku, a sku out of stock, the
   first launch ready, document approvals and a rejection, low-score surveys.
3. comments and resolutions: partner comments, cases resolved, a credit 810, the backordered sku
   and the second launch restocked, the late order shipped, a claim document resubmitted.
4. closing: cases closed and one re-resolved, deliveries (214 D1), the out-of-stock sku and the
   first launch stocked, a later rejection that sends nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from grid_braze_sandbox.scenario.edi_controls import (
    STORY_DOCUMENT_CONTROL_BASE,
    purchase_order_control,
)
from grid_braze_sandbox.scenario.model import (
    AckLine,
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
from grid_braze_sandbox.scenario.population import (
    ACME,
    GLOBEX,
    INITECH,
    SKU_BACKORDERED,
    SKU_LAUNCH_READY_FIRST,
    SKU_LAUNCH_STRAIGHT,
    SKU_LOW_STOCK,
    SKU_OUT_OF_STOCK,
    SKU_REJECTED_LINE,
    SUPPLIERS,
    external_id,
)
from grid_braze_sandbox.scenario.timeline import HISTORY_START, STORY_PO_SENT, at, day_of

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario

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


class _Controls:
    def __init__(self) -> None:
        self.next = STORY_DOCUMENT_CONTROL_BASE

    def take(self) -> int:
        self.next += 1
        return self.next


def build_story(scenario: Scenario) -> Story:
    seed, config = scenario.config.seed, scenario.config
    rng = random.Random(f"{seed}:story")
    story = Story()
    controls = _Controls()
    cast = scenario.cast

    # Story orders are spread over the order range, so they belong to different customers.
    for number, role in enumerate(STORY_ROLES):
        index = number * config.orders // len(STORY_ROLES)
        story.role_of_order[index] = role

    acme_plain = [s for s in cast.skus_of(ACME.address) if s.sku in ("SKU-00001", "SKU-00004")]
    globex_skus = [s for s in cast.skus_of(GLOBEX.address) if s.suppliers[0] == GLOBEX.address]
    sku_for_role = {
        "backordered": cast.sku(SKU_BACKORDERED),
        "short_invoice": rng.choice(globex_skus),
        "missing_component": rng.choice(globex_skus),
        "rejected_line": cast.sku(SKU_REJECTED_LINE),
    }
    for index, role in story.role_of_order.items():
        sku = sku_for_role.get(role) or rng.choice(acme_plain)
        supplier = INITECH.address if role == "rejected_line" else sku.suppliers[0]
        number = STORY_ROLES.index(role)
        placed = at("11-02", 9) + timedelta(minutes=20 * number)
        story.orders[role] = Order(
            index=index,
            order_id=f"ORD-{index:08d}",
            po_number=f"45{index:08d}",
            customer=external_id(scenario.customer_of_order(index)),
            sku=sku.sku,
            quantity=3 if role == "short_invoice" else 1,
            unit_price=sku.price,
            supplier=supplier,
            placed_at=placed,
            requested_ship=day_of("11-04"),
            requested_delivery=day_of("11-09"),
            story=role,
        )

    _stock(story, scenario, controls)
    _order_documents(story, controls)
    _story_acks(story, controls)
    _cases(story)
    _projects(story, scenario)
    _feedback(story, scenario)
    regions = sorted({scenario.customer(i).region for i in range(min(config.customers, 50))})
    popular = [s.sku for s in cast.regular if s.sku not in (SKU_BACKORDERED, SKU_OUT_OF_STOCK)]
    story.spikes = (
        Spike(rng.choice(popular), rng.choice(regions), day_of("11-02")),
        Spike(rng.choice(popular), rng.choice(regions), day_of("11-05")),
    )
    story.documents.sort(key=lambda d: (d.time, d.interchange_control))
    _number_like_the_emulator(story)
    return story


def _number_like_the_emulator(story: Story) -> None:
    """Give Active Community objects the ids the emulator will give them.

    It numbers each kind from 1 in creation order (`CASE-000001`), and the phase runner creates
    them in time order, so a manifest written without a sandbox names them as a live run does.
    When something else creates objects of the same kind between phases (the pipeline's own
    PROCESS_FEEDBACK cases and comments), the runner maps them to the ids actually given.
    """
    ids: dict[str, str] = {}

    def number(prefix: str, keyed: list[tuple[object, str]]) -> None:
        for position, (_order, logical) in enumerate(sorted(keyed), start=1):
            ids[logical] = f"{prefix}-{position:06d}"

    number("CASE", [((c.created_at, c.case_id), c.case_id) for c in story.cases])
    number("CMT", [((c.time, c.comment_id), c.comment_id) for c in story.comments])
    projects = sorted(story.projects, key=lambda p: (p.created_at, p.project_id))
    number("PRJ", [((p.created_at, p.project_id), p.project_id) for p in projects])
    activities = [a for p in projects for a in p.activities]  # created with their project
    number("ACT", [(position, a) for position, a in enumerate(activities)])
    number(
        "ADOC",
        [((d.uploaded_at, d.document_id), d.document_id) for d in story.project_documents],
    )
    story.cases = [replace(c, case_id=ids[c.case_id]) for c in story.cases]
    story.case_events = [replace(e, case_id=ids[e.case_id]) for e in story.case_events]
    story.comments = [
        replace(c, comment_id=ids[c.comment_id], case_id=ids[c.case_id]) for c in story.comments
    ]
    story.projects = [
        replace(p, project_id=ids[p.project_id], activities=tuple(ids[a] for a in p.activities))
        for p in story.projects
    ]
    story.project_documents = [
        replace(d, project_id=ids[d.project_id], document_id=ids[d.document_id])
        for d in story.project_documents
    ]
    story.completions = [
        replace(c, project_id=ids[c.project_id], activity_id=ids[c.activity_id])
        for c in story.completions
    ]


def _stock(story: Story, scenario: Scenario, controls: _Controls) -> None:
    """846s: every supplier's opening stock, then the story's stock movements."""
    rng = random.Random(f"{scenario.config.seed}:stock")
    for offset, supplier in enumerate(SUPPLIERS):
        lines = []
        for sku in scenario.cast.skus_of(supplier.address):
            if sku.launch:
                continue  # a launch sku is announced by its first stock, not before
            quantity = rng.randint(25, 400)
            if sku.sku == SKU_LOW_STOCK:
                quantity = 7
            lines.append((sku.sku, quantity, None))
        story.documents.append(
            PartnerDocument(
                "846",
                supplier.address,
                HISTORY_START + timedelta(hours=offset),
                controls.take(),
                inventory=tuple(lines),
                dialect=supplier.dialect,
            )
        )
    acme = ACME.address
    moves = (
        (at("11-01", 6), ((SKU_BACKORDERED, 0, day_of("11-13")),)),
        (
            at("11-06", 7),
            ((SKU_BACKORDERED, 0, day_of("11-16")), (SKU_OUT_OF_STOCK, 0, None)),
        ),
        (at("11-09", 8), ((SKU_BACKORDERED, 40, None), (SKU_LAUNCH_STRAIGHT, 30, None))),
        (at("11-12", 8), ((SKU_OUT_OF_STOCK, 60, None), (SKU_LAUNCH_READY_FIRST, 8, None))),
    )
    for moment, lines in moves:
        story.documents.append(
            PartnerDocument("846", acme, moment, controls.take(), inventory=lines)
        )
    story.unavailable = {
        SKU_BACKORDERED: (at("11-01", 6), at("11-09", 8)),
        SKU_OUT_OF_STOCK: (at("11-06", 7), at("11-12", 8)),
        SKU_LAUNCH_STRAIGHT: (LAUNCH_READINESS_START, at("11-09", 8)),
        SKU_LAUNCH_READY_FIRST: (LAUNCH_READINESS_START, at("11-12", 8)),
    }


def _doc(
    story: Story, controls: _Controls, kind: str, order: Order, moment: datetime, **fields: Any
) -> PartnerDocument:
    document = PartnerDocument(
        kind,
        order.supplier,
        moment,
        controls.take(),
        po_number=order.po_number,
        order_id=order.order_id,
        sku=order.sku,
        **fields,
    )
    story.documents.append(document)
    return document


def _answer_time(order: Order) -> datetime:
    """Story 855s come in the afternoon after our batch of story 850s went out."""
    return at("11-02", 15) + timedelta(minutes=5 * STORY_ROLES.index(order.story or ""))


def _story_acks(story: Story, controls: _Controls) -> None:
    """A 997 from each story supplier for the interchange of story 850s we sent it."""
    by_supplier: dict[str, list[Order]] = {}
    for order in sorted(story.orders.values(), key=lambda o: o.index):
        by_supplier.setdefault(order.supplier, []).append(order)
    for supplier, orders in sorted(by_supplier.items()):
        story.documents.append(
            PartnerDocument(
                "997",
                supplier,
                STORY_PO_SENT + timedelta(minutes=5),
                controls.take(),
                extra={
                    "sets": len(orders),
                    "acknowledged_group": purchase_order_control(supplier, None),
                },
            )
        )


def _asn(order: Order) -> str:
    return f"ASN-{order.po_number}"


def _order_documents(story: Story, controls: _Controls) -> None:
    """What the suppliers send about the story orders (their mock-edi answers are held back)."""
    o = story.orders
    requested_ship = o["missing_asn"].requested_ship
    for role in ("missing_asn", "late_asn", "carrier_delay", "damaged", "missing_component"):
        order = o[role]
        ack = AckLine("IA", order.quantity, "068", requested_ship)
        _doc(story, controls, "855", order, _answer_time(order), acks=(ack,))
    for role in ("onboarding", "claim", "warranty", "financial_approval", "short_invoice"):
        order = o[role]
        _doc(
            story,
            controls,
            "855",
            order,
            _answer_time(order),
            acks=(AckLine("IA", order.quantity),),
        )
    # Phase 1: a reschedule past the requested delivery, a backorder, a rejected line.
    order = o["rescheduled"]
    ack = AckLine("DR", order.quantity, "068", day_of("11-10"))
    _doc(story, controls, "855", order, _answer_time(order), acks=(ack,))
    order = o["backordered"]
    ack = AckLine("IB", order.quantity, "068", day_of("11-13"))
    _doc(story, controls, "855", order, _answer_time(order), acks=(ack,))
    order = o["rejected_line"]
    _doc(story, controls, "855", order, _answer_time(order), acks=(AckLine("IR", 0),))

    # Uneventful story orders ship on time and are invoiced.
    for role in (
        "onboarding",
        "claim",
        "warranty",
        "financial_approval",
        "carrier_delay",
        "damaged",
        "missing_component",
    ):
        order = o[role]
        _ship(story, controls, order, at("11-03", 9), day_of("11-07"))
    for role in ("onboarding", "claim", "warranty", "financial_approval"):
        _invoice(story, controls, o[role], at("11-03", 11))
    # Phase 1: short shipment, invoiced in full.
    order = o["short_invoice"]
    _ship(story, controls, order, at("11-03", 12), day_of("11-06"), shipped=order.quantity - 1)
    _invoice(story, controls, order, at("11-03", 13))
    # Phase 2: a late 856, a carrier delay, damage, an RMA.
    _ship(story, controls, o["late_asn"], at("11-05", 15), day_of("11-11"))
    order = o["carrier_delay"]
    _doc(
        story,
        controls,
        "214",
        order,
        at("11-06", 8),
        carrier_status="SD",
        carrier_reason="AO",
        estimated_delivery=day_of("11-10"),
        asn_number=_asn(order),
    )
    order = o["damaged"]
    _doc(
        story,
        controls,
        "214",
        order,
        at("11-06", 10),
        carrier_status="A9",
        carrier_reason="NS",
        asn_number=_asn(order),
    )
    _doc(story, controls, "180", order, at("11-06", 15), rma_number=f"RMA-{order.po_number}")
    # Phase 3: credits, the rescheduled order ships (late), deliveries.
    order = o["damaged"]
    _invoice(story, controls, order, at("11-09", 10), credit=True, quantity=order.quantity)
    order = o["short_invoice"]
    _invoice(story, controls, order, at("11-10", 9), credit=True, quantity=1)
    _ship(story, controls, o["rescheduled"], at("11-10", 8), day_of("11-12"))
    _deliver(story, controls, o["carrier_delay"], at("11-10", 12))
    # Phase 4: the backordered order ships, late orders are delivered.
    _ship(story, controls, o["backordered"], at("11-12", 10), day_of("11-15"))
    _deliver(story, controls, o["late_asn"], at("11-12", 14))
    _deliver(story, controls, o["rescheduled"], at("11-12", 15))


def _ship(
    story: Story,
    controls: _Controls,
    order: Order,
    moment: datetime,
    estimated: date,
    shipped: int | None = None,
) -> None:
    _doc(
        story,
        controls,
        "856",
        order,
        moment,
        asn_number=_asn(order),
        estimated_delivery=estimated,
        shipped_quantity=order.quantity if shipped is None else shipped,
        ordered_quantity=order.quantity,
    )


def _invoice(
    story: Story,
    controls: _Controls,
    order: Order,
    moment: datetime,
    credit: bool = False,
    quantity: int | None = None,
) -> None:
    billed = order.quantity if quantity is None else quantity
    prefix = "CR" if credit else "INV"
    _doc(
        story,
        controls,
        "810",
        order,
        moment,
        invoice_number=f"{prefix}-{order.po_number}",
        invoiced_quantity=billed,
        unit_price=order.unit_price,
        credit=credit,
        total_amount=round(billed * order.unit_price, 2),
        asn_number=_asn(order),
    )


def _deliver(story: Story, controls: _Controls, order: Order, moment: datetime) -> None:
    _doc(
        story,
        controls,
        "214",
        order,
        moment,
        carrier_status="D1",
        carrier_reason="NS",
        asn_number=_asn(order),
    )


def _case(story: Story, case: PartnerCase, statuses: tuple[tuple[str, datetime], ...]) -> None:
    story.cases.append(case)
    story.case_events.append(CaseEvent(case.case_id, "OPEN", case.created_at))
    story.case_events += [CaseEvent(case.case_id, status, moment) for status, moment in statuses]


def _cases(story: Story) -> None:
    o = story.orders
    order = o["rejected_line"]
    _case(
        story,
        PartnerCase(
            "case:order-exception",
            order.supplier,
            "ORDER_EXCEPTION",
            "PARTNER",
            at("11-03", 12),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="Line cancelled; an alternative item was offered.",
        ),
        (
            ("IN_PROGRESS", at("11-06", 9)),
            ("RESOLVED", at("11-07", 16)),
            ("CLOSED", at("11-12", 9)),
        ),
    )
    order = o["late_asn"]
    _case(
        story,
        PartnerCase(
            "case:shipment-delay",
            order.supplier,
            "SHIPMENT_DELAY",
            "PARTNER",
            at("11-05", 16),
            po_number=order.po_number,
            order_id=order.order_id,
            asn_number=_asn(order),
            revised_eta=day_of("11-11"),
            resolution_note="Delivered with the next carrier run.",
        ),
        (
            ("WAITING_ON_PARTNER", at("11-06", 9)),
            ("IN_PROGRESS", at("11-09", 12)),
            ("WAITING_ON_PARTNER", at("11-10", 9)),  # entered again: sends nothing
            ("RESOLVED", at("11-10", 16)),
            ("CLOSED", at("11-12", 16)),
        ),
    )
    order = o["short_invoice"]
    _case(
        story,
        PartnerCase(
            "case:invoice-discrepancy",
            order.supplier,
            "INVOICE_DISCREPANCY",
            "PARTNER",
            at("11-05", 10),
            po_number=order.po_number,
            order_id=order.order_id,
            invoice_number=f"INV-{order.po_number}",
            asn_number=_asn(order),
            resolution_note="A credit note covers the unit not shipped.",
        ),
        (("RESOLVED", at("11-09", 15)), ("CLOSED", at("11-12", 10))),
    )
    order = o["damaged"]
    _case(
        story,
        PartnerCase(
            "case:damaged-shipment",
            order.supplier,
            "DAMAGED_SHIPMENT",
            "PARTNER",
            at("11-06", 11),
            po_number=order.po_number,
            order_id=order.order_id,
            asn_number=_asn(order),
            rma_number=f"RMA-{order.po_number}",
            invoice_number=f"CR-{order.po_number}",
            resolution_note="Return authorised and credited.",
        ),
        (
            ("IN_PROGRESS", at("11-07", 9)),
            ("RESOLVED", at("11-09", 11)),
            ("IN_PROGRESS", at("11-12", 11)),  # reopened, resolved again: sends nothing
            ("RESOLVED", at("11-13", 9)),
        ),
    )
    order = o["missing_component"]
    _case(
        story,
        PartnerCase(
            "case:missing-component",
            order.supplier,
            "MISSING_COMPONENT",
            "PARTNER",
            at("11-06", 14),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="The missing part was sent separately.",
        ),
        (("RESOLVED", at("11-10", 10)),),
    )
    order = o["short_invoice"]
    _case(
        story,
        PartnerCase(
            "case:billing-correction",
            order.supplier,
            "BILLING_CORRECTION",
            "PARTNER",
            at("11-09", 16),
            po_number=order.po_number,
            order_id=order.order_id,
            invoice_number=f"CR-{order.po_number}",
            resolution_note="Credit note issued.",
        ),
        (("RESOLVED", at("11-10", 11)),),
    )
    order = o["rescheduled"]
    # Raised by the hub, not a partner: flow 1 sends nothing for it.
    _case(
        story,
        PartnerCase(
            "case:hub-shipment-delay",
            order.supplier,
            "SHIPMENT_DELAY",
            "HUB",
            at("11-06", 10),
            po_number=order.po_number,
            order_id=order.order_id,
            resolution_note="Supplier confirmed the new date.",
        ),
        (("RESOLVED", at("11-10", 14)),),
    )
    long_update = (
        "Update from the warehouse: the consignment missed the planned linehaul because the "
        "carrier's trailer was reassigned at short notice. We have rebooked it on the next "
        "departure and added a priority flag so that it is first off the trailer at the hub. "
        "Tracking will update once the trailer is scanned."
    )
    story.comments += [
        CaseComment(
            "comment:1",
            "case:order-exception",
            "PARTNER",
            "PARTNER",
            "Line 1 is discontinued.",
            at("11-03", 13),
        ),
        CaseComment(
            "comment:2", "case:shipment-delay", "PARTNER", "PARTNER", long_update, at("11-09", 10)
        ),
        CaseComment(
            "comment:3",
            "case:shipment-delay",
            "HUB",
            "HUB",
            "Noted, watching the rebooking.",
            at("11-09", 11),
        ),
        CaseComment(
            "comment:4",
            "case:shipment-delay",
            "PARTNER",
            "PARTNER",
            "Trailer scanned at the hub this morning.",
            at("11-10", 15),
        ),
        CaseComment(
            "comment:5",
            "case:invoice-discrepancy",
            "PARTNER",
            "PARTNER",
            "We will credit the missing unit.",
            at("11-06", 12),
        ),
        CaseComment(
            "comment:6",
            "case:damaged-shipment",
            "PARTNER",
            "PARTNER",
            "Please return the damaged unit with the RMA label.",
            at("11-08", 9),
        ),
    ]
    story.case_events.sort(key=lambda e: (e.time, e.case_id))


_REQUIRED_DOCUMENTS = {
    "onboarding": ("ONBOARDING", ("W9", "INSURANCE_CERT")),
    "claim": ("CLAIM", ("CLAIM_FORM", "PHOTO_EVIDENCE")),
    "warranty": ("WARRANTY", ("WARRANTY_CLAIM", "PROOF_OF_PURCHASE")),
    "financial_approval": ("FINANCIAL_APPROVAL", ("CREDIT_APPLICATION",)),
}


def _projects(story: Story, scenario: Scenario) -> None:
    o = story.orders
    for number, (role, (process, required)) in enumerate(_REQUIRED_DOCUMENTS.items(), start=1):
        order = o[role]
        story.projects.append(
            Project(
                f"project:{number}",
                f"{process.replace('_', ' ').title()} for order {order.order_id}",
                process,
                order.supplier,
                at("11-03", 14) + timedelta(minutes=number),
                required_document_types=required,
                customer=order.customer,
                order_id=order.order_id,
            )
        )
    docs = story.project_documents
    p = {prj.process: prj.project_id for prj in story.projects}
    uploaded = at("11-04", 9)
    # Onboarding: both approved in phase 2.
    docs.append(
        ProjectDocument("document:1", p["ONBOARDING"], "W9", uploaded, "APPROVED", at("11-06", 10))
    )
    docs.append(
        ProjectDocument(
            "document:2", p["ONBOARDING"], "INSURANCE_CERT", uploaded, "APPROVED", at("11-07", 11)
        )
    )
    # Claim: the photo is rejected in phase 2, resubmitted and approved in phase 3.
    docs.append(
        ProjectDocument(
            "document:3", p["CLAIM"], "CLAIM_FORM", uploaded, "APPROVED", at("11-06", 11)
        )
    )
    docs.append(
        ProjectDocument(
            "document:4", p["CLAIM"], "PHOTO_EVIDENCE", uploaded, "REJECTED", at("11-06", 12)
        )
    )
    docs.append(
        ProjectDocument(
            "document:5", p["CLAIM"], "PHOTO_EVIDENCE", at("11-08", 9), "APPROVED", at("11-09", 14)
        )
    )
    # Warranty: one approved in phase 2, the other only in phase 4.
    docs.append(
        ProjectDocument(
            "document:6", p["WARRANTY"], "WARRANTY_CLAIM", uploaded, "APPROVED", at("11-07", 9)
        )
    )
    docs.append(
        ProjectDocument(
            "document:7",
            p["WARRANTY"],
            "PROOF_OF_PURCHASE",
            at("11-09", 9),
            "APPROVED",
            at("11-12", 12),
        )
    )
    # Financial approval: approved in phase 2; a later upload is rejected in phase 3 (no send).
    docs.append(
        ProjectDocument(
            "document:8",
            p["FINANCIAL_APPROVAL"],
            "CREDIT_APPLICATION",
            uploaded,
            "APPROVED",
            at("11-05", 15),
        )
    )
    docs.append(
        ProjectDocument(
            "document:9",
            p["FINANCIAL_APPROVAL"],
            "CREDIT_APPLICATION",
            at("11-09", 9),
            "REJECTED",
            at("11-10", 10),
        )
    )

    # Launch readiness: one completes in phase 2 before any stock, one gets stock while open.
    acme = ACME.address
    for number, (sku, activities) in enumerate(
        ((SKU_LAUNCH_READY_FIRST, 3), (SKU_LAUNCH_STRAIGHT, 2)), start=len(story.projects) + 1
    ):
        project_id = f"project:{number}"
        story.projects.append(
            Project(
                project_id,
                f"Launch readiness for {sku}",
                "LAUNCH_READINESS",
                acme,
                LAUNCH_READINESS_START,
                sku=sku,
                activities=tuple(f"activity:{number}.{a}" for a in range(1, activities + 1)),
            )
        )
    first, straight = story.projects[-2], story.projects[-1]
    story.completions += [
        ActivityCompletion(first.project_id, first.activities[0], at("11-03", 10)),
        ActivityCompletion(first.project_id, first.activities[1], at("11-06", 15)),
        ActivityCompletion(first.project_id, first.activities[2], at("11-07", 10)),
        ActivityCompletion(straight.project_id, straight.activities[0], at("11-07", 12)),
    ]


def _feedback(story: Story, scenario: Scenario) -> None:
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
