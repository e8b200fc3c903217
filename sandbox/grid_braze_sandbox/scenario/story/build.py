"""Building the story of one seed from its parts, and numbering its Active Community objects."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from grid_braze_sandbox.scenario.model import Order
from grid_braze_sandbox.scenario.population import (
    ACME,
    GLOBEX,
    INITECH,
    SKU_BACKORDERED,
    SKU_OUT_OF_STOCK,
    SKU_REJECTED_LINE,
    external_id,
)
from grid_braze_sandbox.scenario.story.base import (
    STORY_ROLES,
    Controls,
    Spike,
    Story,
)
from grid_braze_sandbox.scenario.story.cases import add_cases
from grid_braze_sandbox.scenario.story.documents import add_order_documents, add_story_acks
from grid_braze_sandbox.scenario.story.feedback import add_feedback
from grid_braze_sandbox.scenario.story.projects import add_projects
from grid_braze_sandbox.scenario.story.stock import add_stock
from grid_braze_sandbox.scenario.timeline import at, day_of

if TYPE_CHECKING:
    from grid_braze_sandbox.scenario.generator import Scenario


def build_story(scenario: Scenario) -> Story:
    seed, config = scenario.config.seed, scenario.config
    rng = random.Random(f"{seed}:story")
    story = Story()
    controls = Controls()
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

    add_stock(story, scenario, controls)
    add_order_documents(story, controls)
    add_story_acks(story, controls)
    add_cases(story)
    add_projects(story, scenario)
    add_feedback(story, scenario)
    regions = sorted({scenario.customer(i).region for i in range(min(config.customers, 50))})
    popular = [s.sku for s in cast.regular if s.sku not in (SKU_BACKORDERED, SKU_OUT_OF_STOCK)]
    story.spikes = (
        Spike(rng.choice(popular), rng.choice(regions), day_of("11-02")),
        Spike(rng.choice(popular), rng.choice(regions), day_of("11-05")),
    )
    story.documents.sort(key=lambda d: (d.time, d.interchange_control))
    number_like_the_emulator(story)
    return story


def number_like_the_emulator(story: Story) -> None:
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
