"""Flows 1 (partner_case_update), 5 (service_recovery) and 3 (next_step_<process> Canvases)."""

from __future__ import annotations

from . import story
from .conftest import Build

CAMPAIGN = ("flow", "campaign_id", "external_id", "trigger_properties")
CANVAS = ("flow", "canvas_id", "external_id", "canvas_entry_properties")


def rows(build: Build, table: str, columns: tuple[str, ...], flow: str) -> dict:
    return {
        key: {column: row[column] for column in columns}
        for key, row in build.marts[table].items()
        if row["flow"] == flow
    }


def test_flow_1_first_entries_of_sending_statuses(builds: tuple[Build, Build]) -> None:
    first, second = builds
    assert rows(first, "campaign_triggers", CAMPAIGN, "1") == story.CASE_UPDATES_1
    # CASE-3 carries c-cat's feedback by now: its RESOLVED is flow 7b's.
    assert (
        rows(second, "campaign_triggers", CAMPAIGN, "1")
        == story.CASE_UPDATES_1 | story.CASE_UPDATES_2
    )


def test_flow_5_resolved_incidents_with_offer_rma_and_credit(builds: tuple[Build, Build]) -> None:
    first, second = builds
    assert rows(first, "campaign_triggers", CAMPAIGN, "5") == story.RECOVERY_1
    assert rows(second, "campaign_triggers", CAMPAIGN, "5") == story.RECOVERY_1 | story.RECOVERY_2


def test_flow_3_all_required_documents_approved(builds: tuple[Build, Build]) -> None:
    first, second = builds
    assert rows(first, "canvas_triggers", CANVAS, "3") == story.CANVAS_1
    assert rows(second, "canvas_triggers", CANVAS, "3") == story.CANVAS_1 | story.CANVAS_2
