"""Running phase K: push what happened in its window into the sandbox, then write its manifest.

Grid-side facts are replayed in time order, with the shared simulated clock moved to each one
first, so every Active Community timestamp and every supplier answer carries the time the ground
truth says. Braze is fed after the walk, at the phase's clock: events carry their own times, and
Braze only refuses times in its future.

Objects the emulators number themselves (cases, comments, projects, activities, documents) are
created in a fixed order; the ids they get are kept in the state file beside the phases run, so
later phases and the manifest name them as the emulator does. The Currents id of a survey answer
is read back from the Currents files the same way. Nothing else is read back.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from grid_braze_sandbox.scenario.drivers.base import BrazeTarget, GridTarget
from grid_braze_sandbox.scenario.edi_records import partner_document_body
from grid_braze_sandbox.scenario.generator import Scenario
from grid_braze_sandbox.scenario.manifest import manifest_name, write_manifest
from grid_braze_sandbox.scenario.model import (
    ActivityCompletion,
    CaseComment,
    CaseEvent,
    Order,
    PartnerCase,
    Project,
    ProjectDocument,
    StorefrontEvent,
    key_time,
)
from grid_braze_sandbox.scenario.population import SUPPLIERS, SUPPLIERS_BY_ADDRESS
from grid_braze_sandbox.scenario.purchase_orders import (
    Batcher,
    Interchange,
    purchase_order_record,
    write_purchase_orders,
)
from grid_braze_sandbox.scenario.rules.availability import CATALOG
from grid_braze_sandbox.scenario.story import story_moments
from grid_braze_sandbox.scenario.supplier_answers import SUPPLIER_TIMING
from grid_braze_sandbox.scenario.timeline import (
    LAST_PHASE,
    STORY_PO_SENT,
    as_of,
)

STATE_FILE = "scenario-state.json"
DESIGN_CAMPAIGNS = [
    "partner_case_update",
    "service_recovery",
    "restock_notice",
    "delay_notice",
    "loop_closed",
]
DESIGN_CANVASES = [
    "next_step_onboarding",
    "next_step_claim",
    "next_step_warranty",
    "next_step_financial_approval",
]
TRACK_BATCH = 75  # Braze's limit per array in one /users/track request


class ScenarioError(Exception):
    """A phase cannot run as asked; the message says why and what to do."""


@dataclass
class RunState:
    seed: int
    customers: int
    orders: int
    phases_done: list[int] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # our logical id -> the emulator's

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True, indent=1) + "\n"


def load_state(state_dir: Path, scenario: Scenario) -> RunState:
    config = scenario.config
    path = state_dir / STATE_FILE
    if not path.exists():
        return RunState(config.seed, config.customers, config.orders)
    state = RunState(**json.loads(path.read_text(encoding="utf-8")))
    ran = (state.seed, state.customers, state.orders)
    if ran != (config.seed, config.customers, config.orders):
        raise ScenarioError(
            f"{path} records a scenario with seed {state.seed}, {state.customers} customers and "
            f"{state.orders} orders; this sandbox cannot take another one. Start a fresh sandbox "
            "(a new --state-dir) or run the same seed and sizes."
        )
    return state


def check_phase(state: RunState, phase: int) -> None:
    if not 1 <= phase <= LAST_PHASE:
        raise ScenarioError(f"the scenario has phases 1 to {LAST_PHASE}; {phase} is not one")
    done = state.phases_done
    if phase in done:
        raise ScenarioError(
            f"phase {phase} has already run in this sandbox (phases run: {done}); the clock only "
            "moves forward, so a phase cannot run twice. Start a fresh sandbox to run it again."
        )
    missing = [p for p in range(1, phase) if p not in done]
    if missing:
        raise ScenarioError(
            f"phase {phase} needs phases {missing} first (phases run so far: {done or 'none'}); "
            f"run them in order: {', '.join(f'--phase {p}' for p in missing)}"
        )


def run_phase(
    scenario: Scenario,
    phase: int,
    state_dir: Path,
    braze: BrazeTarget,
    grid: GridTarget,
) -> Path:
    """Drive phase `phase` into the sandbox and write `state_dir/manifest-<phase>.json`."""
    state = load_state(state_dir, scenario)
    check_phase(state, phase)
    start = None if phase == 1 else as_of(phase - 1)
    end = as_of(phase)
    runner = _PhaseRunner(scenario, state, braze, grid)
    if phase == 1:
        first = runner.first_moment()
        clock = grid.now()
        if clock > first:
            raise ScenarioError(
                f"the sandbox clock is at {key_time(clock)}, after the scenario's start "
                f"{key_time(first)}; start the sandbox with --clock-start {key_time(first)} "
                "(or earlier) so that phase 1 can replay its history"
            )
        runner.set_the_scene()
    runner.walk_grid(start, end)
    grid.move_clock(end)
    runner.feed_braze(start, end)
    survey_ids = braze.survey_event_ids()

    def resolve(event: StorefrontEvent) -> str:
        identity = (event.customer, key_time(event.time), str(event.properties["order_id"]))
        return survey_ids.get(identity) or f"unresolved-{event.customer}-{key_time(event.time)}"

    path = state_dir / manifest_name(phase)
    write_manifest(scenario, phase, path, resolve, state.ids)
    state.phases_done.append(phase)
    (state_dir / STATE_FILE).write_text(state.to_json(), encoding="utf-8")
    return path


@dataclass(order=True)
class _Action:
    time: datetime
    rank: int
    name: str
    kind: str = field(compare=False)
    item: Any = field(compare=False)


class _PhaseRunner:
    def __init__(
        self, scenario: Scenario, state: RunState, braze: BrazeTarget, grid: GridTarget
    ) -> None:
        self.scenario = scenario
        self.story = scenario.story
        self.state = state
        self.braze = braze
        self.grid = grid
        self.clock: datetime | None = None

    # Phase 1's set-up -------------------------------------------------------------------------

    def first_moment(self) -> datetime:
        return story_moments(self.story)[0]

    def set_the_scene(self) -> None:
        cast = self.scenario.cast
        partners = []
        for supplier in SUPPLIERS:
            partners.append(
                {
                    "address": supplier.address,
                    "name": supplier.name,
                    "kind": "supplier",
                    "behaviour": supplier.behaviour,
                    "dialect": supplier.dialect,
                    "version": supplier.version,
                    "timing": SUPPLIER_TIMING,
                    # Ample stock at our own price: uneventful orders are confirmed as ordered.
                    "catalog": [
                        {
                            "sku": sku.sku,
                            "description": sku.name,
                            "price": f"{sku.price:.2f}",
                            "in_stock": 1_000_000_000,
                        }
                        for sku in cast.skus_of(supplier.address)
                    ],
                    "documentTypes": ["850", "855", "856", "810", "846", "214", "180", "997"],
                    "company": True,
                }
            )
        self.grid.register_partners(partners)
        self.braze.create_messages(DESIGN_CAMPAIGNS, DESIGN_CANVASES)

    # The grid walk ----------------------------------------------------------------------------

    def walk_grid(self, start: datetime | None, end: datetime) -> None:
        def inside(action: _Action) -> bool:
            return (start is None or action.time > start) and action.time <= end

        story = (a for a in self._story_actions() if inside(a))
        # Uneventful orders are all sent in phase 1; later phases need not generate them.
        bulk = (a for a in self._bulk_batches() if inside(a)) if start is None else iter(())
        for action in heapq.merge(story, bulk):
            if self.clock is None or action.time > self.clock:
                self.grid.move_clock(action.time)
                self.clock = action.time
            getattr(self, f"_do_{action.kind}")(action.item)

    def _story_actions(self) -> list[_Action]:
        story = self.story
        actions: list[_Action] = []
        for document in story.documents:
            actions.append(_Action(document.time, 5, document.document_id, "document", document))
        for case in story.cases:
            actions.append(_Action(case.created_at, 2, case.case_id, "case", case))
        for event in story.case_events:
            if event.status != "OPEN":
                actions.append(_Action(event.time, 3, event.case_id, "status", event))
        for comment in story.comments:
            actions.append(_Action(comment.time, 4, comment.comment_id, "comment", comment))
        for project in story.projects:
            actions.append(_Action(project.created_at, 1, project.project_id, "project", project))
        for document in story.project_documents:
            actions.append(
                _Action(document.uploaded_at, 6, document.document_id, "upload", document)
            )
            if document.decided_at is not None:
                actions.append(
                    _Action(document.decided_at, 7, document.document_id, "decision", document)
                )
        for completion in story.completions:
            actions.append(
                _Action(completion.time, 8, completion.activity_id, "completion", completion)
            )
        story_orders = sorted(story.orders.values(), key=lambda o: o.index)
        actions.append(_Action(STORY_PO_SENT, 0, "story-850s", "story_orders", story_orders))
        actions.sort()
        return actions

    def _bulk_batches(self) -> Iterator[_Action]:
        """Uneventful orders in interchanges of at most 500, streamed in index order."""
        batcher = Batcher()
        for order in self.scenario.iter_orders():
            for interchange in batcher.add(order):
                yield self._send(interchange)
        for interchange in batcher.finish():
            yield self._send(interchange)

    @staticmethod
    def _send(interchange: Interchange) -> _Action:
        name = f"850-{interchange.control}"
        return _Action(interchange.sent_at, 0, name, "orders", interchange)

    def _upload(self, interchange: Interchange) -> None:
        supplier = SUPPLIERS_BY_ADDRESS[interchange.supplier]
        scenario = self.scenario
        records = [
            purchase_order_record(o, scenario.customer(scenario.customer_of_order(o.index)))
            for o in interchange.orders
        ]
        moment = interchange.sent_at
        control = interchange.control
        content = write_purchase_orders(supplier, records, control, moment)
        kind = "ORDERS" if supplier.dialect == "EDIFACT" else "850"
        stamp = moment.strftime("%Y%m%d%H%M%S")
        self.grid.upload_outbound(f"{kind}_{supplier.edi_id}_{stamp}_{control}.edi", content)

    def _do_orders(self, interchange: Interchange) -> None:
        self._upload(interchange)

    def _do_story_orders(self, orders: list[Order]) -> None:
        """Story orders are answered by the story's own documents: their suppliers say nothing
        (mock-edi's `no-ack`) while the story's 850s arrive, then go back to their behaviour."""
        by_supplier: dict[str, list[Order]] = {}
        for order in orders:
            by_supplier.setdefault(order.supplier, []).append(order)
        for address, mine in sorted(by_supplier.items()):
            self.grid.set_behaviour(address, "no-ack")
            self._upload(Interchange(address, None, 0, tuple(mine)))
            self.grid.set_behaviour(address, SUPPLIERS_BY_ADDRESS[address].behaviour)

    def _do_document(self, document) -> None:
        supplier = SUPPLIERS_BY_ADDRESS[document.sender]
        self.grid.partner_document(partner_document_body(document, supplier, self.scenario))

    def _id(self, logical: str) -> str:
        return self.state.ids.get(logical, logical)

    def _remember(self, logical: str, answer: dict[str, Any] | None, field_name: str) -> None:
        emulated = (answer or {}).get(field_name)
        self.state.ids[logical] = str(emulated) if emulated else logical

    def _do_case(self, case: PartnerCase) -> None:
        references = {
            "poNumber": case.po_number,
            "orderId": case.order_id,
            "asnNumber": case.asn_number,
            "invoiceNumber": case.invoice_number,
            "rmaNumber": case.rma_number,
        }
        body = {
            "partnerAddress": case.company,
            "category": case.category,
            "references": {k: v for k, v in references.items() if v is not None},
            "title": f"{case.category.replace('_', ' ').title()} on PO {case.po_number}",
        }
        if case.revised_eta is not None:
            body["revisedEta"] = case.revised_eta.isoformat()
        # A partner raises its cases through the admin API; the hub's own go through /ac/v1.
        path = "/cases" if case.raised_by == "PARTNER" else "/ac/v1/cases"
        self._remember(case.case_id, self.grid.community("POST", path, body), "caseId")

    def _do_status(self, event: CaseEvent) -> None:
        case = next(c for c in self.story.cases if c.case_id == event.case_id)
        body: dict[str, Any] = {"status": event.status, "actor": case.raised_by}
        if event.status == "RESOLVED" and case.resolution_note:
            body["resolutionNote"] = case.resolution_note
        self.grid.community("POST", f"/cases/{self._id(event.case_id)}/status", body)

    def _do_comment(self, comment: CaseComment) -> None:
        case_id = self._id(comment.case_id)
        body = {"body": comment.body, "externalRef": comment.comment_id}
        if comment.author == "PARTNER":
            answer = self.grid.community("POST", f"/cases/{case_id}/comments", body)
        else:
            answer = self.grid.community("POST", f"/ac/v1/cases/{case_id}/comments", body)
        self._remember(comment.comment_id, answer, "commentId")

    def _do_project(self, project: Project) -> None:
        body: dict[str, Any] = {
            "name": project.name,
            "process": project.process,
            "type": "ACTIVITY_MANAGED" if project.activities else "REGULAR",
            "requiredDocumentTypes": list(project.required_document_types),
        }
        if project.customer is not None:
            body["customerRef"] = {"externalId": project.customer, "orderId": project.order_id}
        if project.sku is not None:
            body["sku"] = project.sku
            body["tags"] = ["launch-readiness"]
        self._remember(
            project.project_id, self.grid.community("POST", "/projects", body), "projectId"
        )
        for sequence, activity in enumerate(project.activities, start=1):
            answer = self.grid.community(
                "POST",
                "/activities",
                {
                    "projectId": self._id(project.project_id),
                    "name": f"Launch step {sequence} for {project.sku}",
                    "kind": "TASK",
                    "sequence": sequence,
                },
            )
            self._remember(activity, answer, "activityId")

    def _do_upload(self, document: ProjectDocument) -> None:
        project = next(p for p in self.story.projects if p.project_id == document.project_id)
        answer = self.grid.community(
            "POST",
            "/documents",
            {
                "partnerAddress": project.company,
                "projectId": self._id(project.project_id),
                "documentType": document.document_type,
                "fileName": f"{document.document_type.lower()}-{document.document_id}.pdf",
                "contentType": "application/pdf",
                "content": f"{document.document_type} for {project.name}",
            },
        )
        self._remember(document.document_id, answer, "documentId")

    def _do_decision(self, document: ProjectDocument) -> None:
        verb = "approve" if document.decision == "APPROVED" else "reject"
        self.grid.community(
            "POST",
            f"/documents/{self._id(document.document_id)}/{verb}",
            {"decidedBy": "scenario-reviewer"},
        )

    def _do_completion(self, completion: ActivityCompletion) -> None:
        self.grid.community("POST", f"/activities/{self._id(completion.activity_id)}/complete", {})

    # Braze ------------------------------------------------------------------------------------

    def feed_braze(self, start: datetime | None, end: datetime) -> None:
        """Customers (phase 1), and their storefront events and purchases in the window."""
        attributes: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        purchases: list[dict[str, Any]] = []

        def flush(force: bool = False) -> None:
            nonlocal attributes, events, purchases
            full = max(len(attributes), len(events), len(purchases)) >= TRACK_BATCH
            if (force or full) and (attributes or events or purchases):
                self.braze.track(attributes, events, purchases)
                attributes, events, purchases = [], [], []

        def inside(moment: datetime) -> bool:
            return (start is None or moment > start) and moment <= end

        for activity in self.scenario.iter_activity():
            person = activity.customer
            if start is None:
                attributes.append(
                    {
                        "external_id": person.external_id,
                        "first_name": person.first_name,
                        "last_name": person.last_name,
                        "email": person.email,
                        "phone": person.phone,
                        "tier": person.tier,
                        "region": person.region,
                        "subscription_groups": [
                            {"subscription_group_id": group, "subscription_state": value}
                            for group, value in person.subscriptions
                        ],
                    }
                )
                flush()
            for event in activity.events:
                if inside(event.time):
                    events.append(
                        {
                            "external_id": person.external_id,
                            "name": event.name,
                            "time": key_time(event.time),
                            "properties": event.properties,
                        }
                    )
                    flush()
            for order in activity.orders:
                if inside(order.placed_at):
                    purchases.append(
                        {
                            "external_id": person.external_id,
                            "product_id": order.sku,
                            "currency": "USD",
                            "price": order.unit_price,
                            "quantity": order.quantity,
                            "time": key_time(order.placed_at),
                            "properties": {"order_id": order.order_id},
                        }
                    )
                    flush()
        flush(force=True)


__all__ = ["CATALOG", "RunState", "ScenarioError", "check_phase", "load_state", "run_phase"]
