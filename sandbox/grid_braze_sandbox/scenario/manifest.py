"""`DIR/manifest-K.json`: what the pipeline must hold after phase K (DESIGN §5).

Shape:

    {"scenario": {"seed", "customers", "orders", "phase"},
     "as_of": "2026-11-08T00:00:00Z",
     "raw": {"<tap stream>": <record count>, ...},
     "marts": {"<mart stream>": {"<message_key>": {<columns>}, ...}, ...}}

Cumulative: phase K's manifest holds every row the rules produce from everything that happened up
to its `as_of`. The bounded rows (the story's) are sorted by key; rows that grow with the number of
customers (flow 4 is bounded by skus x regions x days; restock notices are not) are streamed to a
spool file while customers are generated, then copied in customer order, so a million orders never
sit in memory. Output is byte-identical for the same seed, size and phase.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from grid_braze_sandbox.scenario.generator import Scenario
from grid_braze_sandbox.scenario.mock_answers import MockDocument, MockNumbering
from grid_braze_sandbox.scenario.model import key_time
from grid_braze_sandbox.scenario.purchase_orders import Batcher
from grid_braze_sandbox.scenario.raw_counts import RawCounter
from grid_braze_sandbox.scenario.rules import (
    acknowledgements,
    approvals,
    availability,
    cases,
    demand,
    feedback,
    fulfilment,
    recovery,
)
from grid_braze_sandbox.scenario.rules.facts import Facts, cut, rename_ids
from grid_braze_sandbox.scenario.rules.feedback import EventIdResolver, placeholder_event_id
from grid_braze_sandbox.scenario.rules.rows import MartRow
from grid_braze_sandbox.scenario.story import story_moments
from grid_braze_sandbox.scenario.timeline import HISTORY_START, LAST_PHASE, PHASE_AS_OF, as_of

# Every mart stream of DESIGN §10, present even when empty: "none" differs from "missing".
MART_STREAMS = (
    "campaign_triggers",
    "canvas_triggers",
    "catalog_items",
    "demand_signals",
    "events",
    "functional_acks",
    "partner_case_updates",
    "user_attributes",
)
# Streams with rows per customer or per order, written through spool files in generation order.
SPOOLED_STREAMS = ("campaign_triggers", "functional_acks")


def manifest_name(phase: int) -> str:
    return f"manifest-{phase}.json"


def story_facts(scenario: Scenario) -> Facts:
    """The whole story as facts; `cut` then keeps what is known at a phase's clock."""
    story = scenario.story
    tiers = {
        order.customer: scenario.customer(scenario.customer_of_order(order.index)).tier
        for order in story.orders.values()
    }
    surveys = [e for events in story.extra_events.values() for e in events]
    surveys.sort(key=lambda e: (e.time, e.customer))
    return Facts(
        as_of=as_of(LAST_PHASE),
        story_orders=sorted(story.orders.values(), key=lambda o: o.index),
        documents=list(story.documents),
        cases=list(story.cases),
        case_events=list(story.case_events),
        comments=sorted(story.comments, key=lambda c: (c.time, c.comment_id)),
        projects=list(story.projects),
        project_documents=list(story.project_documents),
        completions=sorted(story.completions, key=lambda c: (c.time, c.activity_id)),
        surveys=surveys,
        tiers=dict(sorted(tiers.items())),
        survey_comments=dict(story.survey_comments),
    )


def bounded_rows(facts: Facts, resolve_event_id: EventIdResolver) -> list[MartRow]:
    """Every row that does not grow with the number of customers, except flow 4."""
    with_feedback = frozenset(feedback.feedback_by_case(facts))
    changes = availability.availability_changes(facts)
    rows = [
        *cases.case_update_rows(facts, with_feedback),
        *fulfilment.event_rows(facts),
        *fulfilment.attribute_rows(facts),
        *approvals.canvas_trigger_rows(facts),
        *recovery.service_recovery_rows(facts),
        *availability.catalog_rows(changes),
        *availability.delay_notice_rows(facts, changes),
        *feedback.partner_case_update_rows(facts, resolve_event_id),
        *feedback.partner_update_rows(facts),
        *feedback.loop_closed_rows(facts),
        *acknowledgements.story_ack_rows(facts),
    ]
    return rows


def write_manifest(
    scenario: Scenario,
    phase: int,
    path: Path,
    resolve_event_id: EventIdResolver = placeholder_event_id,
    ids: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Write phase `phase`'s manifest to `path`; answers a summary (row counts per stream).

    `ids` maps our logical Active Community ids to the emulator's (see `phases`)."""
    moment = as_of(phase)
    facts = rename_ids(cut(story_facts(scenario), moment), ids or {})
    changes = availability.availability_changes(facts)
    restock = availability.RestockNotices(changes)
    counter = demand.DemandCounter(moment)
    raw = RawCounter(scenario, moment)

    bounded: dict[str, dict[str, MartRow]] = {stream: {} for stream in MART_STREAMS}
    for row in bounded_rows(facts, resolve_event_id):
        if row.message_key in bounded[row.stream]:
            raise AssertionError(f"two rules made the key {row.message_key}")
        bounded[row.stream][row.message_key] = row

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    summary: dict[str, int] = {}
    # Rows that grow with the number of orders or customers go to a spool file per stream.
    with ExitStack() as files:
        spools = {
            stream: files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            for stream in SPOOLED_STREAMS
        }
        streamed = dict.fromkeys(SPOOLED_STREAMS, 0)

        def spool(rows: Iterable[MartRow]) -> None:
            for row in rows:
                spools[row.stream].write(_row_line(row) + "\n")
                streamed[row.stream] += 1

        batcher = Batcher()
        numbering = MockNumbering(_clock_moves(scenario, moment))
        for activity in scenario.iter_activity():
            counter.add(activity.customer, activity.orders, activity.events)
            raw.add(activity)
            visible = [e for e in activity.events if e.time <= moment]
            spool(restock.rows_for(activity.customer.external_id, visible))
            for order in activity.orders:
                for interchange in batcher.add(order):
                    spool(_answered(numbering.feed(interchange), moment))
        for interchange in batcher.finish():
            spool(_answered(numbering.feed(interchange), moment))
        spool(_answered(numbering.finish(), moment))

        for row in demand.demand_rows(facts, counter, HISTORY_START.date()):
            bounded[row.stream][row.message_key] = row
        with partial.open("w", encoding="utf-8") as out:
            out.write("{\n")
            out.write(f'"scenario": {_dump(_scenario_header(scenario, phase))},\n')
            out.write(f'"as_of": {_dump(key_time(moment))},\n')
            out.write(f'"raw": {_dump(raw.finish(facts))},\n')
            out.write('"marts": {\n')
            for number, stream in enumerate(MART_STREAMS):
                rows = [bounded[stream][k] for k in sorted(bounded[stream])]
                extra: Iterator[tuple[str, dict[str, Any]]] = iter(())
                if stream in spools:
                    spools[stream].seek(0)
                    extra = _spooled(spools[stream])
                summary[stream] = _write_stream(out, stream, rows, extra)
                out.write(",\n" if number < len(MART_STREAMS) - 1 else "\n")
            out.write("}\n}\n")
        summary |= {f"{stream}_streamed": count for stream, count in streamed.items()}
    partial.replace(path)
    return summary


def _clock_moves(scenario: Scenario, moment: datetime) -> list[datetime]:
    """Where the phase runner moves the clock up to `moment`, besides the uploads of 850s."""
    ends = [end for end in PHASE_AS_OF if end <= moment]
    return [m for m in story_moments(scenario.story) if m <= moment] + ends


def _answered(documents: Iterable[MockDocument], moment: datetime) -> Iterator[MartRow]:
    return acknowledgements.mock_ack_rows(d for d in documents if d.released_at <= moment)


def _scenario_header(scenario: Scenario, phase: int) -> dict[str, int]:
    config = scenario.config
    return {
        "seed": config.seed,
        "customers": config.customers,
        "orders": config.orders,
        "phase": phase,
    }


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def _row_line(row: MartRow) -> str:
    return json.dumps([row.message_key, row.columns], sort_keys=True, ensure_ascii=False)


def _spooled(spool: IO[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for line in spool:
        message_key, columns = json.loads(line)
        yield message_key, columns


def _write_stream(
    out: IO[str],
    stream: str,
    rows: Iterable[MartRow],
    extra: Iterator[tuple[str, dict[str, Any]]],
) -> int:
    out.write(f"{_dump(stream)}: {{")
    written = 0
    for message_key, columns in _chain(rows, extra):
        out.write(",\n" if written else "\n")
        out.write(f"  {_dump(message_key)}: {_dump(columns)}")
        written += 1
    out.write("\n}" if written else "}")
    return written


def _chain(
    rows: Iterable[MartRow], extra: Iterator[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for row in rows:
        yield row.message_key, row.columns
    yield from extra
