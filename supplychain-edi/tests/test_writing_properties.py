"""Property tests for what target-trading-grid writes: generated 852/SLSRPT and 830/DELFOR
rows must read back with the same items, quantities, locations and dates."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain_edi import parse, write_edifact, write_x12
from tests.corpus import edifact_envelope, x12_envelope

SKUS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=20)
REGIONS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-", min_size=1, max_size=12)
DAYS = st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))


@st.composite
def demand_reports(draw: st.DrawFn) -> dict:
    day = draw(DAYS)
    skus = draw(st.lists(SKUS, min_size=1, max_size=6, unique=True))
    lines = []
    for number, sku in enumerate(skus, 1):
        regions = draw(st.lists(REGIONS, min_size=1, max_size=4, unique=True))
        quantities = draw(
            st.lists(st.integers(0, 10**6), min_size=len(regions), max_size=len(regions))
        )
        lines.append(
            {
                "line_number": str(number),
                "sku": sku,
                "activities": [
                    {
                        "activity": "QS",
                        "quantity": sum(quantities),
                        "unit": "EA",
                        "locations": [
                            {"location_id": r, "quantity": q}
                            for r, q in zip(regions, quantities, strict=True)
                        ],
                    }
                ],
            }
        )
    return {
        "document_type": "product_activity",
        "report_number": f"DS-{day:%Y%m%d}",
        "period_start": day.isoformat(),
        "period_end": day.isoformat(),
        "lines": lines,
    }


def sold_by_location(record: dict) -> dict[tuple[str, str], int]:
    out = {}
    for line in record["lines"]:
        for activity in line["activities"]:
            for location in activity["locations"]:
                out[(line["sku"], location["location_id"])] = location["quantity"]
    return out


@settings(max_examples=60, deadline=2000, derandomize=True)
@given(demand_reports())
def test_demand_reports_read_back_in_both_dialects(report: dict) -> None:
    for text in (write_x12([report], x12_envelope()), write_edifact([report], edifact_envelope())):
        (back,) = parse(text)
        assert back["warnings"] == []
        assert back["period_start"]["date"] == report["period_start"]
        assert sold_by_location(back) == sold_by_location(report)
        assert {ln["sku"]: ln["quantity_sold"] for ln in back["lines"]} == {
            ln["sku"]: ln["activities"][0]["quantity"] for ln in report["lines"]
        }


@settings(max_examples=60, deadline=2000, derandomize=True)
@given(
    skus=st.lists(SKUS, min_size=1, max_size=5, unique=True),
    start=DAYS,
    buckets=st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
)
def test_forecasts_read_back_in_both_dialects(
    skus: list[str], start: datetime.date, buckets: list[int]
) -> None:
    week = datetime.timedelta(days=7)
    schedule = {
        "document_type": "planning_schedule",
        "schedule_reference": "FC-1",
        "issue_date": start.isoformat(),
        "horizon_start": start.isoformat(),
        "horizon_end": (start + week * len(buckets)).isoformat(),
        "lines": [
            {
                "line_number": str(n),
                "sku": sku,
                "unit": "EA",
                "forecasts": [
                    {
                        "quantity": q,
                        "forecast_type": "D",
                        "timing": "W",
                        "start_date": (start + week * i).isoformat(),
                        "end_date": (
                            start + week * i + week - datetime.timedelta(days=1)
                        ).isoformat(),
                    }
                    for i, q in enumerate(buckets)
                ],
            }
            for n, sku in enumerate(skus, 1)
        ],
    }
    expected = {
        (ln["sku"], f["start_date"], f["end_date"], f["quantity"])
        for ln in schedule["lines"]
        for f in ln["forecasts"]
    }
    for text in (
        write_x12([schedule], x12_envelope()),
        write_edifact([schedule], edifact_envelope()),
    ):
        (back,) = parse(text)
        assert back["warnings"] == []
        got = {
            (ln["sku"], f["start_date"]["date"], f["end_date"]["date"], f["quantity"])
            for ln in back["lines"]
            for f in ln["forecasts"]
        }
        assert got == expected


@settings(max_examples=60, deadline=2000, derandomize=True)
@given(
    report=demand_reports(),
    names=st.lists(
        st.text(alphabet="AB +:'?*~", min_size=1, max_size=8), min_size=1, max_size=3, unique=True
    ),
)
def test_edifact_release_character_round_trips_any_location_name(
    report: dict, names: list[str]
) -> None:
    line = report["lines"][0]
    line["activities"][0]["locations"] = [
        {"location_id": name, "quantity": n} for n, name in enumerate(names)
    ]
    line["activities"][0]["quantity"] = sum(range(len(names)))
    (back,) = parse(write_edifact([report], edifact_envelope()))
    assert back["warnings"] == []
    assert sold_by_location(back) == sold_by_location(report)
