"""An inline SVG plot of the timeline, drawn here so the report needs no script or network.

One band per flow; each message is a line from the partner event (circle) to the moment its
customer message reached Braze (square).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from .timeline import TimelinePoint

WIDTH, BAND, LEFT, RIGHT, TOP, BOTTOM = 900, 46, 70, 20, 20, 40
COLOURS = {"1": "#1f77b4", "2": "#d62728", "3": "#2ca02c", "5": "#9467bd", "6": "#ff7f0e"}


def timeline_svg(points: list[TimelinePoint], flows: list[str]) -> str:
    height = TOP + BAND * len(flows) + BOTTOM
    parts = [
        f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-label="Partner event to customer message, per flow">'
    ]
    if not points:
        parts.append(f'<text x="{LEFT}" y="{TOP + 20}">No delivered message to plot.</text></svg>')
        return "".join(parts)
    start = min(p.partner_event for p in points) - timedelta(hours=12)
    end = max(p.message_sent for p in points) + timedelta(hours=12)
    span = (end - start).total_seconds()

    def x(moment: datetime) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (moment - start).total_seconds() / span

    bottom = TOP + BAND * len(flows)
    for day in _days(start, end):
        parts.append(
            f'<line x1="{x(day):.1f}" y1="{TOP}" x2="{x(day):.1f}" y2="{bottom}" '
            'stroke="#eee"/>'
            f'<text x="{x(day):.1f}" y="{bottom + 16}" font-size="10" text-anchor="middle">'
            f"{day:%m-%d}</text>"
        )
    for row, flow in enumerate(flows):
        mid = TOP + BAND * row + BAND / 2
        parts.append(
            f'<text x="8" y="{mid + 4:.1f}" font-size="12">Flow {escape(flow)}</text>'
            f'<line x1="{LEFT}" y1="{TOP + BAND * (row + 1)}" x2="{WIDTH - RIGHT}" '
            f'y2="{TOP + BAND * (row + 1)}" stroke="#ccc"/>'
        )
        own = [p for p in points if p.flow == flow]
        for index, point in enumerate(own):
            # Spread the messages of one flow over the band so that they do not hide each other.
            y = TOP + BAND * row + 6 + (BAND - 12) * ((index * 7) % 11) / 10
            colour = COLOURS.get(flow, "#555")
            parts.append(
                f'<g class="message flow-{escape(flow)}"><title>{escape(point.label)}: '
                f"{point.partner_event:%Y-%m-%d %H:%M} → {point.message_sent:%Y-%m-%d %H:%M}"
                f'</title><line x1="{x(point.partner_event):.1f}" y1="{y:.1f}" '
                f'x2="{x(point.message_sent):.1f}" y2="{y:.1f}" stroke="{colour}" '
                f'stroke-opacity="0.5"/><circle cx="{x(point.partner_event):.1f}" '
                f'cy="{y:.1f}" r="3" fill="{colour}"/><rect x="{x(point.message_sent) - 3:.1f}" '
                f'y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/></g>'
            )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{bottom + 32}" font-size="10" text-anchor="end">'
        "● partner event   ■ message reached Braze (simulated clock, UTC days)</text></svg>"
    )
    return "".join(parts)


def _days(start: datetime, end: datetime) -> list[datetime]:
    day = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    step = max(1, (end - start).days // 12)
    days = []
    while day < end:
        days.append(day)
        day += timedelta(days=step)
    return days
