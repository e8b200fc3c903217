"""Marts are incremental (DESIGN §3): a later build adds rows and never changes old ones."""

from __future__ import annotations

import datetime as dt
import re

from . import story
from .conftest import Build


def _moment(text: str) -> dt.datetime:
    """ready_at is a UTC timestamp without a time zone."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def test_every_row_is_ready_at_the_as_of_of_the_build_that_created_it(
    builds: tuple[Build, Build],
) -> None:
    first, second = builds
    for table, rows in first.marts.items():
        assert {row["ready_at"] for row in rows.values()} <= {_moment(story.AS_OF_1)}, table
    for table, rows in second.marts.items():
        for key, row in rows.items():
            expected = story.AS_OF_1 if key in first.marts[table] else story.AS_OF_2
            assert row["ready_at"] == _moment(expected), (table, key)


def test_old_rows_are_kept_unchanged(builds: tuple[Build, Build]) -> None:
    first, second = builds
    for table, rows in first.marts.items():
        assert rows, f"the story has rows for {table}"
        for key, row in rows.items():
            assert second.marts[table][key] == row, (table, key)


def test_the_data_tests_ran_and_passed(builds: tuple[Build, Build]) -> None:
    for build in builds:
        assert "assert_no_repeated_send" in build.output
        assert "assert_flow_5_offer_matrix" in build.output
        assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 ", build.output), build.output


def test_a_rerun_with_nothing_new_adds_nothing(builds: tuple[Build, Build], rerun: Build) -> None:
    _, second = builds
    assert rerun.marts == second.marts
