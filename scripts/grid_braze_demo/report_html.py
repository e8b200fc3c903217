"""output/report.html: one self-contained page (inline CSS and SVG, no script, no network)."""

from __future__ import annotations

import json
from html import escape

from .flow_check import FlowResult
from .meltano_job import failure_lines
from .messages import Message
from .outcome import PhaseOutcome
from .report_grid import case_updates_section, edi_sent_section
from .warehouse_facts import Rejection

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
tr.matches td.status { background: #e6f4e6; } tr.differs td.status { background: #fbe3e3; }
pre { background: #f6f6f6; padding: 8px; font-size: 12px; white-space: pre-wrap;
      word-break: break-all; }
.small { font-size: 12px; color: #555; }
"""
DIFFERENCES_SHOWN = 20


def render_report(
    scenario: dict,
    outcomes: list[PhaseOutcome],
    timeline_svg: str,
    rejections: list[Rejection],
) -> str:
    last = outcomes[-1] if outcomes else None
    verdict = (
        "No phase ran."
        if last is None
        else "Some flow differs from the manifest."
        if any(o.differs for o in outcomes)
        else "Every flow matches the manifest after every phase, in both directions."
    )
    body = [
        "<h1>Trading Grid ⇄ Braze: the demo</h1>",
        f'<p id="verdict">{escape(verdict)}</p>',
        f'<p class="small">Scenario seed {escape(str(scenario.get("seed")))}, '
        f"{escape(str(scenario.get('customers')))} customers, "
        f"{escape(str(scenario.get('orders')))} orders. Each phase is followed by the Meltano "
        "jobs <code>grid-to-braze</code> and <code>braze-to-grid</code> (each: extract, dbt "
        "build at the phase's as_of, delivery to the Braze or Trading Grid sandbox) and by a "
        "check of what Braze and the Trading Grid received against the scenario's manifest. "
        "Flow FA is our functional acknowledgements of the partners' groups.</p>",
    ]
    if last is not None:
        body += [
            f"<h2>Flows after phase {last.phase} (as_of {escape(last.as_of)})</h2>",
            _flow_table(last.cumulative, "flows"),
        ]
    body += ["<h2>Each run</h2>", _runs_table(outcomes)]
    for outcome in outcomes:
        body += [
            f"<h3>Phase {outcome.label}: the messages this run sent, against the manifest's "
            "new rows</h3>",
            _flow_table(outcome.this_run, f"run-{outcome.label.replace(' ', '-')}"),
        ]
    body += [
        "<h2>EDI sent to each partner, as parsed values</h2>",
        edi_sent_section(outcomes),
        "<h2>Customer feedback sent to partners' cases (flow 7a)</h2>",
        case_updates_section(outcomes),
        "<h2>Timeline: partner event → customer message</h2>",
        timeline_svg,
        "<h2>Differences</h2>",
        _differences(outcomes),
        "<h2>Sample payloads</h2>",
        _samples(last.cumulative if last else []),
        "<h2>Partner rejections (997/CONTRL R or E, 824) in the warehouse's raw tables</h2>",
        _rejections(rejections),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Grid ⇄ Braze demo report</title>"
        f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _flow_table(results: list[FlowResult], table_id: str) -> str:
    rows = [
        f'<table id="{table_id}"><tr><th>Flow</th><th>What</th><th>Expected</th>'
        "<th>Delivered</th><th>Dead letters</th><th>In doubt</th><th>Differences</th>"
        "<th>Status</th></tr>"
    ]
    for r in results:
        css = r.status
        counts = (
            r.expected,
            r.delivered,
            r.dead_letters,
            r.in_doubt,
            len(r.missing) + len(r.unexpected),
        )
        rows.append(
            f'<tr class="flow {css}" data-flow="{r.number}"><td>{r.number}</td>'
            f"<td>{escape(r.title)}</td>"
            + "".join(f'<td class="count">{value}</td>' for value in counts)
            + f'<td class="status">{escape(r.status)}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def _runs_table(outcomes: list[PhaseOutcome]) -> str:
    rows = [
        '<table id="runs"><tr><th>Phase</th><th>as_of</th><th>Job</th><th>Exit</th>'
        "<th>Seconds</th><th>Target per stream (sent / already delivered / dead letters / in "
        "doubt)</th><th>In doubt carried over</th><th>Why the job failed</th></tr>"
    ]
    for o in outcomes:
        for job in o.jobs:
            streams = "<br>".join(
                f"{escape(name)}: {c.get('sent', 0)} / {c.get('already_delivered', 0)} / "
                f"{c.get('dead_letters', 0)} / {c.get('in_doubt', 0)}"
                for name, c in sorted(job.stream_summaries.items())
            )
            why = "\n".join(failure_lines(job)) if job.returncode else ""
            rows.append(
                f"<tr><td>{escape(o.label)}</td><td>{escape(o.as_of)}</td>"
                f'<td>{escape(job.job)}</td><td class="count">{job.returncode}</td>'
                f'<td class="count">{job.seconds:.0f}</td><td>{streams or "-"}</td>'
                f'<td class="count">{job.run_summary.get("in_doubt_from_earlier_runs", 0)}</td>'
                f"<td>{f'<pre>{escape(why)}</pre>' if why else ''}</td></tr>"
            )
    rows.append("</table>")
    return "".join(rows)


def _differences(outcomes: list[PhaseOutcome]) -> str:
    parts = []
    for outcome in outcomes:
        for label, results in (("so far", outcome.cumulative), ("this run", outcome.this_run)):
            for r in results:
                if not r.differs:
                    continue
                parts.append(
                    f"<h3>Phase {outcome.label}, {label}, flow {r.number}: "
                    f"{len(r.missing)} missing, {len(r.unexpected)} unexpected</h3>"
                )
                parts += _message_list("Expected but not received", r.missing)
                parts += _message_list("Received but not expected", r.unexpected)
    return "".join(parts) or "<p>None.</p>"


def _message_list(heading: str, messages: list[Message]) -> list[str]:
    if not messages:
        return []
    shown = "\n".join(_describe(m) for m in messages[:DIFFERENCES_SHOWN])
    more = len(messages) - DIFFERENCES_SHOWN
    tail = f"\n… and {more} more" if more > 0 else ""
    return [f"<p>{escape(heading)}:</p><pre>{escape(shown + tail)}</pre>"]


def _describe(message: Message) -> str:
    key = f"{message.message_key} " if message.message_key else ""
    return f"{key}{message.stream} {json.dumps(message.payload, sort_keys=True)}"


def _samples(results: list[FlowResult]) -> str:
    parts = []
    for r in results:
        for message in r.samples:
            parts.append(
                f"<h3>Flow {r.number}, {escape(message.stream)}</h3>"
                f"<pre>{escape(json.dumps(message.payload, indent=2, sort_keys=True))}</pre>"
            )
    return "".join(parts) or "<p>No message was delivered.</p>"


def _rejections(rejections: list[Rejection]) -> str:
    if not rejections:
        return '<p id="rejections">No partner rejected anything.</p>'
    rows = [
        '<table id="rejections"><tr><th>Kind</th><th>Partner</th><th>Document</th>'
        "<th>Rejects</th><th>Status</th><th>Detail</th><th>File</th></tr>"
    ]
    for r in rejections:
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{escape(value)}</td>"
                for value in (
                    r.kind, r.partner, r.document_id, r.acknowledges, r.status, r.detail,
                    r.source_file,
                )
            )
            + "</tr>"
        )  # fmt: skip
    rows.append("</table>")
    return "".join(rows)
