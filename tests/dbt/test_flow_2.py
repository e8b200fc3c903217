"""Flow 2: fulfilment exceptions → events (fulfillment_exception) and user_attributes."""

from __future__ import annotations

from . import story
from .conftest import Build

COLUMNS = ("flow", "external_id", "name", "time", "properties")
ATTRIBUTE_COLUMNS = (
    "flow",
    "external_id",
    "order_delayed",
    "delayed_order_id",
    "revised_delivery_date",
)


def _rows(build: Build, table: str, columns: tuple[str, ...], flow: str) -> dict:
    return {
        key: {column: row[column] for column in columns}
        for key, row in build.marts[table].items()
        if row["flow"] == flow
    }


def test_phase_1_events_are_the_exceptions_known_at_as_of(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    assert _rows(first, "events", COLUMNS, "2") == story.EVENTS_1


def test_phase_1_attributes_change_with_open_exceptions(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    assert _rows(first, "user_attributes", ATTRIBUTE_COLUMNS, "2") == story.ATTRIBUTES_1


def test_phase_2_adds_only_the_new_rows(builds: tuple[Build, Build]) -> None:
    _, second = builds
    assert _rows(second, "events", COLUMNS, "2") == story.EVENTS_1 | story.EVENTS_2
    assert (
        _rows(second, "user_attributes", ATTRIBUTE_COLUMNS, "2")
        == story.ATTRIBUTES_1 | story.ATTRIBUTES_2
    )
