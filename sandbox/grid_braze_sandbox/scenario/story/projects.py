"""Active Community projects: document collection for customers, and launch readiness."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from grid_braze_sandbox.scenario.model import (
    ActivityCompletion,
    Project,
    ProjectDocument,
)
from grid_braze_sandbox.scenario.population import (
    ACME,
    SKU_LAUNCH_READY_FIRST,
    SKU_LAUNCH_STRAIGHT,
)
from grid_braze_sandbox.scenario.story.base import (
    LAUNCH_READINESS_START,
    Story,
)
from grid_braze_sandbox.scenario.timeline import at

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario

_REQUIRED_DOCUMENTS = {
    "onboarding": ("ONBOARDING", ("W9", "INSURANCE_CERT")),
    "claim": ("CLAIM", ("CLAIM_FORM", "PHOTO_EVIDENCE")),
    "warranty": ("WARRANTY", ("WARRANTY_CLAIM", "PROOF_OF_PURCHASE")),
    "financial_approval": ("FINANCIAL_APPROVAL", ("CREDIT_APPLICATION",)),
}


def add_projects(story: Story, scenario: Scenario) -> None:
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
