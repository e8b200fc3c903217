"""Flow 3: required partner documents approved → `canvas_triggers` (`next_step_<process>`)."""

from __future__ import annotations

from datetime import datetime

from grid_braze_sandbox.scenario.model import Project
from grid_braze_sandbox.scenario.rules.facts import Facts
from grid_braze_sandbox.scenario.rules.rows import MartRow, json_time, key


def completed_at(facts: Facts, project: Project) -> datetime | None:
    """The first decision after which the latest document of every required type is APPROVED.

    Judged at every decision in turn, so a later rejection cannot take back a Canvas entry that
    was already due (it "sends nothing").
    """
    mine = [d for d in facts.project_documents if d.project_id == project.project_id]
    decisions = sorted(
        d.decided_at for d in mine if d.decided_at is not None and d.decided_at <= facts.as_of
    )
    for moment in decisions:
        approved = True
        for document_type in project.required_document_types:
            uploads = [
                d for d in mine if d.document_type == document_type and d.uploaded_at <= moment
            ]
            if not uploads:
                approved = False
                break
            latest = max(uploads, key=lambda d: (d.uploaded_at, d.document_id))
            decided = latest.decided_at is not None and latest.decided_at <= moment
            if not (decided and latest.decision == "APPROVED"):
                approved = False
                break
        if approved:
            return moment
    return None


def canvas_trigger_rows(facts: Facts) -> list[MartRow]:
    rows = []
    for project in facts.projects:
        if project.process == "LAUNCH_READINESS" or project.customer is None:
            continue
        moment = completed_at(facts, project)
        if moment is None:
            continue
        rows.append(
            MartRow(
                "canvas_triggers",
                key("f3", project.project_id, project.customer),
                {
                    "flow": "3",
                    "canvas_id": f"next_step_{project.process.lower()}",
                    "external_id": project.customer,
                    "canvas_entry_properties": {
                        "project_id": project.project_id,
                        "process": project.process,
                        "order_id": project.order_id,
                        "approved_at": json_time(moment),
                    },
                },
            )
        )
    return rows
