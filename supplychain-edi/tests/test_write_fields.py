"""The time element of a DTM: only a time, never a date in the time position."""

from __future__ import annotations

import pytest

from supplychain_edi.writers.edifact_messages.advice import directory_release
from supplychain_edi.writers.edifact_messages.common import bgm, dtm
from supplychain_edi.writers.fields import hhmm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-09", ""),  # a plain date has no time
        ("20261109", ""),
        ("2026-11-09T10:15:00Z", "101500"),
        ("2026-11-09T10:15:30+01:00", "101530"),
        ("2026-11-09T07:05:00.250-05:00", "070500"),
        ("10:15", "1015"),
        ({"date": "2026-11-09", "time": "09:30"}, "0930"),
        ({"date": "2026-11-09"}, ""),
        (None, ""),
    ],
)
def test_the_time_element_holds_only_a_time(value: object, expected: str) -> None:
    assert hhmm(value) == expected


def test_an_edifact_date_without_time_uses_format_102() -> None:
    assert dtm("137", "2026-11-01") == ["DTM", ["137", "20261101", "102"]]
    assert dtm("137", "2026-11-01T08:30:00Z") == ["DTM", ["137", "202611010830", "203"]]


def test_an_x12_purpose_becomes_the_edifact_message_function() -> None:
    assert bgm("241", "DF1", {"code": "00", "meaning": "original"}) == [
        "BGM",
        "241",
        "DF1",
        "9",
        "",
    ]
    assert bgm("241", "DF1", "05") == ["BGM", "241", "DF1", "5", ""]
    assert bgm("241", "DF1", "9") == ["BGM", "241", "DF1", "9", ""]
    assert bgm("241", "DF1", None) == ["BGM", "241", "DF1", "9", ""]


@pytest.mark.parametrize(
    ("version", "release"), [("D01B", "01B"), ("D:01B", "01B"), ("D96A", "96A"), (None, "96A")]
)
def test_contrl_names_the_directory_of_the_acknowledged_messages(
    version: str | None, release: str
) -> None:
    assert directory_release({"acknowledged_version": version}) == release
