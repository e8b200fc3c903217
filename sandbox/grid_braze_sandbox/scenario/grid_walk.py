"""The Trading Grid side of a phase, replayed in time order on the shared simulated clock.

Every action (a partner's document, a case and its status changes, comments, projects, uploads,
decisions, activity completions, our batches of 850s) happens after the clock was moved to its
time, so Active Community timestamps and mock-edi's answers carry the times the ground truth says.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grid_braze_sandbox.scenario.drivers.base import GridTarget
from grid_braze_sandbox.scenario.edi_records import partner_document_body
from grid_braze_sandbox.scenario.generator import Scenario
from grid_braze_sandbox.scenario.model import (
    ActivityCompletion,
    CaseComment,
    CaseEvent,
    Order,
    PartnerCase,
    PartnerDocument,
    Project,
    ProjectDocument,
)
from grid_braze_sandbox.scenario.population import SUPPLIERS, SUPPLIERS_BY_ADDRESS
from grid_braze_sandbox.scenario.purchase_orders import (
    Batcher,
    Interchange,
    purchase_order_record,
    write_purchase_orders,
)
from grid_braze_sandbox.scenario.supplier_answers import SUPPLIER_TIMING
from grid_braze_sandbox.scenario.timeline import STORY_PO_SENT


@dataclass(order=True)
class _Action:
    time: datetime
    rank: int
    name: str
    kind: str = field(compare=False)
    item: Any = field(compare=False)


class GridWalk:
    """Replays the grid side of the story and the uneventful orders in time order, moving the
    shared clock to each action first. `ids` collects the ids the emulator gives the objects it
    creates (our logical id -> its id)."""

    def __init__(self, scenario: Scenario, ids: dict[str, str], grid: GridTarget) -> None:
        self.scenario = scenario
        self.story = scenario.story
        self.ids = ids
        self.grid = grid
        self.clock: datetime | None = None

    # Phase 1's set-up -------------------------------------------------------------------------

    def register_suppliers(self) -> None:
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

    # The grid walk ----------------------------------------------------------------------------

    def walk(self, start: datetime | None, end: datetime) -> None:
        def inside(action: _Action) -> bool:
            return (start is None or action.time > start) and action.time <= end

        story = (a for a in self.story_actions() if inside(a))
        # Uneventful orders are all sent in phase 1; later phases need not generate them.
        bulk = (a for a in self.bulk_batches() if inside(a)) if start is None else iter(())
        for action in heapq.merge(story, bulk):
            if self.clock is None or action.time > self.clock:
                self.grid.move_clock(action.time)
                self.clock = action.time
            getattr(self, f"_do_{action.kind}")(action.item)

    def story_actions(self) -> list[_Action]:
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

    def bulk_batches(self) -> Iterator[_Action]:
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

    def _do_document(self, document: PartnerDocument) -> None:
        supplier = SUPPLIERS_BY_ADDRESS[document.sender]
        self.grid.partner_document(partner_document_body(document, supplier, self.scenario))

    def _id(self, logical: str) -> str:
        return self.ids.get(logical, logical)

    def _remember(self, logical: str, answer: dict[str, Any] | None, field_name: str) -> None:
        emulated = (answer or {}).get(field_name)
        self.ids[logical] = str(emulated) if emulated else logical

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
        if project.sku is not None:
            # The supplier takes part in its sku's launch readiness: that is how the hub, and
            # the flows, know which partner a launch-ready sku comes from before any stock.
            self.grid.community(
                "POST",
                "/participants",
                {"projectId": self._id(project.project_id), "partnerAddress": project.company},
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
